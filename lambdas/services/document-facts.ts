import type { LedgerSettings } from '../../shared/api/contract';
import { paymentLinkFor } from '../../shared/payments/payment-link';
import type { InvoiceRecord } from '../store/records';

/*
 * What letters, statements and evidence packs say of the team and of an invoice, one way for
 * all of them (and for the dispatcher, which attaches statements to reminders).
 */

/** Who a letter or a statement is from, as the team set it in Settings. */
export function creditorOf(settings: LedgerSettings) {
  return {
    name: settings.ledgerName || settings.senderName,
    signature: settings.signature || settings.senderName,
    replyTo: settings.replyTo,
    paymentInstructions: settings.paymentInstructions,
  };
}

/** An invoice as letters and evidence packs list it. */
export function invoiceFacts(r: InvoiceRecord) {
  return {
    invoiceNumber: r.invoiceNumber,
    ...(r.snapshot.invoiceDate && { invoiceDate: r.snapshot.invoiceDate }),
    dueDate: r.snapshot.dueDate,
    amount: r.snapshot.amount,
    balance: r.snapshot.balance,
  };
}

/** The same, with its pay-online link (the row's own, else the team's template) for letters and statements. */
export function payableFacts(r: InvoiceRecord, paymentLinkTemplate: string | undefined) {
  const paymentLink = paymentLinkFor({ ...r.snapshot, invoiceNumber: r.invoiceNumber }, paymentLinkTemplate);
  return { ...invoiceFacts(r), ...(paymentLink && { paymentLink }) };
}
