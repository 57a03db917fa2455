import type { Invoice } from '../invoice';
import { type CalendarDate, addDays } from '../time/calendar-date';

type DsoInvoice = Pick<Invoice, 'invoiceDate' | 'amount' | 'balance' | 'status'>;

export interface DsoResult {
  /** Days sales outstanding, one decimal; null when nothing was invoiced in the period. */
  days: number | null;
  receivablesMinor: number;
  creditSalesMinor: number;
  periodDays: number;
}

/**
 * The standard (period-end) DSO: receivables at the end of the period divided by credit sales
 * in the period, times the period's days. Invoices without an invoice date cannot be placed
 * in a period and are left out of the sales figure; their balances still count as receivables.
 * Single currency: callers pass the invoices of one summary.
 */
export function computeDso(invoices: readonly DsoInvoice[], periodEnd: CalendarDate, periodDays = 90): DsoResult {
  const periodStart = addDays(periodEnd, -periodDays + 1);
  let receivablesMinor = 0;
  let creditSalesMinor = 0;
  for (const inv of invoices) {
    if (inv.invoiceDate !== undefined && inv.invoiceDate > periodEnd) continue;
    if (inv.status !== 'paid' && inv.balance.minor > 0) receivablesMinor += inv.balance.minor;
    if (inv.invoiceDate !== undefined && inv.invoiceDate >= periodStart) creditSalesMinor += inv.amount.minor;
  }
  const days = creditSalesMinor > 0 ? Math.round((receivablesMinor / creditSalesMinor) * periodDays * 10) / 10 : null;
  return { days, receivablesMinor, creditSalesMinor, periodDays };
}
