import type { InvoiceStatus } from '../invoice';
import type { Money } from '../money/money';
import { type MoneyParseOptions, parseMoney } from '../money/parse-money';
import { err, ok, type Result } from '../result';
import { cellString } from './ledger-columns';

const STATUS_WORDS: Record<string, InvoiceStatus> = {
  open: 'open', unpaid: 'open', outstanding: 'open', due: 'open', overdue: 'open', sent: 'open', 'past due': 'open',
  partial: 'partial', 'partially paid': 'partial', part: 'partial', 'part paid': 'partial',
  paid: 'paid', closed: 'paid', settled: 'paid', 'paid in full': 'paid',
  disputed: 'disputed', dispute: 'disputed', 'in dispute': 'disputed',
  promised: 'promised', 'promise to pay': 'promised', ptp: 'promised', promise: 'promised',
  'on hold': 'on_hold', hold: 'on_hold', paused: 'on_hold',
  bankrupt: 'bankrupt', bankruptcy: 'bankrupt', insolvent: 'bankrupt', insolvency: 'bankrupt',
  'do not contact': 'do_not_contact', dnc: 'do_not_contact', 'do not chase': 'do_not_contact',
};

const PAID_FLAGS = new Set(['y', 'yes', 'x', 'true', 'paid', '✓', '✔', 'done', '1']);
const UNPAID_FLAGS = new Set(['n', 'no', 'false', '0', '-']);

function normalizeWord(value: unknown): string {
  return cellString(value).trim().toLowerCase().replace(/[_-]+/g, ' ').replace(/\s+/g, ' ');
}

export function parseStatus(value: unknown): Result<InvoiceStatus> {
  const word = normalizeWord(value);
  const status = STATUS_WORDS[word];
  return status ? ok(status) : err(`"${cellString(value).trim().slice(0, 40)}" is not a status we know (Open, Partial, Paid, Disputed, Promised, On hold, Bankrupt, Do not contact)`);
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
  if (status) return ok(status === 'paid' ? { paid: 'all', status } : { status });
  const amount = parseMoney(value, options);
  if (amount.ok) return ok({ paid: amount.value });
  return err(`"${cellString(value).trim().slice(0, 40)}" is not a paid flag (Y / N) or an amount received`);
}

/** Words that mark an invoice paid in a status column, for formulas that must agree with parseStatus. */
export function statusWordsMeaningPaid(): string[] {
  return Object.entries(STATUS_WORDS).filter(([, s]) => s === 'paid').map(([w]) => w);
}

/** Words that mark an invoice paid in a "Paid?" or "Amount paid" cell, as parsePaidCell reads them. */
export function flagWordsMeaningPaid(): string[] {
  return [...new Set([...PAID_FLAGS, ...statusWordsMeaningPaid()])];
}
