import { latestPromise } from '../../shared/escalation/next-step';
import { isSettled } from '../../shared/invoice';
import { compareDates } from '../../shared/time/calendar-date';
import type { CalendarDate } from '../../shared/time/calendar-date';
import type { LedgerSettings } from '../../shared/api/contract';
import type { InvoiceScope } from '../store/keys';
import type { InvoiceRecord } from '../store/records';
import { changeInvoice, type ChangeContext } from './invoice-updates';
import { ledgerToday } from './reminder-planner';
import { type Actor, auditBody, LEDGER_CHAIN, type ServiceDeps } from './service-deps';
import type { InvoiceStore } from './ports/invoice-store';
import type { ReminderStore } from './ports/reminder-store';

/** The main table's ports this module uses. */
type Stores = InvoiceStore & ReminderStore;

/** The promised day of an open invoice's promise that is broken and not yet recorded as such. */
export function unrecordedBrokenPromise(record: InvoiceRecord, settings: LedgerSettings, nowMs: number): CalendarDate | undefined {
  if (isSettled(record.snapshot)) return undefined;
  const promise = latestPromise(record.escalation, settings.ladder);
  if (!promise || compareDates(ledgerToday(settings, nowMs), promise.brokenOn) < 0) return undefined;
  const recorded = record.escalation.some((e) => e.type === 'promise_broken' && e.promisedFor === promise.promisedFor);
  return recorded ? undefined : promise.promisedFor;
}

/**
 * Records, once, that a promise was not kept: `promise.broken` on the invoice's chain (the
 * planner has already put a call about it first), and on the ledger's chain, where the daily
 * digest finds it for the team.
 */
export async function recordBrokenPromise(
  deps: ServiceDeps<Stores>,
  actor: Actor,
  scope: InvoiceScope,
  context: ChangeContext,
  record: InvoiceRecord,
  promisedFor: CalendarDate,
): Promise<void> {
  const on = ledgerToday(context.settings, deps.clock.now());
  const outcome = await changeInvoice(
    deps,
    actor,
    scope,
    context,
    (current) => {
      if (!current || current.escalation.some((e) => e.type === 'promise_broken' && e.promisedFor === promisedFor)) return undefined;
      current.escalation.push({ type: 'promise_broken', promisedFor, on });
      const amount = current.escalation.filter((e) => e.type === 'promise').at(-1);
      return {
        record: current,
        events: [
          { type: 'promise.broken', data: { promisedFor, ...(amount?.type === 'promise' && amount.amount && { amount: amount.amount }) } },
        ],
      };
    },
    record,
  );
  if (!outcome) return;
  const at = new Date(deps.clock.now()).toISOString();
  await deps.audit.append(
    { ...scope, invoiceNumber: LEDGER_CHAIN },
    auditBody(actor, 'promise.broken', { invoiceNumber: scope.invoiceNumber, customer: record.snapshot.customer, promisedFor }, at),
  );
}
