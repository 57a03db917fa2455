import type { InvoiceStatus } from '../invoice';
import type { Money } from '../money/money';
import { type MoneyParseOptions, parseMoney } from '../money/parse-money';
import { err, ok, type Result } from '../result';
import { cellString, foldWord } from './ledger-columns';
import { type NotADebt, VOCABULARIES } from './vocabulary';

/** Every status word of every vocabulary: what a Status cell may say. */
const STATUS_AS_TYPED: Record<string, InvoiceStatus | NotADebt> = Object.fromEntries(VOCABULARIES.flatMap((v) => Object.entries(v.statuses ?? {})));
const STATUS_WORDS = folded(STATUS_AS_TYPED);
const DOCUMENT_TYPES = folded(Object.fromEntries(VOCABULARIES.flatMap((v) => Object.entries(v.documentTypes ?? {}))));
const NOT_A_DEBT = new Set<string>(['draft', 'void', 'written_off', 'credit', 'payment'] satisfies NotADebt[]);

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
  return NOT_A_DEBT.has(value);
}

/** A Status cell: an invoice status, or what the row is instead of a debt (a draft, a voided invoice...). */
export function parseStatus(value: unknown): Result<InvoiceStatus | NotADebt> {
  const word = normalizeWord(value);
  const status = STATUS_WORDS[word];
  return status ? ok(status) : err(`"${cellString(value).trim().slice(0, 40)}" is not a status we know (Open, Partial, Paid, Disputed, Promised, On hold, Bankrupt, Do not contact, Draft, Void, or the same in German, French, Spanish, Dutch or Italian)`);
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

/** Words in a status column that mean nothing is owed (paid, a draft, voided...), for formulas that must agree with parseStatus. */
export function statusWordsNotOwed(): string[] {
  const words = Object.entries(STATUS_AS_TYPED).filter(([, s]) => s === 'paid' || isNotADebt(s)).map(([w]) => w);
  return [...new Set([...words, ...words.map(normalizeWord)])];
}

function statusWordsMeaningPaid(): string[] {
  return Object.entries(STATUS_WORDS).filter(([, s]) => s === 'paid').map(([w]) => w);
}

/** Words that mark an invoice paid in a "Paid?" or "Amount paid" cell, as parsePaidCell reads them. */
export function flagWordsMeaningPaid(): string[] {
  return [...new Set([...PAID_FLAGS, ...statusWordsMeaningPaid()])];
}
