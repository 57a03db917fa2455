import { type AgingConfig, agingBuckets, bucketForDays, DEFAULT_AGING, daysPastDue } from '../../../shared/aging/aging-buckets';
import { agingPalette } from '../../../shared/aging/aging-palette';
import type { SelectedInvoiceView } from '../../../shared/api/sidebar-contract';
import { isSettled } from '../../../shared/invoice';
import { describeRowIssue, type LedgerOptions, readLedger, SKIPPED_KIND_WORDS } from '../../../shared/ledger/read-ledger';
import { formatMoney, sumMoney } from '../../../shared/money/money';
import type { CalendarDate } from '../../../shared/time/calendar-date';

export interface Selection {
  sheetName: string;
  /** 1-based sheet row of the active cell. */
  row: number;
  /** The sheet's values from A1, as getDataRange().getValues() returns them. */
  values: readonly (readonly unknown[])[];
}

/**
 * What the sidebar shows for the selected row: the invoice with its age and bucket, or why
 * there is none. Pure: the entry point reads the sheet and the clock and passes them in.
 */
export function describeSelection(
  selection: Selection,
  options: LedgerOptions,
  today: CalendarDate,
  locale: string,
  aging: AgingConfig = DEFAULT_AGING,
): SelectedInvoiceView {
  const { sheetName, row } = selection;
  const readout = readLedger(selection.values, options);
  if (!readout.ok) return { state: 'no-ledger', sheetName, message: readout.error };
  const { header, invoices, issues, skipped } = readout.value;
  if (row <= header.rowIndex + 1) return { state: 'header-row', sheetName, row };

  const invoice = invoices.find((i) => i.row === row);
  if (!invoice) {
    const skip = skipped.find((s) => s.row === row);
    const reasons = skip
      ? [`This row is ${SKIPPED_KIND_WORDS[skip.reason]}.`]
      : issues.filter((i) => i.row === row).map((i) => `${describeRowIssue(i)}.`);
    return { state: 'not-an-invoice', sheetName, row, reasons: reasons.length > 0 ? reasons : ['This row is below the ledger.'] };
  }

  const days = daysPastDue(invoice.dueDate, today);
  const buckets = agingBuckets(aging);
  const bucket = bucketForDays(days, buckets);
  // The badge wears the color the row has in the sheet.
  const color = agingPalette(buckets).find((c) => c.bucketId === bucket.id);
  const customerOpen = invoices.filter(
    (i) => i.customer === invoice.customer && !isSettled(i) && i.balance.currency === invoice.balance.currency,
  );
  return {
    state: 'invoice',
    sheetName,
    row,
    invoice: {
      invoiceNumber: invoice.invoiceNumber,
      customer: invoice.customer,
      ...(invoice.contactEmail !== undefined && { contactEmail: invoice.contactEmail }),
      ...(invoice.contactName !== undefined && { contactName: invoice.contactName }),
      ...(invoice.invoiceDate !== undefined && { invoiceDate: invoice.invoiceDate }),
      dueDate: invoice.dueDate,
      amount: formatMoney(invoice.amount, locale),
      balance: formatMoney(invoice.balance, locale),
      status: invoice.status,
      ...(invoice.timeZone !== undefined && { timeZone: invoice.timeZone }),
    },
    daysPastDue: days,
    bucket: { id: bucket.id, label: bucket.label, background: color?.background ?? '#ffffff', text: color?.text ?? '#202124' },
    customerOpen: {
      count: customerOpen.length,
      total: formatMoney(
        sumMoney(
          customerOpen.map((i) => i.balance),
          invoice.balance.currency,
        ),
        locale,
      ),
    },
    warnings: issues.filter((i) => i.row === row).map((i) => `${describeRowIssue(i)}.`),
  };
}
