import { type ChainedEvent, verifyChain } from '../audit/hash-chain';
import type { Clock } from '../clock';
import type { RawMessages } from '../inbound/raw-messages';
import type { TenantRecord } from '../store/tenant-records';
import type { SendingDomains } from './ports/sending-domains';
import type { StoredItem, TenantData } from './ports/tenant-data';
import type { TenantStore } from './ports/tenant-store';

/**
 * How long a deleted team's audit events are kept: seven years. The limitation period for a claim
 * on an invoice is six years in England and Wales (Limitation Act 1980 s.5) and three to six in
 * most US states; a year more lets a claim brought at its end be answered. Within it a contact may
 * still be disputed in court, by the team or by its customer, and the chain is the proof of what
 * was sent and when; the GDPR lets data needed for legal claims be kept (Art. 17(3)(e)). It is
 * also how long the audit checkpoints' Object Lock keeps their hashes, and what the privacy
 * policy says. Nothing serves the events meanwhile (the team is gone, so no request reaches
 * them); DynamoDB's TTL removes them after.
 */
export const AUDIT_RETENTION_YEARS = 7;

export interface ChainCheck {
  ledgerId: string;
  invoiceNumber: string;
  events: number;
  /** The last event's hash: what a checkpoint or a printed evidence pack can be compared with. */
  head: string;
  verified: boolean;
  /** Where and why the chain fails to verify. */
  problem?: string;
}

export interface TeamExport {
  tenantId: string;
  exportedAt: string;
  team?: TenantRecord;
  mainItems: StoredItem[];
  auditEvents: ChainedEvent[];
  verification: { chains: ChainCheck[]; events: number; verified: number; broken: number };
}

/** A chain's place, read back from its key (`T#<team>#L#<ledger>#I#<invoice>`, each part URL-encoded). */
function chainOf(pk: string): { tenant: string; ledgerId: string; invoiceNumber: string } | undefined {
  const m = /^T#([^#]*)#L#([^#]*)#I#([^#]*)$/.exec(pk);
  return m?.[1] !== undefined && m[2] !== undefined && m[3] !== undefined
    ? { tenant: decodeURIComponent(m[1]), ledgerId: decodeURIComponent(m[2]), invoiceNumber: decodeURIComponent(m[3]) }
    : undefined;
}

/**
 * Everything the team has, for its owner on request: every main-table item (invoices, reminders,
 * settings, letters, logs), every audit event, and each chain verified as the sidebar verifies it
 * (an event is judged where it is stored, whatever its attributes say).
 */
export async function exportTeam(deps: { data: TenantData; tenants: Pick<TenantStore, 'getTenant'>; clock: Clock }, tenantId: string) {
  const [team, mainItems, stored] = await Promise.all([
    deps.tenants.getTenant(tenantId),
    deps.data.mainItems(tenantId),
    deps.data.auditEvents(tenantId),
  ]);
  const chains = new Map<string, ChainedEvent[]>();
  for (const { pk, expiresAt: _kept, ...event } of stored) chains.set(pk, [...(chains.get(pk) ?? []), event]);
  const checks: ChainCheck[] = [...chains].map(([pk, events]) => {
    const place = chainOf(pk);
    const sorted = [...events].sort((a, b) => a.seq - b.seq).map((e) => ({ ...e, ...place }));
    const broken = place ? verifyChain(sorted) : { seq: 0, reason: `its key ${pk} names no invoice` };
    return {
      ledgerId: place?.ledgerId ?? '',
      invoiceNumber: place?.invoiceNumber ?? '',
      events: sorted.length,
      head: sorted.at(-1)?.hash ?? '',
      verified: !broken,
      ...(broken && { problem: `event ${broken.seq}: ${broken.reason}` }),
    };
  });
  checks.sort((a, b) => a.ledgerId.localeCompare(b.ledgerId) || a.invoiceNumber.localeCompare(b.invoiceNumber));
  const result: TeamExport = {
    tenantId,
    exportedAt: new Date(deps.clock.now()).toISOString(),
    ...(team && { team }),
    mainItems,
    // Chain by chain, each in its order: as a person reading the file would follow them.
    auditEvents: [...chains].sort(([a], [b]) => a.localeCompare(b)).flatMap(([, events]) => [...events].sort((x, y) => x.seq - y.seq)),
    verification: {
      chains: checks,
      events: stored.length,
      verified: checks.filter((c) => c.verified).length,
      broken: checks.filter((c) => !c.verified).length,
    },
  };
  return result;
}

