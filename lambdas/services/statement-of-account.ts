import type { LedgerSettings } from '../../shared/api/contract';
import { debtorLocale } from '../../shared/locale/debtor-locale';
import { type Result, ok } from '../../shared/result';
import { composeStatement, type StatementContent, statementFileName } from '../../shared/statements/compose-statement';
import type { CalendarDate } from '../../shared/time/calendar-date';
import type { InvoiceRecord } from '../store/records';
import { creditorOf, payableFacts } from './document-facts';

export interface StatementOfAccount {
  content: StatementContent;
  fileName: string;
}

/**
 * The statement of account of one invoice's customer as of a day: every open invoice of theirs
 * in that invoice's currency, in the debtor's locale, named for the customer and the day. One
 * function for the sidebar's statement and the one a reminder step attaches, so both list and
 * name the same things, and the same inputs give the same PDF.
 */
export function statementOfAccount(
  settings: LedgerSettings,
  record: InvoiceRecord,
  customerRecords: readonly InvoiceRecord[],
  today: CalendarDate,
): Result<StatementOfAccount> {
  const composed = composeStatement({
    today,
    locale: debtorLocale(record.snapshot.timeZone, settings.timeZone),
    currency: record.snapshot.balance.currency,
    aging: settings.aging,
    creditor: creditorOf(settings),
    customer: {
      name: record.snapshot.customer,
      ...(record.snapshot.contactName && { contactName: record.snapshot.contactName }),
      ...(record.snapshot.contactEmail && { contactEmail: record.snapshot.contactEmail }),
    },
    invoices: customerRecords.map((r) => payableFacts(r, settings.paymentLink)),
  });
  if (!composed.ok) return composed;
  return ok({ content: composed.value, fileName: statementFileName(record.snapshot.customer, today) });
}
