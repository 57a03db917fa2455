import * as z from 'zod';
import { currencyDisplay } from '../locale/debtor-locale';

export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code such as USD');
export type CurrencyCode = z.infer<typeof CurrencyCode>;

/**
 * An amount in the currency's minor unit (cents for USD, yen for JPY). Integers only: sums of
 * binary floats drift ($0.10 + $0.20 != $0.30), and a collections letter must add up exactly.
 */
export const Money = z
  .object({
    minor: z.number().int('must be a whole number of minor units (cents)').refine(Number.isSafeInteger, { message: 'is too large' }),
    currency: CurrencyCode,
  })
  .strict();
export type Money = z.infer<typeof Money>;

/**
 * The largest amount one invoice may carry, in minor units (100,000,000,000.00 in a two-decimal
 * currency): sums of up to 900 such amounts stay exact integers, so totals, fees and letters
 * never overflow.
 */
export const MAX_INVOICE_MINOR = 10_000_000_000_000;

/** An invoice's amount or balance: money within the stated maximum. */
export const InvoiceAmount = Money.refine((m) => Math.abs(m.minor) <= MAX_INVOICE_MINOR, {
  message: 'is more than 100,000,000,000.00, the largest amount an invoice may carry here',
  path: ['minor'],
});

/** ISO 4217 exponents that differ from 2; Intl knows them too, but not in every runtime. */
const EXPONENTS: Record<string, number> = {
  BHD: 3,
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  IQD: 3,
  ISK: 0,
  JOD: 3,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  PYG: 0,
  RWF: 0,
  TND: 3,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
};

export function currencyExponent(currency: string): number {
  return EXPONENTS[currency] ?? 2;
}

export function money(minor: number, currency: string): Money {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`minor units must be a safe integer, got ${minor}`);
  return { minor, currency };
}

export function zero(currency: string): Money {
  return { minor: 0, currency };
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new Error(`cannot combine ${a.currency} with ${b.currency}`);
}

export function addMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.minor + b.minor, a.currency);
}

export function subtractMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.minor - b.minor, a.currency);
}

export function sumMoney(amounts: readonly Money[], currency: string): Money {
  return amounts.reduce((total, m) => addMoney(total, m), zero(currency));
}

/**
 * Converts a number a spreadsheet holds (688.07) to minor units through its decimal text, not by
 * multiplying (688.07 * 100 = 68806.99999999999), and rounds half away from zero at the
 * currency's exponent.
 */
export function minorFromDecimal(value: number, currency: string): number {
  // Beyond 1e15 a double no longer holds every cent; no invoice is that large.
  if (!Number.isFinite(value) || Math.abs(value) >= 1e15) throw new RangeError(`not a usable amount: ${value}`);
  const exponent = currencyExponent(currency);
  const [whole = '0', fraction = ''] = Math.abs(value)
    .toFixed(exponent + 2)
    .split('.');
  const kept = fraction.slice(0, exponent);
  const rest = Number(fraction.slice(exponent));
  let minor = Number(whole + kept);
  if (rest >= 50) minor += 1;
  return value < 0 ? -minor : minor;
}

/** Decimal text of a minor amount ("1234.50"), exact, for CSV exports and form fields. */
export function toDecimalString(m: Money): string {
  const exponent = currencyExponent(m.currency);
  const sign = m.minor < 0 ? '-' : '';
  const digits = String(Math.abs(m.minor)).padStart(exponent + 1, '0');
  if (exponent === 0) return sign + digits;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/** "$1,234.50" / "1.234,50 €": display only, never parsed back. */
export function formatMoney(m: Money, locale = 'en-US', display: 'symbol' | 'code' = 'symbol'): string {
  const exponent = currencyExponent(m.currency);
  const formatter = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: m.currency,
    currencyDisplay: display,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  });
  // Dividing is exact for display purposes: the result is formatted, never summed.
  return formatter.format(m.minor / 10 ** exponent);
}

/**
 * An amount as a reader in `locale` expects it: their own currency by its symbol, any other by
 * its code ("USD 1,234.56" for a British reader), so a "$" never leaves them guessing which.
 */
export function formatForReader(m: Money, locale: string): string {
  return formatMoney(m, locale, currencyDisplay(locale, m.currency));
}
