import type { LetterStage } from '../escalation/ladder';
import { computeFees } from '../fees/compute-fees';
import type { FeePolicy } from '../fees/fee-policy';
import { formatForReader, type Money, money, sumMoney } from '../money/money';
import { err, ok, type Result } from '../result';
import { brokenPromise, earlierContacts, type LetterHistory, NO_HISTORY } from './letter-history';
import { fillParagraph, isCustom, type LetterTemplate, type LetterValues, templateFingerprint } from './letter-template';
import { addDays, type CalendarDate, daysBetween } from '../time/calendar-date';
import { dateForReader } from '../locale/reader-date';

/** True when a paragraph opens with a greeting of its own. */
const greets = (paragraph: string | undefined) => paragraph !== undefined && /^\s*(dear|hello|hi|to whom)\b/i.test(paragraph);

/** Changes whenever the wording or the layout changes: recorded with every letter. */
export const LETTER_TEMPLATE_VERSION = 'letters-2026-12-v3';
/** A letter's table stays readable, and its PDF well within one API answer. */
export const MAX_LETTER_INVOICES = 150;

export interface LetterInvoice {
  invoiceNumber: string;
  invoiceDate?: CalendarDate;
  dueDate: CalendarDate;
  amount: Money;
  balance: Money;
  /** Where this invoice can be paid online, as `paymentLinkFor` decided it. */
  paymentLink?: string;
}

/** Letters show a QR code for each distinct link up to this many; more are listed as text only. */
export const MAX_LETTER_QR_CODES = 3;

export interface LetterInput {
  stage: LetterStage;
  today: CalendarDate;
  creditor: { name: string; signature: string; replyTo: string; paymentInstructions: string };
  debtor: { customer: string; contactName?: string; contactEmail?: string };
  /** The customer's invoices; the letter lists those overdue in `currency`. */
  invoices: readonly LetterInvoice[];
  currency: string;
  fees: FeePolicy;
  deadlineDays: number;
  settlement?: { percentOff: number; payBy: CalendarDate };
  paymentPlan?: { instalments: number; everyDays: number };
  locale: string;
  /** The team's own opening and closing for this stage, if any. */
  template?: LetterTemplate;
  /** Earlier contacts on record: the only ones the letter mentions. None: neutral wording. */
  history?: LetterHistory;
}

export interface LetterContent {
  templateVersion: string;
  stage: LetterStage;
  title: string;
  /** The letter's day, and the same in words. */
  asOf: CalendarDate;
  date: string;
  creditorLines: string[];
  debtorLines: string[];
  /** Empty when the team's opening greets the reader itself. */
  salutation: string;
  opening: string;
  table: { header: string[]; rows: string[][]; totals: string[] };
  /** Interest and charges, with how each was reached. */
  feeLines: string[];
  totalDue: Money;
  totalDueText: string;
  deadline: CalendarDate;
  demand: string;
  paymentOptions: string[];
  /** Each overdue invoice's pay-online link, invoices sharing a link listed together; empty without links. */
  payOnline: { invoiceNumbers: string[]; link: string }[];
  offer?: string;
  consequences: string;
  closing: string;
  signature: string[];
  invoiceNumbers: string[];
}

const TITLES: Record<LetterStage, string> = {
  past_due_notice: 'Past-due notice',
  formal_demand: 'Formal demand for payment',
  final_notice: 'Final notice before referral',
};

/** The invoices' links, in the table's order, one entry per distinct link. */
function payOnline(invoices: readonly LetterInvoice[]): LetterContent['payOnline'] {
  const byLink = new Map<string, string[]>();
  for (const { invoiceNumber, paymentLink } of invoices)
    if (paymentLink) byLink.set(paymentLink, [...(byLink.get(paymentLink) ?? []), invoiceNumber]);
  return [...byLink].map(([link, invoiceNumbers]) => ({ invoiceNumbers, link }));
}

/**
 * Stated as facts: what happens next and when. Nothing a business may not lawfully do or say
 * (no threats of arrest, of contacting employers, of costs the law or contract does not allow).
 */
