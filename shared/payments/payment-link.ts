import * as z from 'zod';
import { type Money, toDecimalString } from '../money/money';
import { fillPlaceholders, placeholderProblem } from '../placeholders';
import { isWellFormedText } from '../text';

/**
 * Where a debtor can pay online. A link goes into emails (a button and a plain line), letters
 * (text and a QR code) and statements, so it is held to more than "a URL": https only (a
 * payment page over plain http, or a javascript: or data: link, is never offered), one line,
 * bounded, no user name or password in it.
 */
export const MAX_PAYMENT_LINK_LENGTH = 2000;

/** A public host name (at least one dot), and a port if any. */
const HOST = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+(?::\d{1,5})?$/i;

/** Why `text` may not be offered as a payment link, or undefined when it may. */
export function paymentLinkProblem(text: string): string | undefined {
  if (text.length > MAX_PAYMENT_LINK_LENGTH) return `must be at most ${MAX_PAYMENT_LINK_LENGTH} characters`;
  // eslint-disable-next-line no-control-regex -- control characters (CR/LF above all) are what this refuses
  if (/[\u0000-\u001f\u007f]/.test(text)) return 'must be a single line with no control characters';
  if (!isWellFormedText(text)) return 'contains half of a character (a lone UTF-16 surrogate); retype it';
  if (/\s/.test(text)) return 'must not contain spaces';
  // Apps Script's V8 has no URL class: the shape is checked here, strictly, the same in both places.
  const parts = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(.*)$/i.exec(text);
  if (!parts) return 'is not a web address such as https://pay.example.com/inv/123';
  const [, scheme = '', authority = '', rest = ''] = parts;
  if (!/^https$/i.test(scheme)) return 'must start with https:// (a payment page is never offered over plain http)';
  if (authority.includes('@')) return 'must not hold a user name or password';
  if (!HOST.test(authority)) return 'must name a host such as pay.example.com (in plain letters: an accented name in its xn-- form)';
  if (/[<>"`\\{}|^]/.test(rest)) return 'must not contain < > " ` \\ { } | or ^ (a web address writes them as %3C and so on)';
  return undefined;
}

/** A link from a ledger row or the API: refused, with the reason, when it may not be offered. */
export const PaymentLink = z.string().superRefine((text, ctx) => {
  const problem = paymentLinkProblem(text);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** What a link template may use; each value is URL-encoded where it goes. */
export const PAYMENT_LINK_PLACEHOLDERS = ['invoice_number', 'amount', 'currency', 'customer'] as const;

/** Stand-ins a template is checked with when it is saved: the filled link must be one we may offer. */
const SAMPLE: Record<(typeof PAYMENT_LINK_PLACEHOLDERS)[number], string> = {
  invoice_number: 'INV-1001',
  amount: '1234.50',
  currency: 'USD',
  customer: 'Blue Fern Cafe',
};

/** The team's template, e.g. https://pay.example.com/?invoice={{invoice_number}}&amount={{amount}}. */
export const PaymentLinkTemplate = z.string().superRefine((text, ctx) => {
  const placeholders = placeholderProblem(text, PAYMENT_LINK_PLACEHOLDERS);
  if (placeholders) {
    ctx.addIssue({ code: 'custom', message: placeholders });
    return;
  }
  const problem = paymentLinkProblem(fillLink(text, SAMPLE));
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const fillLink = (template: string, values: Record<string, string>) => fillPlaceholders(template, values, encodeURIComponent);

/** What a link is made for: one invoice, its balance and customer, and the row's own link if it has one. */
export interface PayableInvoice {
  invoiceNumber: string;
  customer: string;
  balance: Money;
  paymentLink?: string | undefined;
}

/**
 * The one place that decides an invoice's payment link, for every view (email, preview, letter,
 * statement, sidebar): the row's own link (from the invoicing tool) wins; else the team's
 * template filled with the invoice's values; else none. A filled link that may not be offered
 * (a customer name that makes it too long, say) is no link rather than a broken one.
 */
export function paymentLinkFor(invoice: PayableInvoice, template: string | undefined): string | undefined {
  if (invoice.paymentLink && paymentLinkProblem(invoice.paymentLink) === undefined) return invoice.paymentLink;
  if (!template) return undefined;
  const link = fillLink(template, {
    invoice_number: invoice.invoiceNumber,
    amount: toDecimalString(invoice.balance),
    currency: invoice.balance.currency,
    customer: invoice.customer,
  });
  return paymentLinkProblem(link) === undefined ? link : undefined;
}
