import { createHash } from 'node:crypto';
import type { SenderState } from '../../shared/api/tenant-contract';
import { dkimRecords, type SendingDomains } from '../services/ports/sending-domains';

/** The DNS of the teams' domains, on this machine: the workbench publishes a team's records in it. */
export class LocalDns {
  private readonly cnames = new Map<string, string>();
  publish(records: readonly { name: string; value: string }[]) {
    for (const r of records) this.cnames.set(r.name.toLowerCase(), r.value);
  }
  unpublish(names: readonly string[]) {
    for (const n of names) this.cnames.delete(n.toLowerCase());
  }
  cname(name: string): string | undefined {
    return this.cnames.get(name.toLowerCase());
  }
}

/**
 * SES's domain identities where SES cannot run: as SES does, the same domain keeps its tokens
 * until removed, and it is verified only once every CNAME is found in DNS (here, LocalDns).
 */
export class LocalSendingDomains implements SendingDomains {
  private readonly identities = new Map<string, string[]>();
  constructor(readonly dns: LocalDns = new LocalDns()) {}

  start(domain: string) {
    const known = this.identities.get(domain);
    const dkimTokens = known ?? [1, 2, 3].map((i) => createHash('sha256').update(`${domain}#${i}`).digest('hex').slice(0, 32));
    this.identities.set(domain, dkimTokens);
    return Promise.resolve({ dkimTokens });
  }

  state(domain: string): Promise<SenderState> {
    const tokens = this.identities.get(domain);
    if (!tokens) return Promise.resolve('pending');
    const found = dkimRecords(domain, tokens).every((r) => this.dns.cname(r.name) === r.value);
    return Promise.resolve(found ? 'verified' : 'pending');
  }

  remove(domain: string) {
    this.identities.delete(domain);
    return Promise.resolve();
  }

  /** The workbench's stand-in for a team editing its DNS: every known domain's records published. */
  publishAll(): string[] {
    for (const [domain, tokens] of this.identities) this.dns.publish(dkimRecords(domain, tokens));
    return this.known();
  }

  /** Which domains the email service knows now (a test checks the way back removes them). */
  known(): string[] {
    return [...this.identities.keys()];
  }
}