function consequences(stage: LetterStage, deadline: string, hasFees: boolean): string {
  switch (stage) {
    case 'past_due_notice':
      return `If you have already paid, please tell us the date and amount so we can match the payment, and disregard this notice.`;
    case 'formal_demand':
      return `If the balance is not paid by ${deadline}, ${hasFees ? 'interest and charges will continue to accrue as shown above, and ' : ''}we will consider further steps to recover the debt, which may include referral to a collection agency.`;
    case 'final_notice':
      return `If the balance is not paid or a payment arrangement agreed by ${deadline}, we intend to refer the debt to a collection agency or to file a claim in the small-claims court, without further notice.${hasFees ? ' Interest and charges continue to accrue as shown above.' : ''}`;
  }
}

/** Interest and charges per overdue invoice, as the fee policy computes them, with the working. */
function chargesOf(overdue: readonly LetterInvoice[], input: LetterInput): Result<{ feeLines: string[]; charges: Money[] }> {
  const feeLines: string[] = [];
  const charges: Money[] = [];
  for (const invoice of overdue) {
    const fees = computeFees(invoice, input.today, input.fees, input.locale);
    if (!fees.ok) return err(`fees for invoice ${invoice.invoiceNumber}: ${fees.error}`);
    const extra = fees.value.interest.minor + fees.value.fixedCharge.minor;
    if (extra === 0) continue;
    charges.push(money(extra, input.currency));
    feeLines.push(`Invoice ${invoice.invoiceNumber}: ${fees.value.explanation.join(' ')}`);
  }
  return ok({ feeLines, charges });
}

/** A settlement (a share off the balance, charges waived) or a payment plan (the total in instalments), if offered. */
function offerOf(input: LetterInput, balance: Money, totalDue: Money, deadlineText: string): string | undefined {
  const { locale, currency } = input;
  const fmt = (m: Money) => formatForReader(m, locale);
  if (input.settlement) {
    const { percentOff, payBy } = input.settlement;
    const reduced = money(Math.round((balance.minor * (100 - percentOff)) / 100), currency);
    return `Settlement offer: if you pay ${fmt(reduced)} (${percentOff}% off the balance, interest and charges waived) so that it reaches us by ${dateForReader(payBy, locale)}, we will accept it in full settlement of the invoices listed. After that date the offer lapses.`;
  }
  if (input.paymentPlan) {
    const { instalments, everyDays } = input.paymentPlan;
    const each = Math.floor(totalDue.minor / instalments);
    const last = totalDue.minor - each * (instalments - 1);
    return `Payment plan: if you cannot pay in one sum, we will accept ${instalments} payments of ${fmt(money(each, currency))}${last !== each ? ` (the last ${fmt(money(last, currency))})` : ''}, one every ${everyDays} days, the first by ${deadlineText}. Reply to agree it in writing before the first payment.`;
  }
  return undefined;
}

/** The opening paragraph for the stage, naming earlier contacts only as the record shows them. */
function standardOpening(input: LetterInput, invoices: number): string {
  const count = invoices === 1 ? 'invoice' : `${invoices} invoices`;
  const remain = `remain${invoices === 1 ? 's' : ''}`;
  // Earlier contacts are named only as the record shows them, with their dates.
  const earlier = earlierContacts(input.history ?? NO_HISTORY, input.stage, input.locale);
  const promise = brokenPromise(input.history ?? NO_HISTORY, input.today, input.locale);
  const kept = promise ? ` ${promise}` : '';
  const openings: Record<LetterStage, string> = {
    past_due_notice: `Our records show that the ${count} below ${invoices === 1 ? 'is' : 'are'} past due${earlier ? `, and ${earlier} ${/reminders/.test(earlier) ? 'have' : 'has'} not yet brought payment` : ''}. We may simply have missed your payment; if so, thank you, and please let us know.`,
    formal_demand: `${earlier ? `Despite ${earlier}, the` : 'The'} ${count} below ${remain} unpaid.${kept} This letter is a formal demand for payment of the total due.`,
    final_notice: `This is our final notice about the ${count} below, which ${remain} unpaid${earlier ? ` after ${earlier}` : ''}.${kept}`,
  };
  return openings[input.stage];
}

/**
 * The text of a demand letter, from the ledger and the settings: the overdue invoices in one
 * table, interest and charges computed by the fee policy with the working shown, the total due,
 * a deadline, how to pay, an optional settlement or payment plan, and the consequences stated
 * factually. Pure: the same input gives the same letter, byte for byte once rendered.
 */
