import * as z from 'zod';

/**
 * A day on the calendar with no time and no zone ("2026-11-24"). Due dates and aging are
 * about calendar days, so they are kept apart from instants: arithmetic on epoch days cannot
 * be thrown off by a DST change the way adding 86,400,000 ms to a timestamp can.
 */
/** The days Dunning Desk accepts: wide enough for any invoice, with room for date arithmetic. */
export const FIRST_DAY = '1950-01-01';
export const LAST_DAY = '2199-12-31';

export const CalendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine((s) => isValidYmd(Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10))), {
    message: 'is not a day on the calendar',
  })
  // Arithmetic (deadlines, ladder days, 400-day searches) must stay on the calendar.
  .refine((s) => s >= FIRST_DAY && s <= LAST_DAY, { message: `must be between ${FIRST_DAY} and ${LAST_DAY}` })
  .brand<'CalendarDate'>();
export type CalendarDate = z.infer<typeof CalendarDate>;

const MS_PER_DAY = 86_400_000;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  const lengths = [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return lengths[month - 1] ?? 0;
}

export function isValidYmd(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= 1900 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** Builds a date from parts already known to be valid (callers check with isValidYmd). */
export function calendarDate(year: number, month: number, day: number): CalendarDate {
  if (!isValidYmd(year, month, day)) throw new RangeError(`not a calendar date: ${year}-${month}-${day}`);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` as CalendarDate;
}

export function ymd(date: CalendarDate): { year: number; month: number; day: number } {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

/** Days since 1970-01-01; the proleptic Gregorian calendar, as Date.UTC counts it. */
export function toEpochDay(date: CalendarDate): number {
  const { year, month, day } = ymd(date);
  return Math.round(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

export function fromEpochDay(epochDay: number): CalendarDate {
  const d = new Date(epochDay * MS_PER_DAY);
  return calendarDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromEpochDay(toEpochDay(date) + days);
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

/** 0 = Sunday ... 6 = Saturday, as Date.getDay counts. */
export function weekday(date: CalendarDate): number {
  return (((toEpochDay(date) + 4) % 7) + 7) % 7;
}

export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
