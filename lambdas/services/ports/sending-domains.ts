import type { SenderState } from '../../../shared/api/tenant-contract';

/**
 * The email service's domain identities (SES Easy DKIM): a team's domain is added, SES gives the
 * three tokens its DNS must publish as CNAMEs, and signs for the domain once it finds them.
 */
export interface SendingDomains {
  /** Adds the domain (again, harmlessly, if it is there) and returns its DKIM tokens. */
  start(domain: string): Promise<{ dkimTokens: string[] }>;
  /** Whether the email service has found the domain's DKIM records. */
  state(domain: string): Promise<SenderState>;
  /** The email service forgets the domain: nothing can be sent from it any more. */
  remove(domain: string): Promise<void>;
}

/** The CNAMEs a team publishes for SES's Easy DKIM tokens. */
export function dkimRecords(domain: string, tokens: readonly string[]) {
  return tokens.map((token) => ({
    type: 'CNAME' as const,
    name: `${token}._domainkey.${domain}`,
    value: `${token}.dkim.amazonses.com`,
  }));
}