export function composeLetter(input: LetterInput): Result<LetterContent> {
  const { locale, currency, today } = input;
  const fmt = (m: Money) => formatForReader(m, locale);
  const overdue = input.invoices
    .filter((i) => i.balance.currency === currency && i.balance.minor > 0 && daysBetween(i.dueDate, today) > 0)
    .sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.invoiceNumber.localeCompare(b.invoiceNumber)));
  if (overdue.length === 0)
    return err(`${input.debtor.customer} has no overdue balance in ${currency} on ${today}: there is nothing to demand`);
  if (overdue.length > MAX_LETTER_INVOICES)
    return err(
      `${input.debtor.customer} has ${overdue.length} overdue invoices, more than the ${MAX_LETTER_INVOICES} one letter lists: send a statement of account instead`,
    );

  const charged = chargesOf(overdue, input);
  if (!charged.ok) return charged;
  const { feeLines, charges } = charged.value;
  const balance = sumMoney(
    overdue.map((i) => i.balance),
    currency,
  );
  const feesTotal = sumMoney(charges, currency);
  const totalDue = sumMoney([balance, feesTotal], currency);
  const deadline = addDays(today, input.deadlineDays);
  const deadlineText = dateForReader(deadline, locale);

  const rows = overdue.map((i) => [
    i.invoiceNumber,
    i.invoiceDate ? dateForReader(i.invoiceDate, locale) : '',
    dateForReader(i.dueDate, locale),
    fmt(i.amount),
    fmt(i.balance),
    String(daysBetween(i.dueDate, today)),
  ]);
  const totals = ['Total', '', '', '', fmt(balance), ''];

  const offer = offerOf(input, balance, totalDue, deadlineText);

  const name = input.debtor.contactName ?? `${input.debtor.customer} accounts payable`;
  const values: LetterValues = {
    customer: input.debtor.customer,
    contact_name: name,
    invoice_count: String(overdue.length),
    total_due: fmt(totalDue),
    deadline: deadlineText,
    sender_name: input.creditor.name,
  };
  const custom = isCustom(input.template) ? input.template : undefined;
  const opening = standardOpening(input, overdue.length);

  return ok({
    // The team's wording is part of what was sent: its fingerprint is in the recorded version.
    templateVersion: custom ? `${LETTER_TEMPLATE_VERSION}+team-${templateFingerprint(custom)}` : LETTER_TEMPLATE_VERSION,
    stage: input.stage,
    title: TITLES[input.stage],
    asOf: today,
    date: dateForReader(today, locale),
    creditorLines: [input.creditor.name, input.creditor.replyTo],
    debtorLines: [
      input.debtor.customer,
      ...(input.debtor.contactName ? [`Attn: ${input.debtor.contactName}`] : []),
      ...(input.debtor.contactEmail ? [input.debtor.contactEmail] : []),
    ],
    // A team's opening that greets the reader itself ("Dear Sam, ...") is the salutation: never two.
    salutation: greets(fillParagraph(custom?.opening, values)) ? '' : `Dear ${name},`,
    opening: fillParagraph(custom?.opening, values) ?? opening,
    table: { header: ['Invoice', 'Invoice date', 'Due date', 'Amount', 'Balance', 'Days past due'], rows, totals },
    feeLines,
    totalDue,
    totalDueText:
      feesTotal.minor > 0
        ? `Total due: ${fmt(totalDue)} (balance ${fmt(balance)}, interest and charges ${fmt(feesTotal)})`
        : `Total due: ${fmt(totalDue)}`,
    deadline,
    demand: `Please pay ${fmt(totalDue)} so that it reaches us by ${deadlineText}.`,
    paymentOptions: input.creditor.paymentInstructions.split(/\r?\n/).filter((l) => l.trim() !== ''),
    payOnline: payOnline(overdue),
    ...(offer && { offer }),
    consequences: consequences(input.stage, deadlineText, feesTotal.minor > 0),
    closing:
      fillParagraph(custom?.closing, values) ??
      `If you believe any of this is wrong, reply to ${input.creditor.replyTo} with the details and we will look into it before taking any further step.`,
    signature: input.creditor.signature.split(/\r?\n/).filter((l) => l.trim() !== ''),
    invoiceNumbers: overdue.map((i) => i.invoiceNumber),
  });
}
