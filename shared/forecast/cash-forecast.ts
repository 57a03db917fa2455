import * as z from 'zod';
import { type InvoiceStatus, isSettled } from '../invoice';
import { type Money, zero } from '../money/money';
import { addDays, CalendarDate, compareDates, daysBetween } from '../time/calendar-date';

/**
 * What the backend knows that the sheet does not: how each customer pays (average days late,
 * promises kept of those decided), each invoice's promise still running, and invoices held
 * apart (a dispute or bankruptcy recorded in the sidebar while the sheet still says "Open").
 */
export const ForecastInputs = z.object({
  customers: z.array(
    z.object({
      customer: z.string(),
      averageDaysLate: z.number().min(0).optional(),
      promisesKept: z.number().int().min(0),
      promisesDecided: z.number().int().min(0),
    }),
  ),
  invoices: z.array(
    z.object({
      invoiceNumber: z.string(),
      /** A promise not yet kept or broken: its day, and its amount when less than the balance. */
      promise: z.object({ promisedFor: CalendarDate, amountMinor: z.number().int().min(0).optional() }).optional(),
      apart: z.enum(['disputed', 'bankrupt']).optional(),
    }),
  ),
});
export type ForecastInputs = z.infer<typeof ForecastInputs>;

export const NO_FORECAST_INPUTS: ForecastInputs = { customers: [], invoices: [] };

export interface ForecastInvoice {
  invoiceNumber: string;
  customer: string;
  dueDate: CalendarDate;
  balance: Money;
  status: InvoiceStatus;
}

export interface CashForecast {
  currency: string;
  /** Late beyond the customer's usual: expected when collected, not in any week. */
  overdue: Money;
  /** Week 1 starts on the day of the forecast. */
  weeks: { start: CalendarDate; end: CalendarDate; expected: Money }[];
  /** Expected after the last week. */
  later: Money;
  /** Not forecast: in dispute, or owed by a bankrupt customer. */
  disputed: Money;
  bankrupt: Money;
  /** Every open balance: overdue, the weeks, later, disputed and bankrupt add up to it. */
  open: Money;
}

export const FORECAST_WEEKS = 12;

/** How the figures are reached, in one sentence, written under the forecast. */
export const FORECAST_METHOD =
  "Each open balance is expected on its due date plus its customer's average days late (overdue, with no week, once that day has passed), a promise to pay on its day (this week if that has passed) weighted by the share of that customer's past promises kept (in full without a record), and the rest of a promised balance on the later of the two days; disputed and bankrupt balances are not forecast.";

/**
 * Expected receipts per week for the next weeks, per currency (amounts in different currencies
 * are never added). The one function that decides the forecast; the report only lays it out.
 */
export function cashForecast(
  invoices: readonly ForecastInvoice[],
  inputs: ForecastInputs,
  asOf: CalendarDate,
  weekCount = FORECAST_WEEKS,
): CashForecast[] {
  const customers = new Map(inputs.customers.map((c) => [c.customer.toLowerCase(), c]));
  const extra = new Map(inputs.invoices.map((i) => [i.invoiceNumber, i]));
  const byCurrency = new Map<string, CashForecast>();
  const forecastOf = (currency: string): CashForecast => {
    let f = byCurrency.get(currency);
    if (!f) {
      const weeks = Array.from({ length: weekCount }, (_, i) => ({
        start: addDays(asOf, 7 * i),
        end: addDays(asOf, 7 * i + 6),
        expected: zero(currency),
      }));
      const none = zero(currency);
      f = { currency, overdue: none, weeks, later: none, disputed: none, bankrupt: none, open: none };
      byCurrency.set(currency, f);
    }
    return f;
  };
  const addTo = (f: CashForecast, on: CalendarDate, minor: number, whenPassed: 'this week' | 'overdue') => {
    if (whenPassed === 'overdue' && compareDates(on, asOf) < 0) {
      f.overdue = { ...f.overdue, minor: f.overdue.minor + minor };
      return;
    }
    const week = Math.floor(Math.max(0, daysBetween(asOf, on)) / 7);
    const slot = f.weeks[week];
    if (slot) slot.expected = { ...slot.expected, minor: slot.expected.minor + minor };
    else f.later = { ...f.later, minor: f.later.minor + minor };
  };

  for (const invoice of invoices) {
    if (isSettled(invoice)) continue;
    const f = forecastOf(invoice.balance.currency);
    const balance = invoice.balance.minor;
    f.open = { ...f.open, minor: f.open.minor + balance };
    const known = extra.get(invoice.invoiceNumber);
    const apart = known?.apart ?? (invoice.status === 'disputed' || invoice.status === 'bankrupt' ? invoice.status : undefined);
    if (apart) {
      f[apart] = { ...f[apart], minor: f[apart].minor + balance };
      continue;
    }
    const record = customers.get(invoice.customer.toLowerCase());
    const usual = addDays(invoice.dueDate, Math.round(record?.averageDaysLate ?? 0));
    const promise = known?.promise;
    if (!promise) {
      addTo(f, usual, balance, 'overdue');
      continue;
    }
    const keptShare = record && record.promisesDecided > 0 ? record.promisesKept / record.promisesDecided : 1;
    const promised = Math.round(Math.min(promise.amountMinor ?? balance, balance) * keptShare);
    // A promise's day still inside its grace is this week's: the customer said so.
    addTo(f, promise.promisedFor, promised, 'this week');
    addTo(f, compareDates(usual, promise.promisedFor) < 0 ? promise.promisedFor : usual, balance - promised, 'this week');
  }
  return [...byCurrency.values()].sort((a, b) => b.open.minor - a.open.minor);
}
