import type { ForecastInputs } from '../../shared/forecast/cash-forecast';
import { type BehaviourInvoice, paymentBehaviour } from '../../shared/escalation/payment-behaviour';
import { isSettled } from '../../shared/invoice';
import { addDays, type CalendarDate, compareDates } from '../../shared/time/calendar-date';
import type { LedgerScope } from '../store/keys';
import type { InvoiceRecord } from '../store/records';
import type { CustomerHoldStore } from './ports/customer-hold-store';
import type { InvoiceStore } from './ports/invoice-store';
import type { SettingsStore } from './ports/settings-store';
import { ledgerToday } from './reminder-planner';
import type { Actor, ServiceDeps } from './service-deps';
import { loadSettings } from './settings-service';

/** The main table's ports this module uses. */
type Stores = InvoiceStore & SettingsStore & CustomerHoldStore;

/** Pages of the ledger read at a time: the report asks once per build, not per invoice. */
const PAGE = 500;

/**
 * What the cash forecast needs from the backend's records, for the whole ledger: each
 * customer's payment record (the same `paymentBehaviour` the sidebar's card shows), each open
 * invoice's running promise, and what is held apart by a dispute or a bankruptcy.
 */
export async function forecastInputs(deps: ServiceDeps<Stores>, actor: Actor, scope: LedgerScope): Promise<ForecastInputs> {
  const settings = await loadSettings(deps, actor, scope);
  const today = ledgerToday(settings, deps.clock.now());
  const grace = settings.ladder.promiseGraceDays;
  const bankruptCustomers = new Set(
    (await deps.main.customerHolds(scope)).filter((h) => h.bankruptcy).map((h) => h.customer.toLowerCase()),
  );
  const byCustomer = new Map<string, { name: string; invoices: BehaviourInvoice[] }>();
  const invoices: ForecastInputs['invoices'] = [];
  let after: string | undefined;
  do {
    const page = await deps.main.invoicePage(scope, PAGE, after);
    for (const record of page.records) {
      const { customer } = record.snapshot;
      const key = customer.toLowerCase();
      const entry = byCustomer.get(key) ?? { name: customer, invoices: [] };
      entry.invoices.push(behaviourOf(record));
      byCustomer.set(key, entry);
      if (isSettled(record.snapshot)) continue;
      const apart = record.dispute ? 'disputed' : record.bankruptcy || bankruptCustomers.has(key) ? 'bankrupt' : undefined;
      const promise = runningPromise(record, today, grace);
      if (apart || promise) invoices.push({ invoiceNumber: record.invoiceNumber, ...(promise && { promise }), ...(apart && { apart }) });
    }
    after = page.next;
  } while (after);

  const customers = [...byCustomer.values()].map(({ name, invoices: paid }) => {
    const b = paymentBehaviour(paid, today, grace);
    return {
      customer: name,
      ...(b.averageDaysLate !== undefined && { averageDaysLate: b.averageDaysLate }),
      promisesKept: b.promises - b.brokenPromises,
      promisesDecided: b.promises,
    };
  });
  return { customers, invoices };
}

function behaviourOf(r: InvoiceRecord): BehaviourInvoice {
  return {
    dueDate: r.snapshot.dueDate,
    settled: isSettled(r.snapshot),
    ...(r.settledOn && { settledOn: r.settledOn }),
    promises: r.escalation.flatMap((e) => (e.type === 'promise' ? [{ promisedFor: e.promisedFor }] : [])),
  };
}

/** The latest promise, while it is neither found broken nor past its day and grace. */
function runningPromise(r: InvoiceRecord, today: CalendarDate, grace: number): ForecastInputs['invoices'][number]['promise'] {
  const promise = r.escalation.filter((e) => e.type === 'promise').at(-1);
  if (!promise || promise.type !== 'promise') return undefined;
  const broken = r.escalation.some((e) => e.type === 'promise_broken' && e.promisedFor === promise.promisedFor);
  if (broken || compareDates(today, addDays(promise.promisedFor, grace + 1)) >= 0) return undefined;
  return { promisedFor: promise.promisedFor, ...(promise.amount && { amountMinor: promise.amount.minor }) };
}
