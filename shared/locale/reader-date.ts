/**
 * How a date is written for the person reading an email or letter. The words are English (the
 * letters are), so only the order follows the reader: "October 1, 2026" where dates are written
 * month first (the United States, Canada, the Philippines), "1 October 2026" everywhere else,
 * which is also the form a German or French reader of English expects. Never 10/01/2026, which a
 * reader on the other side of the Atlantic reads as 10 January.
 */
import { type CalendarDate, ymd } from '../time/calendar-date';
import { inWords } from '../text';

export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const MONTH_FIRST_REGIONS = new Set(['US', 'CA', 'PH']);

/** Whether readers in `locale` write the month before the day. */
export function monthFirst(locale: string): boolean {
  return MONTH_FIRST_REGIONS.has(locale.split('-')[1]?.toUpperCase() ?? '');
}

/** "October 1, 2026" (en-US) or "1 October 2026" (en-GB, de-DE, ...). */
export function dateForReader(date: CalendarDate, locale: string): string {
  const { year, month, day } = ymd(date);
  const name = MONTHS[month - 1] ?? '';
  return monthFirst(locale) ? `${name} ${day}, ${year}` : `${day} ${name} ${year}`;
}

/**
 * Several days in one phrase, the month and the year said once where they are shared:
 * "3 and 17 November 2026" / "November 3 and 17, 2026", "28 October and 3 November 2026" /
 * "October 28 and November 3, 2026"; across years each date is written in full.
 */
export function datesForReader(dates: readonly CalendarDate[], locale: string): string {
  const sorted = [...new Set(dates)].sort();
  const parts = sorted.map(ymd);
  const sameYear = parts.every((p) => p.year === parts[0]?.year);
  const sameMonth = sameYear && parts.every((p) => p.month === parts[0]?.month);
  const first = monthFirst(locale);
  return inWords(
    sorted.map((date, i) => {
      const { year, month, day } = parts[i] ?? ymd(date);
      const name = MONTHS[month - 1] ?? '';
      const last = i === sorted.length - 1;
      if (!sameYear || (last && !(first && sameMonth && sorted.length > 1))) return dateForReader(date, locale);
      if (first) {
        // "November 3, 10 and 17, 2026": the month leads the first date, the year follows the last.
        if (last) return `${day}, ${year}`;
        return sameMonth && i > 0 ? String(day) : `${name} ${day}`;
      }
      return sameMonth ? String(day) : `${day} ${name}`;
    }),
  );
}
