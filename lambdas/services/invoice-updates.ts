import type { LedgerSettings } from '../../shared/api/contract';
import type { AuditEventBody } from '../audit/hash-chain';
import type { InvoiceScope } from '../store/keys';
import type { CustomerHoldRecord, InvoiceRecord, ReminderRecord } from '../store/records';
import { type Plan, type PlanOp, planReminders } from './reminder-planner';
import { type Actor, auditBody, ServiceError, type ServiceDeps } from './service-deps';
import type { InvoiceStore } from './ports/invoice-store';
import type { ReminderStore } from './ports/reminder-store';

/** The main table's ports this module uses. */
type Stores = InvoiceStore & ReminderStore;

export type EventDraft = Pick<AuditEventBody, 'type' | 'data'>;

/** Returns the changed record and the events that say what changed, or undefined for "nothing to do". */
export type InvoiceChange = (current: InvoiceRecord | undefined) => { record: InvoiceRecord; events: EventDraft[] } | undefined;

export interface ChangeContext {
  settings: LedgerSettings;
  /** Memoized per request by the caller, so a sync of 500 invoices reads each customer once. */
  customerHold: (customer: string) => Promise<CustomerHoldRecord | undefined>;
}

export interface ChangeOutcome {
  record: InvoiceRecord;
  plan: Plan;
  cancelled: number;
}

/** Writers racing on one invoice retry with jittered back-off; past this the caller hears 409. */
const MAX_ATTEMPTS = 12;

/**
 * The one way an invoice changes: read, apply, plan reminders, write the record conditional on
 * the version read (retrying from a fresh read if someone else wrote first), then append the
 * audit events and apply the reminder plan. Reminder writes are each conditional on the state
 * they expect, so a reminder the dispatcher has just claimed is left to the dispatcher, which
 * re-reads the invoice before it sends anything.
 */
export async function changeInvoice(
  deps: ServiceDeps<Stores>,
  actor: Actor,
  scope: InvoiceScope,
  context: ChangeContext,
  change: InvoiceChange,
  prefetched?: InvoiceRecord,
  prefetchedReminders?: ReminderRecord[],
): Promise<ChangeOutcome | undefined> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
    // What the caller read goes into the first try only; a conflict reads both afresh.
    const first = attempt === 1 && prefetched ? { invoice: prefetched, reminders: prefetchedReminders } : undefined;
    const current = first ? first.invoice : await deps.main.getInvoice(scope);
    const result = change(current ? structuredClone(current) : undefined);
    if (!result) return undefined;
    const nowMs = deps.clock.now();
    const at = new Date(nowMs).toISOString();
    const reminders = current ? (first?.reminders ?? (await deps.main.reminders(scope))) : [];
    const plan = planReminders({
      record: result.record,
      reminders,
      settings: context.settings,
      customerHold: await context.customerHold(result.record.snapshot.customer),
      nowMs,
    });
    const record: InvoiceRecord = {
      ...result.record,
      escalation: [...result.record.escalation, ...plan.escalation],
      version: (current?.version ?? 0) + 1,
      updatedAt: at,
    };
    if ((await deps.main.putInvoice(record, current?.version)) === 'conflict') {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 10 * 2 ** attempt)));
      continue;
    }
    for (const draft of result.events) await deps.audit.append(scope, auditBody(actor, draft.type, draft.data, at));
    const cancelled = await applyPlan(deps, actor, scope, plan.ops, at);
    return { record, plan, cancelled };
  }
  throw new ServiceError('conflict', `Invoice ${scope.invoiceNumber} is being changed by several people at once. Try again in a moment.`);
}

const EXPECTED_BEFORE: Record<PlanOp['op'], readonly ('PENDING' | 'AWAITING_APPROVAL')[] | 'absent'> = {
  cancel: ['PENDING', 'AWAITING_APPROVAL'],
  skip: 'absent',
  schedule: 'absent',
};

/** Writes each reminder change and audits the ones that took; returns how many were cancelled. */
export async function applyPlan(
  deps: ServiceDeps<Stores>,
  actor: Actor,
  scope: InvoiceScope,
  ops: readonly PlanOp[],
  at: string,
): Promise<number> {
  let cancelled = 0;
  for (const op of ops) {
    const expected = op.op === 'schedule' ? op.expected : EXPECTED_BEFORE[op.op];
    const ifUpdatedAt = op.op === 'skip' ? undefined : op.ifUpdatedAt;
    if ((await deps.main.putReminder(op.reminder, expected, ifUpdatedAt)) !== 'ok') continue;
    const { stepId, label, sendAt } = op.reminder;
    const draft: EventDraft =
      op.op === 'schedule'
        ? { type: 'reminder.scheduled', data: { stepId, label, sendAt, state: op.reminder.state } }
        : { type: op.op === 'cancel' ? 'reminder.cancelled' : 'reminder.skipped', data: { stepId, label, reason: op.reason } };
    await deps.audit.append(scope, auditBody(actor, draft.type, draft.data, at));
    if (op.op === 'cancel') cancelled += 1;
  }
  return cancelled;
}
