import { DeleteIdentityCommand, GetIdentityDkimAttributesCommand, type SESClient, VerifyDomainDkimCommand } from '@aws-sdk/client-ses';
import type { SenderState } from '../../shared/api/tenant-contract';
import type { SendingDomains } from '../services/ports/sending-domains';

/**
 * SES's domain identities through its v1 API, the client the stack already uses: VerifyDomainDkim
 * adds the domain as an identity and returns its Easy DKIM tokens (the domain counts as verified
 * once they are found, with no TXT record), GetIdentityDkimAttributes says whether they were.
 */
export class SesSendingDomains implements SendingDomains {
  constructor(private readonly ses: SESClient) {}

  async start(domain: string) {
    const { DkimTokens } = await this.ses.send(new VerifyDomainDkimCommand({ Domain: domain }));
    return { dkimTokens: DkimTokens ?? [] };
  }

  async state(domain: string): Promise<SenderState> {
    const { DkimAttributes } = await this.ses.send(new GetIdentityDkimAttributesCommand({ Identities: [domain] }));
    const status = DkimAttributes?.[domain]?.DkimVerificationStatus;
    if (status === 'Success') return 'verified';
    // TemporaryFailure and Pending are retried by SES itself; NotStarted and a missing identity wait for start().
    return status === 'Failed' ? 'failed' : 'pending';
  }

  async remove(domain: string) {
    await this.ses.send(new DeleteIdentityCommand({ Identity: domain }));
  }
}
