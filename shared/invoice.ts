import * as z from 'zod';
import { InvoiceAmount } from './money/money';
import { PaymentLink } from './payments/payment-link';
import { EmailAddress, singleLine } from './text';
import { TimeZone } from './time/business-hours';
import { CalendarDate } from './time/calendar-date';

/**
 * Where an invoice stands. open/partial are chased; every other state stops automated email
 * (paid, or a human reason: a dispute, a promise, a hold, insolvency, a do-not-contact request).
 */
export const InvoiceStatus = z.enum(['open', 'partial', 'paid', 'disputed', 'promised', 'on_hold', 'bankrupt', 'do_not_contact']);
export type InvoiceStatus = z.infer<typeof InvoiceStatus>;

export const CHASEABLE_STATUSES: readonly InvoiceStatus[] = ['open', 'partial'];

export const Invoice = z.object({
  invoiceNumber: singleLine(64).pipe(z.string().min(1, 'is empty')),
  customer: singleLine(200)
    .pipe(z.string().min(1, 'is empty'))
    // The customer names a stored key (pauses, bankruptcies), and DynamoDB sort keys hold 1,024 bytes.
    .refine((s) => encodeURIComponent(s.toLowerCase()).length <= 900, { message: 'is too long to keep as a customer name; shorten it' }),
  contactEmail: EmailAddress.optional(),
  contactName: singleLine(200).optional(),
  invoiceDate: CalendarDate.optional(),
  dueDate: CalendarDate,
  amount: InvoiceAmount,
  balance: InvoiceAmount,
  status: InvoiceStatus,
  /** The debtor's zone for business hours; the ledger's when absent. */
  timeZone: TimeZone.optional(),
  /** The row's own "pay online" link, from the team's invoicing tool; the team's template when absent. */
  paymentLink: PaymentLink.optional(),
});
export type Invoice = z.infer<typeof Invoice>;

/** True when nothing is owed any more: aging and chasing ignore it. */
export function isSettled(invoice: Pick<Invoice, 'status' | 'balance'>): boolean {
  return invoice.status === 'paid' || invoice.balance.minor <= 0;
}
