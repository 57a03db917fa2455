import * as z from 'zod';
import { InvoiceStatus } from '../invoice';
import type { Money } from '../money/money';
import { type MoneyParseOptions, parseMoney } from '../money/parse-money';
import { err, ok, type Result } from '../result';
import { cellString, foldWord } from './ledger-columns';
import { NOT_A_DEBT, type NotADebt, VOCABULARIES } from './vocabulary';

/** Every status word of every vocabulary: what a Status cell may say. */
const STATUS_AS_TYPED: Record<string, InvoiceStatus | NotADebt> = Object.fromEntries(
  VOCABULARIES.flatMap((v) => Object.entries(v.statuses ?? {})),
);
const STATUS_WORDS = folded(STATUS_AS_TYPED);
const DOCUMENT_TYPES = folded(Object.fromEntries(VOCABULARIES.flatMap((v) => Object.entries(v.documentTypes ?? {}))));
const NOT_A_DEBT_SET = new Set<string>(NOT_A_DEBT);

/** What a status word may mean: an invoice status, or not a debt. */
export const StatusMeaning = z.enum([...InvoiceStatus.options, ...NOT_A_DEBT]);
export type StatusMeaning = z.infer<typeof StatusMeaning>;

// A checkbox is TRUE/FALSE (or a word meaning it), never a number: an Amount Paid of 1.00 is money.
const PAID_FLAGS = new Set(['y', 'yes', 'x', 'true', 'paid', '✓', '✔', 'done']);
const UNPAID_FLAGS = new Set(['n', 'no', 'false', '-']);

function folded<T>(words: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(words).map(([w, v]) => [normalizeWord(w), v]));
}

function normalizeWord(value: unknown): string {
  return foldWord(cellString(value).trim()).replace(/[_-]+/g, ' ').replace(/\s+/g, ' ');
}

export function isNotADebt(value: string): value is NotADebt {
  return NOT_A_DEBT_SET.has(value);
}

/** What a status word may mean, as Settings names each meaning. */
export const STATUS_MEANINGS: Readonly<Record<StatusMeaning, string>> = {
  open: 'open',
  partial: 'part paid',
  paid: 'paid',
  disputed: 'disputed',
  promised: 'promised',
  on_hold: 'on hold',
  bankrupt: 'bankrupt',
  do_not_contact: 'do not contact',
  draft: 'draft',
  void: 'void',
  written_off: 'written off',
  credit: 'credit note',
  payment: 'payment',
};

/** A team's own status words ("with lawyer" = on hold), as typed in Settings. */
export type OwnStatusWords = Readonly<Record<string, InvoiceStatus | NotADebt>>;

// Folded once per set of words, not once per row read.
const foldedWords = new WeakMap<OwnStatusWords, Record<string, InvoiceStatus | NotADebt>>();
function foldedOwn(own: OwnStatusWords): Record<string, InvoiceStatus | NotADebt> {
  let words = foldedWords.get(own);
  if (!words) foldedWords.set(own, (words = folded(own)));
  return words;
}

/**
 * A Status cell: an invoice status, or what the row is instead of a debt (a draft, a voided
 * invoice...). The team's own words (Settings) are read first, so they can also re-mean a word.
 */
export function parseStatus(value: unknown, own: OwnStatusWords = {}): Result<InvoiceStatus | NotADebt> {
  const word = normalizeWord(value);
  const status = foldedOwn(own)[word] ?? STATUS_WORDS[word];
  return status
    ? ok(status)
    : err(
        `"${cellString(value).trim().slice(0, 40)}" is not a status we know (Open, Partial, Paid, Disputed, Promised, On hold, Bankrupt, Do not contact, Draft, Void, or the same in German, French, Spanish, Dutch or Italian); add it to your status words in Settings > Ledger`,
      );
}

/** A Type cell: an invoice, or a credit note or payment listed among the invoices. */
export function parseDocumentType(value: unknown): Result<'invoice' | NotADebt> {
  const type = DOCUMENT_TYPES[normalizeWord(value)];
  return type ? ok(type) : err(`"${cellString(value).trim().slice(0, 40)}" is not a document type we know (Invoice, Credit note, Payment)`);
}

export interface PaidCell {
  /** 'all' for a paid flag; an amount for money received; absent when the cell says nothing about money. */
  paid?: Money | 'all';
  status?: InvoiceStatus;
}

/**
 * A "Paid" or "Pd?" cell, which people fill in every way: TRUE (a checkbox), Y, yes, x, PAID,
 * an amount received, "part $1,158.63", or a status word such as "disputed".
 */
export function parsePaidCell(value: unknown, options: MoneyParseOptions): Result<PaidCell> {
  if (value === true) return ok({ paid: 'all', status: 'paid' });
  if (value === false) return ok({});
  const word = normalizeWord(value);
  if (PAID_FLAGS.has(word)) return ok({ paid: 'all', status: 'paid' });
  if (UNPAID_FLAGS.has(word) || word === '') return ok({});
  const partial = /^(?:part(?:ial|ially paid)?|pp)\s*:?\s*(.+)$/i.exec(cellString(value).trim());
  if (partial?.[1]) {
    const amount = parseMoney(partial[1], options);
    return amount.ok ? ok({ paid: amount.value, status: 'partial' }) : err(`partial payment ${amount.error}`);
  }
  const status = STATUS_WORDS[word];
  if (status && !isNotADebt(status)) return ok(status === 'paid' ? { paid: 'all', status } : { status });
  const amount = parseMoney(value, options);
  if (amount.ok) return ok({ paid: amount.value });
  return err(`"${cellString(value).trim().slice(0, 40)}" is not a paid flag (Y / N) or an amount received`);
}

/**
 * Words in a status column that mean nothing is owed (paid, a draft, voided...), the team's own
 * included and a built-in word it re-means left out: for formulas that must agree with parseStatus.
 */
export function statusWordsNotOwed(own: OwnStatusWords = {}): string[] {
  const notOwed = (s: InvoiceStatus | NotADebt) => s === 'paid' || isNotADebt(s);
  const ownFolded = foldedOwn(own);
  const builtIn = Object.entries(STATUS_AS_TYPED)
    .filter(([w, s]) => notOwed(ownFolded[normalizeWord(w)] ?? s))
    .map(([w]) => w);
  const mine = Object.entries(own)
    .filter(([, s]) => notOwed(s))
    .map(([w]) => w.trim().toLowerCase());
  return [...new Set([...builtIn, ...builtIn.map(normalizeWord), ...mine, ...mine.map(normalizeWord)])];
}

function statusWordsMeaningPaid(): string[] {
  return Object.entries(STATUS_WORDS)
    .filter(([, s]) => s === 'paid')
    .map(([w]) => w);
}

/** Words that mark an invoice paid in a "Paid?" or "Amount paid" cell, as parsePaidCell reads them. */
export function flagWordsMeaningPaid(): string[] {
  return [...new Set([...PAID_FLAGS, ...statusWordsMeaningPaid()])];
}
