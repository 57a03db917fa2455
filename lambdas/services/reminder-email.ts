import type { EmailTemplate, LedgerSettings } from '../../shared/api/contract';
import { DEFAULT_TEMPLATES } from '../../shared/email/default-templates';
import { paymentLinkFor } from '../../shared/payments/payment-link';
import type { EmailInvoice } from '../../shared/email/render-email';
import { type CalendarDate, daysBetween } from '../../shared/time/calendar-date';
import type { InvoiceRecord } from '../store/records';

/** The ledger's own template for a step, else the built-in one: what the dispatcher and the preview render. */
export function templateFor(settings: LedgerSettings, templateId: string): EmailTemplate {
  const template = settings.templates[templateId] ?? DEFAULT_TEMPLATES[templateId] ?? DEFAULT_TEMPLATES.overdue;
  if (!template) throw new Error('no email template to render');
  return template;
}

/** One invoice as an email lists it, aged on the day the email goes, with its pay-online link if any. */
export function emailInvoiceOf(record: InvoiceRecord, on: CalendarDate, settings: Pick<LedgerSettings, 'paymentLink'>): EmailInvoice {
  const paymentLink = paymentLinkFor({ ...record.snapshot, invoiceNumber: record.invoiceNumber }, settings.paymentLink);
  return {
    invoiceNumber: record.invoiceNumber,
    amount: record.snapshot.amount,
    balance: record.snapshot.balance,
    dueDate: record.snapshot.dueDate,
    daysOverdue: Math.max(0, daysBetween(record.snapshot.dueDate, on)),
    ...(paymentLink && { paymentLink }),
  };
}

export function debtorOf(record: InvoiceRecord): { customer: string; contactName?: string } {
  return { customer: record.snapshot.customer, ...(record.snapshot.contactName && { contactName: record.snapshot.contactName }) };
}
