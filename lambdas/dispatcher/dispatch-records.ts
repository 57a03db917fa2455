import type { InvoiceScope } from '../store/keys';
import type { ReminderRecord, SendBatchRecord } from '../store/records';
import { type Actor, auditBody } from '../services/service-deps';
import type { AuditEventBody } from '../audit/hash-chain';

/** Who the audit trail names for what the dispatcher and its sweeps do. */
export const dispatcherActor = (tenant: string): Actor => ({
  principal: { sub: 'dispatcher', email: 'dispatcher', tenant },
  source: 'dispatcher',
});

export const iso = (ms: number) => new Date(ms).toISOString();

export const scopeOf = (r: Pick<ReminderRecord, 'tenant' | 'ledgerId' | 'invoiceNumber'>): InvoiceScope => ({
  tenant: r.tenant,
  ledgerId: r.ledgerId,
  invoiceNumber: r.invoiceNumber,
});

/** A reminder with no run holding it: no owner, lease, review deadline or pending follow-up. */
export function clearLease(r: ReminderRecord): ReminderRecord {
  const { owner: _o, leaseUntil: _l, reviewAt: _r, followUpAt: _f, ...rest } = r;
  return rest;
}

export const dispatchEvent = (actor: Actor, now: number, type: string, data: Record<string, unknown>, id?: string): AuditEventBody => ({
  ...auditBody(actor, type, data, iso(now)),
  ...(id && { id }),
});

/** The one email.sent event per reminder of a batch, whoever records it. */
export const sentEventId = (batchId: string, stepId: string) => `email.sent:${batchId}:${stepId}`;

/**
 * One index query asked of every shard at once, the answers in shard order: a run waits for a
 * round per family instead of one query after another (8 shards x 6 families).
 */
export async function acrossShards<T>(shards: number, query: (shard: number) => Promise<T[]>): Promise<T[]> {
  return (await Promise.all(Array.from({ length: shards }, (_, shard) => query(shard)))).flat();
}

/**
 * The email.attempted event of one reminder of a batch: what was tried, to whom, in which
 * batch. Written only when an email is not known to have gone (SES refused it, its answer was
 * lost, a run died after writing the batch), since email.sent says the same of one that went.
 */
export const attemptEvent = (actor: Actor, now: number, batch: SendBatchRecord, stepId: string): AuditEventBody =>
  dispatchEvent(
    actor,
    now,
    'email.attempted',
    { stepId, to: batch.to, batchId: batch.batchId, ...batch.about },
    `email.attempted:${batch.batchId}:${stepId}`,
  );
