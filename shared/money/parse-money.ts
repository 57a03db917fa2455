import { err, ok, type Result } from '../result';
import { currencyExponent, minorFromDecimal, type Money } from './money';

export interface MoneyParseOptions {
  /** Currency used when the text names none. */
  currency: string;
  /** '.' for 1,234.50 (US, UK); ',' for 1.234,50 (most of Europe). */
  decimalSeparator: '.' | ',';
}

const SYMBOLS: Record<string, string> = { '€': 'EUR', '£': 'GBP', '¥': 'JPY', '₹': 'INR' };
const DOLLAR_CURRENCIES = new Set(['USD', 'CAD', 'AUD', 'NZD', 'SGD', 'HKD', 'MXN']);

/** "$" is the ledger's own currency when that is a dollar (a Canadian ledger's "$" is CAD). */
function currencyOfSymbol(symbol: string, ledgerCurrency: string): string {
  if (symbol === '$') return DOLLAR_CURRENCIES.has(ledgerCurrency) ? ledgerCurrency : 'USD';
  return SYMBOLS[symbol] ?? ledgerCurrency;
}

/**
 * Reads an amount as ledgers write it: 1234.5, "$1,234.50", "(120.00)" for a credit,
 * "-120", "1.234,50 EUR", "EUR 1.234,50", "1 234,50 €". The currency in the text, if any,
 * wins over the default; a number from a spreadsheet cell is taken as it is.
 */
export function parseMoney(value: unknown, options: MoneyParseOptions): Result<Money> {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return err('is not a number');
    if (Math.abs(value) >= 1e13) return err('is too large to be an invoice amount');
    return ok({ minor: minorFromDecimal(value, options.currency), currency: options.currency });
  }
  if (typeof value !== 'string') return err('is not an amount');
  let text = value.trim();
  if (text === '') return err('is empty');

  let currency = options.currency;
  const code = /(?:^|\s)([A-Z]{3})(?:\s|$)/.exec(text);
  if (code?.[1]) {
    currency = code[1];
    text = text.replace(code[1], ' ');
  }
  for (const symbol of ['$', ...Object.keys(SYMBOLS)]) {
    if (text.includes(symbol)) {
      if (code?.[1] === undefined) currency = currencyOfSymbol(symbol, options.currency);
      text = text.replace(symbol, ' ');
    }
  }
  text = text.trim();

  let negative = false;
  if (/^\(.*\)$/.test(text)) {
    negative = true;
    text = text.slice(1, -1).trim();
  }
  if (text.startsWith('-')) {
    negative = !negative;
    text = text.slice(1).trim();
  } else if (text.endsWith('-')) {
    negative = !negative;
    text = text.slice(0, -1).trim();
  }

  // Thousands separators must group digits: with ',' for decimals, "87.03" is not 8,703 but a
  // misread, so it is refused rather than taken a hundred times too large. Groups of 2 are
  // allowed for Indian lakhs (1,00,000.00); the last group before the decimals has 3.
  const [groupChars, decimal] = options.decimalSeparator === '.' ? [",\\s\u00a0\u202f'", '\\.'] : [".\\s\u00a0\u202f'", ','];
  const grouped = new RegExp(`^(?:\\d+|\\d{1,3}(?:[${groupChars}]\\d{2,3})*[${groupChars}]\\d{3})(?:${decimal}\\d+)?$`);
  const unreadable = () =>
    err(
      `"${value.trim().slice(0, 40)}" is not an amount we can read${/\d[.,]\d/.test(text) ? ` with "${options.decimalSeparator}" for decimals` : ''}`,
    );
  if (!grouped.test(text)) return unreadable();
  const normalized = text.replace(new RegExp(`[${groupChars}]`, 'g'), '');
  const pattern = options.decimalSeparator === '.' ? /^(\d+)(?:\.(\d+))?$/ : /^(\d+)(?:,(\d+))?$/;
  const m = pattern.exec(normalized);
  if (!m) return unreadable();
  const whole = m[1] ?? '0';
  const fraction = m[2] ?? '';
  const exponent = currencyExponent(currency);
  if (fraction.length > exponent) {
    return err(`"${value.trim().slice(0, 40)}" has more decimals than ${currency} allows (${exponent})`);
  }
  if (whole.length > 13) return err('is too large to be an invoice amount');
  const minor = Number(whole + fraction.padEnd(exponent, '0'));
  return ok({ minor: negative ? -minor : minor, currency });
}
