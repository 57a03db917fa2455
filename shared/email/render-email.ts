import type { EmailTemplate } from '../api/contract';
import { formatForReader, type Money, sumMoney } from '../money/money';
import { fillPlaceholders } from '../placeholders';
import { pluralInvoiceWording } from './plural-wording';
import { type CalendarDate, compareDates } from '../time/calendar-date';
import { dateForReader } from '../locale/reader-date';
import { inWords } from '../text';

export interface EmailInvoice {
  invoiceNumber: string;
  amount: Money;
  balance: Money;
  dueDate: CalendarDate;
  daysOverdue: number;
  /** Where it can be paid online, as `paymentLinkFor` decided it. */
  paymentLink?: string;
}

export interface EmailTeam {
  senderName: string;
  replyTo: string;
  signature: string;
  paymentInstructions: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export const MAX_SUBJECT_LENGTH = 150;

/** What an email template may use; each is filled in as text (HTML-escaped in the HTML part). */
export const EMAIL_PLACEHOLDERS = [
  'customer',
  'contact_name',
  'invoice_number',
  'amount',
  'balance',
  'due_date',
  'days_overdue',
  'payment_instructions',
  'sender_name',
  'signature',
  'reply_to',
] as const;
export type EmailPlaceholder = (typeof EMAIL_PLACEHOLDERS)[number];

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** One line, no control characters, bounded: what may go in a header. */
export function headerSafe(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this removes
  const controls = /[\u0000-\u001f\u007f]+/g;
  const line = text.replace(controls, ' ').replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** "A-1", "A-1 and A-2", "A-1, A-2 and A-3", "A-1, A-2, A-3, A-4, A-5 and 7 more". */
function listNumbers(numbers: readonly string[]): string {
  if (numbers.length <= 1) return numbers[0] ?? '';
  const shown = numbers.length > 6 ? numbers.slice(0, 5) : numbers.slice(0, -1);
  const last = numbers.length > 6 ? `${numbers.length - 5} more` : (numbers[numbers.length - 1] ?? '');
  return inWords([...shown, last]);
}

const NO_PAY_ONLINE = { text: [] as string[], html: '' };
const BUTTON =
  'display:inline-block;padding:10px 20px;background:#1a73e8;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold';

/**
 * The pay-online part: one link for every invoice (a template without the invoice in it, or a
 * single invoice) is one button and one plain line; several links are a button per invoice,
 * each named. Invoices without a link are left out; none with one, nothing is added. Links were
 * checked where they came from (https, one line, no quotes or angle brackets) and are escaped
 * here all the same.
 */
function payOnline(invoices: readonly EmailInvoice[]): { text: string[]; html: string } {
  const byLink = new Map<string, string[]>();
  for (const { invoiceNumber, paymentLink } of invoices)
    if (paymentLink) byLink.set(paymentLink, [...(byLink.get(paymentLink) ?? []), invoiceNumber]);
  if (byLink.size === 0) return NO_PAY_ONLINE;
  const button = (link: string, label: string) =>
    `<p style="margin:16px 0"><a href="${escapeHtml(link)}" style="${BUTTON}">${escapeHtml(label)}</a></p>`;
  const [only] = byLink.keys();
  if (byLink.size === 1 && only) return { text: ['', `Pay online: ${only}`], html: button(only, 'Pay online') };
  const label = (numbers: string[]) => `Pay ${numbers.length === 1 ? 'invoice' : 'invoices'} ${inWords(numbers)} online`;
  return {
    text: ['', ...[...byLink].map(([link, numbers]) => `${label(numbers)}: ${link}`)],
    html: [...byLink].map(([link, numbers]) => button(link, label(numbers))).join(''),
  };
}

/** A grouped email's invoices, one plain line each. */
function invoiceLines(invoices: readonly EmailInvoice[], locale: string): string[] {
  return invoices.map(
    (i) =>
      `  ${i.invoiceNumber}: ${formatForReader(i.balance, locale)} due ${dateForReader(i.dueDate, locale)}${i.daysOverdue > 0 ? ` (${i.daysOverdue} days overdue)` : ''}`,
  );
}

/** The same as an HTML table, every value escaped. */
function invoiceTable(invoices: readonly EmailInvoice[], locale: string): string {
  const rows = invoices
    .map(
      (i) =>
        `<tr><td>${escapeHtml(i.invoiceNumber)}</td><td style="text-align:right">${escapeHtml(formatForReader(i.balance, locale))}</td><td>${escapeHtml(dateForReader(i.dueDate, locale))}</td><td style="text-align:right">${i.daysOverdue > 0 ? i.daysOverdue : ''}</td></tr>`,
    )
    .join('');
  return `<table cellpadding="4" style="border-collapse:collapse"><thead><tr><th align="left">Invoice</th><th align="right">Balance</th><th align="left">Due</th><th align="right">Days overdue</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** Said of the statement of account a step attaches, in both parts, so the reader knows what the PDF is. */
export const statementLine = (fileName: string) =>
  `Your statement of account is attached (${fileName}): every open invoice of yours with us and what remains due on each.`;

const PAID_ALREADY = 'If you have already paid, thank you, and please ignore this message.';

/**
 * Fills a template for one debtor. With several invoices, one email lists them all: the
 * placeholders speak of the total and the oldest due date, and a table follows. Every value is
 * HTML-escaped in the HTML part; the text part is plain; the subject is one bounded line. The
 * "already paid" sentence and the team's contact details are on every email, whatever the
 * template says: polite by default.
 */
export function renderReminderEmail(
  template: EmailTemplate,
  team: EmailTeam,
  debtor: { customer: string; contactName?: string },
  invoices: readonly EmailInvoice[],
  locale = 'en-US',
  kind: 'reminder' | 'thanks' = 'reminder',
  attached: { statement?: string } = {},
): RenderedEmail {
  const first = invoices[0];
  if (!first) throw new Error('an email needs at least one invoice');
  const currency = first.balance.currency;
  const oldest = invoices.reduce((a, b) => (compareDates(b.dueDate, a.dueDate) < 0 ? b : a));
  const several = invoices.length > 1;
  const values: Record<EmailPlaceholder, string> = {
    customer: debtor.customer,
    contact_name: debtor.contactName ?? debtor.customer,
    invoice_number: listNumbers(invoices.map((i) => i.invoiceNumber)),
    amount: several
      ? formatForReader(
          sumMoney(
            invoices.map((i) => i.amount),
            currency,
          ),
          locale,
        )
      : formatForReader(first.amount, locale),
    balance: formatForReader(
      sumMoney(
        invoices.map((i) => i.balance),
        currency,
      ),
      locale,
    ),
    due_date: dateForReader(oldest.dueDate, locale),
    days_overdue: String(Math.max(0, ...invoices.map((i) => i.daysOverdue))),
    payment_instructions: team.paymentInstructions,
    sender_name: team.senderName,
    signature: team.signature,
    reply_to: team.replyTo,
  };
  const fill = (text: string, escape: (s: string) => string) => fillPlaceholders(text, values, escape);

  const footer = [
    ...(kind === 'thanks' || template.body.includes('already paid') ? [] : [PAID_ALREADY]),
    `Questions? Reply to this email or write to ${team.senderName} at ${team.replyTo}.`,
  ];

  // One email listing several invoices speaks of them in the plural.
  const body = several ? pluralInvoiceWording(template.body) : template.body;
  const bodyText = fill(body, (s) => s);
  const pay = kind === 'thanks' ? NO_PAY_ONLINE : payOnline(invoices);
  const statement = attached.statement ? [statementLine(attached.statement)] : [];
  const text = [
    bodyText,
    ...(several ? ['', 'Invoices:', ...invoiceLines(invoices, locale)] : []),
    ...statement.flatMap((l) => ['', l]),
    ...pay.text,
    '',
    ...footer,
  ].join('\n');

  const paragraphs = fill(escapeHtml(body), escapeHtml)
    .split(/\n{2,}/)
    .map((p) => `<p>${p.replace(/\n/g, '<br>')}</p>`);
  const html = `<!DOCTYPE html><html><body style="font-family:Arial,sans-serif;font-size:14px;color:#202124">${paragraphs.join('')}${several ? invoiceTable(invoices, locale) : ''}${statement.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}${pay.html}${footer.map((f) => `<p style="color:#5f6368">${escapeHtml(f)}</p>`).join('')}</body></html>`;

  // A template's subject speaks of one invoice ("Invoice X is 12 days overdue"); a grouped email gets its own.
  const subject =
    several && kind === 'reminder'
      ? `Payment reminder: ${invoices.length} invoices, ${values.balance} in total`
      : fill(template.subject, (s) => s);
  return { subject: headerSafe(subject, MAX_SUBJECT_LENGTH), text, html };
}
