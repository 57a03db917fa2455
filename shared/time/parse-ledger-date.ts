import { err, ok, type Result } from '../result';
import { type CalendarDate, calendarDate, fromEpochDay, isValidYmd } from './calendar-date';
import { calendarDateIn } from './time-zone';

export type DateOrder = 'MDY' | 'DMY';

export interface LedgerDateOptions {
  /** The spreadsheet's time zone: Sheets hands date cells over as midnight in that zone. */
  timeZone: string;
  /** How to read 3/11/2026: March 11 (US) or 3 November. Unambiguous dates ignore it. */
  dateOrder: DateOrder;
}

/** Day 0 of Sheets' (and Lotus 1-2-3's) serial dates is 1899-12-30, i.e. epoch day -25569. */
const SHEETS_SERIAL_EPOCH_DAY = -25_569;

/** Month names and abbreviations in English and in the languages the ledger reader knows, accents folded. */
const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
  january: 1,
  february: 2,
  march: 3,
  april: 4,
  june: 6,
  july: 7,
  august: 8,
  september: 9,
  october: 10,
  november: 11,
  december: 12,
  // German
  januar: 1,
  februar: 2,
  marz: 3,
  maerz: 3,
  mrz: 3,
  mai: 5,
  juni: 6,
  juli: 7,
  okt: 10,
  oktober: 10,
  dez: 12,
  dezember: 12,
  // French
  janv: 1,
  janvier: 1,
  fevr: 2,
  fevrier: 2,
  mars: 3,
  avr: 4,
  avril: 4,
  juin: 6,
  juil: 7,
  juillet: 7,
  aout: 8,
  septembre: 9,
  octobre: 10,
  novembre: 11,
  decembre: 12,
  // Spanish
  ene: 1,
  enero: 1,
  febrero: 2,
  marzo: 3,
  abr: 4,
  abril: 4,
  mayo: 5,
  junio: 6,
  julio: 7,
  ago: 8,
  agosto: 8,
  septiembre: 9,
  setiembre: 9,
  octubre: 10,
  noviembre: 11,
  dic: 12,
  diciembre: 12,
  // Dutch
  januari: 1,
  februari: 2,
  maart: 3,
  mei: 5,
  augustus: 8,
  // Italian
  gen: 1,
  gennaio: 1,
  febbraio: 2,
  aprile: 4,
  mag: 5,
  maggio: 5,
  giu: 6,
  giugno: 6,
  lug: 7,
  luglio: 7,
  settembre: 9,
  ott: 10,
  ottobre: 10,
  dicembre: 12,
};

function monthNamed(word: string): number | undefined {
  return MONTHS[
    word
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
  ];
}

/** The order a spreadsheet locale writes numeric dates in ("en_US": month first; "de_DE", "en_GB": day first), asked of Intl. */
export function dateOrderFor(locale: string): DateOrder {
  try {
    const parts = new Intl.DateTimeFormat(locale.replace('_', '-'), {
      day: 'numeric',
      month: 'numeric',
      year: 'numeric',
      timeZone: 'UTC',
    }).formatToParts(Date.UTC(2026, 10, 24));
    const types = parts.map((p) => p.type);
    return types.indexOf('day') < types.indexOf('month') ? 'DMY' : 'MDY';
  } catch {
    return 'MDY';
  }
}

function fromParts(year: number, month: number, day: number, text: string): Result<CalendarDate> {
  return isValidYmd(year, month, day) ? ok(calendarDate(year, month, day)) : err(`"${text}" is not a day on the calendar`);
}

function expandYear(y: string): number {
  // Two-digit years in a receivables ledger are this century's.
  return y.length === 2 ? 2000 + Number(y) : Number(y);
}

/**
 * Reads a due date or invoice date the way ledgers hold them: a Date from Sheets, a Sheets
 * serial number, ISO ("2026-11-03", optionally with a time), numeric with slashes, dots or
 * dashes in the ledger's order ("11/3/2026"), or with a month name ("Nov 3, 2026",
 * "3 November 2026"). The error says what was found, for the row error shown to the user.
 */
export function parseLedgerDate(value: unknown, options: LedgerDateOptions): Result<CalendarDate> {
  if (value instanceof Date) {
    const t = value.getTime();
    return Number.isNaN(t) ? err('is not a valid date') : ok(calendarDateIn(t, options.timeZone));
  }
  if (typeof value === 'number') {
    // 2 = 1900-01-01, the first day we accept; 2958465 = 9999-12-31. Times of day (fractions) are dropped.
    if (!Number.isFinite(value) || value < 2 || value > 2_958_465) return err(`${value} is not a date serial number`);
    return ok(fromEpochDay(SHEETS_SERIAL_EPOCH_DAY + Math.floor(value)));
  }
  if (typeof value !== 'string') return err('is not a date');
  const text = value.trim();
  if (text === '') return err('is empty');

  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (m) return fromParts(Number(m[1]), Number(m[2]), Number(m[3]), text);

  m = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(text);
  if (m) return fromParts(Number(m[1]), Number(m[2]), Number(m[3]), text);

  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})$/.exec(text);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const year = expandYear(m[3] ?? '');
    const [month, day] = options.dateOrder === 'MDY' ? [a, b] : [b, a];
    return fromParts(year, month, day, text);
  }

  // "Nov 3, 2026", "November 3 2026", "Nov. 3, 2026"
  m = /^(\p{L}{3,10})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/u.exec(text);
  if (m) {
    const month = monthNamed(m[1] ?? '');
    if (month === undefined) return err(`"${text}" has no month we recognise`);
    return fromParts(Number(m[3]), month, Number(m[2]), text);
  }
  // "3 Nov 2026", "3-Nov-2026", "03 November, 2026", "24. Nov. 2026", "24 de noviembre de 2026", "1er mars 2026"
  m = /^(\d{1,2})(?:\.|er|º)?[\s-]+(?:de\s+)?(\p{L}{3,10})\.?,?[\s-]+(?:de\s+)?(\d{4}|\d{2})$/u.exec(text);
  if (m) {
    const month = monthNamed(m[2] ?? '');
    if (month === undefined) return err(`"${text}" has no month we recognise`);
    return fromParts(expandYear(m[3] ?? ''), month, Number(m[1]), text);
  }
  return err(
    `"${text.slice(0, 40)}" is not a date we can read (use YYYY-MM-DD or ${options.dateOrder === 'MDY' ? 'M/D/YYYY' : 'D/M/YYYY'})`,
  );
}
