import type { Invoice } from '../invoice';
import { formatForReader, type Money, money } from '../money/money';
import { err, ok, type Result } from '../result';
import { type CalendarDate, daysBetween } from '../time/calendar-date';
import { type FeePolicy, STATUTORY_MARGIN_BP } from './fee-policy';

export interface FeeBreakdown {
  principal: Money;
  daysLate: number;
  annualRateBp: number;
  interest: Money;
  /** Flat late fee or statutory fixed compensation. */
  fixedCharge: Money;
  total: Money;
  /** How each figure was reached, in words a debtor (or a judge) can check. */
  explanation: string[];
}

/** Interest as simple daily interest on a 365-day year, the convention of both statutes. */
const DAYS_PER_YEAR = 365n;

/**
 * principal x rate x days / 365, rounded half up to the minor unit once, at the end. BigInt
 * keeps the product exact: 10^12 minor units x 10,000 bp x 3,650 days overflows a double.
 */
export function simpleInterestMinor(principalMinor: number, annualRateBp: number, days: number): number {
  if (principalMinor <= 0 || annualRateBp <= 0 || days <= 0) return 0;
  const numerator = BigInt(principalMinor) * BigInt(annualRateBp) * BigInt(days);
  const denominator = 10_000n * DAYS_PER_YEAR;
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  return Number(remainder * 2n >= denominator ? quotient + 1n : quotient);
}

function percent(bp: number): string {
  return `${(bp / 100).toFixed(2).replace(/\.?0+$/, '')}%`;
}

/** UK fixed sums by debt size (2013 amendment to the 1998 Act). */
function ukCompensationMinor(principalMinor: number): number {
  if (principalMinor < 1_000_00) return 40_00;
  if (principalMinor < 10_000_00) return 70_00;
  return 100_00;
}

/**
 * Late-payment interest and charges owed on one invoice as of `asOf`, with the working shown.
 * Statutory presets apply only in their own currency: the amounts are fixed in GBP and EUR.
 */
export function computeFees(
  invoice: Pick<Invoice, 'balance' | 'dueDate'>,
  asOf: CalendarDate,
  policy: FeePolicy,
  locale = 'en-GB',
): Result<FeeBreakdown> {
  const principal = invoice.balance;
  const currency = principal.currency;
  const daysLate = Math.max(0, daysBetween(invoice.dueDate, asOf));
  const fmt = (m: Money) => formatForReader(m, locale);
  const none = money(0, currency);

  if (policy.kind === 'none' || daysLate === 0 || principal.minor <= 0) {
    return ok({ principal, daysLate, annualRateBp: 0, interest: none, fixedCharge: none, total: principal, explanation: [] });
  }
  let annualRateBp: number;
  let fixedMinor: number;
  const explanation: string[] = [];
  switch (policy.kind) {
    case 'contract':
      annualRateBp = policy.annualRateBp;
      fixedMinor = policy.flatFeeMinor;
      if (fixedMinor > 0) explanation.push(`Late fee under the contract: ${fmt(money(fixedMinor, currency))}.`);
      break;
    case 'uk-late-payment':
      if (currency !== 'GBP') return err(`UK statutory interest applies to debts in GBP; this invoice is in ${currency}`);
      annualRateBp = policy.referenceRateBp + STATUTORY_MARGIN_BP;
      fixedMinor = ukCompensationMinor(principal.minor);
      explanation.push(
        `Fixed compensation under the Late Payment of Commercial Debts (Interest) Act 1998 for a debt of ${fmt(principal)}: ${fmt(money(fixedMinor, currency))}.`,
      );
      break;
    case 'eu-2011-7':
      if (currency !== 'EUR') return err(`EU Directive 2011/7/EU amounts are in EUR; this invoice is in ${currency}`);
      annualRateBp = policy.referenceRateBp + STATUTORY_MARGIN_BP;
      fixedMinor = 40_00;
      explanation.push(`Fixed compensation for recovery costs under Directive 2011/7/EU: ${fmt(money(fixedMinor, currency))}.`);
      break;
  }
  const interest = money(simpleInterestMinor(principal.minor, annualRateBp, daysLate), currency);
  const rateText =
    policy.kind === 'contract'
      ? `the contract rate of ${percent(annualRateBp)}`
      : `${percent(annualRateBp)} (reference rate ${percent(policy.referenceRateBp)} + 8 points)`;
  if (annualRateBp > 0) {
    explanation.unshift(
      `Interest: ${fmt(principal)} x ${rateText} a year x ${daysLate} days / 365 = ${fmt(interest)} (simple interest from the due date, rounded half up to the smallest unit).`,
    );
  }
  const fixedCharge = money(fixedMinor, currency);
  const total = money(principal.minor + interest.minor + fixedMinor, currency);
  explanation.push(`Total due: ${fmt(principal)} + ${fmt(interest)} + ${fmt(fixedCharge)} = ${fmt(total)}.`);
  return ok({ principal, daysLate, annualRateBp, interest, fixedCharge, total, explanation });
}
