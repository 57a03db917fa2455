import { isSettled, type Invoice } from '../invoice';
import { addMoney, type Money, zero } from '../money/money';
import type { CalendarDate } from '../time/calendar-date';
import { type AgingBucket, type AgingConfig, agingBuckets, bucketForDays, daysPastDue } from './aging-buckets';

export interface AgingRow {
  customer: string;
  /** One amount per bucket, in the order of `buckets`. */
  byBucket: Money[];
  total: Money;
  invoiceCount: number;
  /** This row's share of the currency's open receivables, 0..1 (display only). */
  share: number;
}

export interface AgingSummary {
  currency: string;
  asOf: CalendarDate;
  buckets: AgingBucket[];
  /** Largest balance first, then by name, so the report leads with what matters. */
  customers: AgingRow[];
  totals: AgingRow;
  /** Each bucket's share of the total, 0..1. */
  bucketShares: number[];
}

type AgeableInvoice = Pick<Invoice, 'customer' | 'dueDate' | 'balance' | 'status'>;

/**
 * Customer x bucket totals of what is still owed on `asOf`, one summary per currency (amounts
 * in different currencies are never added). Paid and zero-balance invoices are not aged;
 * disputed or promised ones are still owed and still counted.
 */
export function summarizeAging(invoices: readonly AgeableInvoice[], asOf: CalendarDate, config: AgingConfig): AgingSummary[] {
  const buckets = agingBuckets(config);
  const byCurrency = new Map<string, Map<string, AgingRow>>();

  for (const invoice of invoices) {
    if (isSettled(invoice)) continue;
    const currency = invoice.balance.currency;
    let customers = byCurrency.get(currency);
    if (!customers) byCurrency.set(currency, (customers = new Map<string, AgingRow>()));
    let row = customers.get(invoice.customer);
    if (!row) {
      row = { customer: invoice.customer, byBucket: buckets.map(() => zero(currency)), total: zero(currency), invoiceCount: 0, share: 0 };
      customers.set(invoice.customer, row);
    }
    const index = buckets.indexOf(bucketForDays(daysPastDue(invoice.dueDate, asOf), buckets));
    row.byBucket[index] = addMoney(row.byBucket[index] ?? zero(currency), invoice.balance);
    row.total = addMoney(row.total, invoice.balance);
    row.invoiceCount += 1;
  }

  return [...byCurrency.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, customers]) => {
      const rows = [...customers.values()];
      const totals: AgingRow = {
        customer: 'Total',
        byBucket: buckets.map((_, i) => rows.reduce((sum, r) => addMoney(sum, r.byBucket[i] ?? zero(currency)), zero(currency))),
        total: rows.reduce((sum, r) => addMoney(sum, r.total), zero(currency)),
        invoiceCount: rows.reduce((n, r) => n + r.invoiceCount, 0),
        share: 1,
      };
      const ratio = (m: Money) => (totals.total.minor === 0 ? 0 : m.minor / totals.total.minor);
      for (const r of rows) r.share = ratio(r.total);
      rows.sort((a, b) => b.total.minor - a.total.minor || a.customer.localeCompare(b.customer));
      return { currency, asOf, buckets, customers: rows, totals, bucketShares: totals.byBucket.map(ratio) };
    });
}
