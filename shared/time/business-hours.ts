import * as z from 'zod';
import { addDays, CalendarDate, weekday } from './calendar-date';
import { instantAt, isValidTimeZone, wallTimeAt } from './time-zone';

export const TimeZone = z.string().refine(isValidTimeZone, { message: 'is not an IANA time zone such as Europe/London' });

const MinuteOfDay = z.number().int().min(0).max(24 * 60);

const windowShape = {
  /** 0 = Sunday ... 6 = Saturday. */
  days: z.array(z.number().int().min(0).max(6)).min(1).max(7),
  startMinute: MinuteOfDay,
  endMinute: MinuteOfDay,
  holidays: z.array(CalendarDate).max(366).default([]),
};
const startsBeforeEnd = (h: { startMinute: number; endMinute: number }) => h.startMinute < h.endMinute;
const startsBeforeEndIssue = { message: 'the window must start before it ends', path: ['endMinute'] };

/** A ledger's sending window, in whichever zone each debtor is in. */
export const BusinessWindow = z.object(windowShape).refine(startsBeforeEnd, startsBeforeEndIssue);
export type BusinessWindow = z.infer<typeof BusinessWindow>;

/** When automated email may reach one debtor: weekdays, a daily window and holidays, in their zone. */
export const BusinessHours = z.object({ timeZone: TimeZone, ...windowShape }).refine(startsBeforeEnd, startsBeforeEndIssue);
export type BusinessHours = z.infer<typeof BusinessHours>;

export const DEFAULT_BUSINESS_HOURS: BusinessWindow = {
  days: [1, 2, 3, 4, 5],
  startMinute: 9 * 60,
  endMinute: 17 * 60,
  holidays: [],
};

function isBusinessDay(date: CalendarDate, hours: BusinessHours): boolean {
  return hours.days.includes(weekday(date)) && !hours.holidays.includes(date);
}

/**
 * The earliest instant at or after `notBeforeMs` inside the debtor's business hours. Quiet
 * hours, weekends and holidays all push the send to the next window's opening. Looks at most
 * 400 days ahead: a configuration with no business day in a year is a bug we want loud.
 */
export function nextAllowedSendSlot(notBeforeMs: number, hours: BusinessHours): number {
  const { date, minuteOfDay } = wallTimeAt(notBeforeMs, hours.timeZone);
  if (isBusinessDay(date, hours) && minuteOfDay >= hours.startMinute && minuteOfDay < hours.endMinute) {
    return notBeforeMs;
  }
  let day = date;
  for (let i = 0; i <= 400; i += 1) {
    if (isBusinessDay(day, hours)) {
      const opening = instantAt(day, hours.startMinute, hours.timeZone);
      if (opening >= notBeforeMs) return opening;
    }
    day = addDays(day, 1);
  }
  throw new Error('business hours allow no day in the next 400 days');
}

export function isWithinBusinessHours(instantMs: number, hours: BusinessHours): boolean {
  return nextAllowedSendSlot(instantMs, hours) === instantMs;
}
