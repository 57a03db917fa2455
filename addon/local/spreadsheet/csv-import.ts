import { calendarDate, isValidYmd } from '../../../shared/time/calendar-date';
import { type CellValue, SerialDate, serialOfDay } from './cell-values';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function dateCell(year: number, month: number, day: number): SerialDate | undefined {
  return isValidYmd(year, month, day) ? new SerialDate(serialOfDay(calendarDate(year, month, day))) : undefined;
}

/**
 * A CSV cell as Google Sheets stores it after File > Import with "Convert text to numbers,
 * dates, and formulas" (the default): numbers (with thousands separators or a "$" sign) become
 * numbers, dates the locale reads (M/D/YYYY in en_US, D/M/YYYY elsewhere, ISO, "Aug 21, 2026")
 * become dates, TRUE/FALSE become booleans; everything else stays text, as typed.
 * Independent of the add-on's own ledger reader, so the tests do not grade it with itself.
 */
export function importCsvCell(text: string, locale: string): CellValue {
  const t = text.trim();
  if (t === '') return '';
  if (/^(true|false)$/i.test(t)) return t.toLowerCase() === 'true';
  const number = /^(-)?\$?\s?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$/.exec(t);
  if (number) return Number(`${number[1] ?? ''}${(number[2] ?? '').replace(/,/g, '')}${number[3] ?? ''}`);
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (iso) return dateCell(Number(iso[1]), Number(iso[2]), Number(iso[3])) ?? text;
  const slashed = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  if (slashed) {
    const [a, b, y] = [Number(slashed[1]), Number(slashed[2]), Number(slashed[3])];
    const monthFirst = locale === 'en_US' || locale === 'en';
    return (monthFirst ? dateCell(y, a, b) : dateCell(y, b, a)) ?? text;
  }
  const named = /^([A-Za-z]{3})[a-z]*\.? (\d{1,2}),? (\d{4})$/.exec(t);
  if (named) {
    const month = MONTHS.indexOf((named[1] ?? '').toLowerCase()) + 1;
    if (month > 0) return dateCell(Number(named[3]), month, Number(named[2])) ?? text;
  }
  return text;
}

export function importCsv(rows: readonly (readonly string[])[], locale: string): CellValue[][] {
  return rows.map((row) => row.map((cell) => importCsvCell(cell, locale)));
}
