import { type AgingConfig, agingBuckets, bucketForDays, daysPastDue } from '../aging/aging-buckets';
import * as z from 'zod';
import { formatForReader, Money, money, subtractMoney, sumMoney } from '../money/money';
import { dateForReader } from '../locale/reader-date';
import type { LetterInvoice } from '../letters/compose-letter';
import { err, ok, type Result } from '../result';
import { CalendarDate } from '../time/calendar-date';
import { safeName } from '../text';

/** Changes whenever the wording or the layout changes: recorded with every statement. */
export const STATEMENT_TEMPLATE_VERSION = 'statements-2026-12-v1';
/** A statement stays readable, and its PDF well within one API answer. */
export const MAX_STATEMENT_INVOICES = 300;

/** "Statement-of-account-Northwind-Bakery-2026-12-04.pdf": what the PDF is called in Drive and in an email. */
export const statementFileName = (customer: string, today: CalendarDate) => `${safeName(`Statement-of-account-${customer}-${today}`)}.pdf`;

/** An invoice as a statement lists it: the same facts a letter lists. */
export type StatementInvoice = LetterInvoice;

export interface StatementInput {
  today: CalendarDate;
  locale: string;
  currency: string;
  aging: AgingConfig;
  creditor: { name: string; replyTo: string; paymentInstructions: string };
  customer: { name: string; contactName?: string; contactEmail?: string };
  /** The customer's invoices; the statement lists those with a balance in `currency`. */
  invoices: readonly StatementInvoice[];
}

const Lines = z.array(z.string());

/**
 * What a statement says, ready to lay out: also what the dispatcher hands the letters function
 * to render (a direct invocation), so that boundary is checked with this schema.
 */
export const StatementContent = z.object({
  templateVersion: z.string(),
  title: z.string(),
  asOf: CalendarDate,
  date: z.string(),
  creditorLines: Lines,
  customerLines: Lines,
  intro: z.string(),
  /** Oldest due first; the last column is the balance brought forward row by row. */
  table: z.object({ header: Lines, rows: z.array(Lines), totals: Lines }),
  /** The balance by age, every bucket shown (an empty one as zero). */
  aging: z.array(z.object({ label: z.string(), amount: z.string() })),
  totalDue: Money,
  totalDueText: z.string(),
  paymentOptions: Lines,
  payOnline: z.array(z.object({ invoiceNumbers: Lines, link: z.string() })),
  closing: z.string(),
  invoiceNumbers: Lines,
});
export type StatementContent = z.infer<typeof StatementContent>;

/**
 * A statement of account: every open invoice of one customer in one currency, what has been paid
 * or credited against each, the running balance, the balance by age, and how to pay. It demands
 * nothing and threatens nothing: it is the document a customer's accounts-payable clerk asks for
 * to match their records, so it states figures, oldest first, and how to query them.
 */
export function composeStatement(input: StatementInput): Result<StatementContent> {
  const { today, locale, currency } = input;
  const fmt = (m: Money) => formatForReader(m, locale);
  const open = input.invoices
    .filter((i) => i.balance.currency === currency && i.balance.minor > 0)
    .sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.invoiceNumber.localeCompare(b.invoiceNumber)));
  if (open.length === 0) return err(`${input.customer.name} owes nothing in ${currency} on ${today}: there is no open invoice to list`);
  if (open.length > MAX_STATEMENT_INVOICES)
    return err(`${input.customer.name} has ${open.length} open invoices, more than one statement lists (${MAX_STATEMENT_INVOICES})`);

  const buckets = agingBuckets(input.aging);
  const byBucket = new Map(buckets.map((b) => [b.id, money(0, currency)]));
  let running = money(0, currency);
  const rows = open.map((i) => {
    const days = daysPastDue(i.dueDate, today);
    const bucket = bucketForDays(days, buckets);
    byBucket.set(bucket.id, sumMoney([byBucket.get(bucket.id) ?? money(0, currency), i.balance], currency));
    running = sumMoney([running, i.balance], currency);
    return [
      i.invoiceNumber,
      i.invoiceDate ? dateForReader(i.invoiceDate, locale) : '',
      dateForReader(i.dueDate, locale),
      fmt(i.amount),
      fmt(subtractMoney(i.amount, i.balance)),
      fmt(i.balance),
      fmt(running),
      days > 0 ? String(days) : '',
    ];
  });
  const total = sumMoney(
    open.map((i) => i.amount),
    currency,
  );
  const balance = running;
  const links = new Map<string, string[]>();
  for (const { invoiceNumber, paymentLink } of open)
    if (paymentLink) links.set(paymentLink, [...(links.get(paymentLink) ?? []), invoiceNumber]);

  return ok({
    templateVersion: STATEMENT_TEMPLATE_VERSION,
    title: 'Statement of account',
    asOf: today,
    date: dateForReader(today, locale),
    creditorLines: [input.creditor.name, input.creditor.replyTo],
    customerLines: [
      input.customer.name,
      ...(input.customer.contactName ? [`Attn: ${input.customer.contactName}`] : []),
      ...(input.customer.contactEmail ? [input.customer.contactEmail] : []),
    ],
    intro: `Your account with us as of ${dateForReader(today, locale)}: ${open.length === 1 ? 'the invoice' : `the ${open.length} invoices`} with a balance, oldest first, with what we have received against each.`,
    table: {
      header: ['Invoice', 'Invoice date', 'Due date', 'Amount', 'Paid or credited', 'Balance', 'Running balance', 'Days past due'],
      rows,
      totals: ['Total', '', '', fmt(total), fmt(subtractMoney(total, balance)), fmt(balance), '', ''],
    },
    aging: buckets.map((b) => ({ label: b.label, amount: fmt(byBucket.get(b.id) ?? money(0, currency)) })),
    totalDue: balance,
    totalDueText: `Balance due: ${fmt(balance)}`,
    paymentOptions: input.creditor.paymentInstructions.split(/\r?\n/).filter((l) => l.trim() !== ''),
    payOnline: [...links].map(([link, invoiceNumbers]) => ({ invoiceNumbers, link })),
    closing: `If your records differ from ours, or a payment you made is not shown, reply to ${input.creditor.replyTo} with its date and amount and we will match it.`,
    invoiceNumbers: open.map((i) => i.invoiceNumber),
  });
}