export interface DeletionDeps {
  data: TenantData;
  tenants: Pick<TenantStore, 'getTenant'>;
  /** The email service's domain identities: a team's own sending domain is removed with it. */
  domains?: SendingDomains;
  /** Where received replies are stored as they came (the inbound bucket): the team's go with it. */
  replies?: Pick<RawMessages, 'remove'>;
  clock: Clock;
}

export interface DeletionSummary {
  tenantId: string;
  mainItemsDeleted: number;
  auditEventsKept: number;
  auditKeptUntil: string;
  /** The team's sending domain, removed from the email service. */
  domainRemoved?: string;
  /** The replies its customers sent, deleted as received (each recorded on an invoice's trail). */
  repliesDeleted?: number;
}

/**
 * Deletes a team on its request: every main-table item goes (its record first, so nobody of it is
 * let in any more), its sending domain is removed from the email service, and its audit events
 * are kept, unchanged and still verifiable, until AUDIT_RETENTION_YEARS from today, then expire.
 * Idempotent: run again (a minute later, once every warm function has forgotten the team) it
 * deletes whatever a request or dispatcher run in flight wrote meanwhile, and keeps the new events.
 */
export async function deleteTeam(deps: DeletionDeps, tenantId: string, requestedBy: string): Promise<DeletionSummary> {
  const now = new Date(deps.clock.now());
  const keptUntil = new Date(now);
  keptUntil.setUTCFullYear(keptUntil.getUTCFullYear() + AUDIT_RETENTION_YEARS);
  const team = await deps.tenants.getTenant(tenantId);
  const [items, events] = await Promise.all([deps.data.mainItems(tenantId), deps.data.auditEvents(tenantId)]);
  // The retention is set before anything is deleted: a deletion that stops half-way never leaves events kept for ever.
  await deps.data.expireAuditEvents(
    events.map(({ pk, seq }) => ({ pk, seq })),
    Math.floor(keptUntil.getTime() / 1000),
  );
  const isRecord = (i: StoredItem) => i.sk === 'TENANT' && i.pk.startsWith('T#');
  await deps.data.deleteMainItems(items.filter(isRecord).map(({ pk, sk }) => ({ pk, sk })));
  await deps.data.deleteMainItems(items.filter((i) => !isRecord(i)).map(({ pk, sk }) => ({ pk, sk })));
  const domain = team?.sender?.domain;
  if (domain && deps.domains) await deps.domains.remove(domain);
  const replies = receivedReplies(events);
  if (deps.replies) await deps.replies.remove(replies);
  const summary: DeletionSummary = {
    tenantId,
    mainItemsDeleted: items.length,
    auditEventsKept: events.length,
    auditKeptUntil: keptUntil.toISOString(),
    ...(domain && deps.domains && { domainRemoved: domain }),
    ...(deps.replies && { repliesDeleted: replies.length }),
  };
  await deps.data.putDeletionRecord({
    tenantId,
    ...(team && { name: team.name }),
    deletedAt: now.toISOString(),
    requestedBy,
    mainItemsDeleted: summary.mainItemsDeleted,
    auditEventsKept: summary.auditEventsKept,
    auditKeptUntil: summary.auditKeptUntil,
    ...(summary.repliesDeleted !== undefined && { repliesDeleted: summary.repliesDeleted }),
  });
  return summary;
}

/**
 * The stored messages of the replies recorded on the team's invoices (email.replied names each by
 * its SES message id). The event keeps who wrote, when, the new words and the message's hash, for
 * the audit's years; the message as received (headers, quoted text, attachments) goes now.
 */
function receivedReplies(events: readonly ChainedEvent[]): string[] {
  const ids = events.flatMap((e) => (e.type === 'email.replied' && typeof e.data.rawMessage === 'string' ? [e.data.rawMessage] : []));
  return [...new Set(ids)];
}
