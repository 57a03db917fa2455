import * as z from 'zod';
import { addDays, CalendarDate, weekday } from './calendar-date';
import { instantAt, isValidTimeZone, wallTimeAt } from './time-zone';

export const TimeZone = z.string().refine(isValidTimeZone, { message: 'is not an IANA time zone such as Europe/London' });

const MinuteOfDay = z
  .number()
  .int()
  .min(0)
  .max(24 * 60);

const windowShape = {
  /** 0 = Sunday ... 6 = Saturday. */
  days: z.array(z.number().int().min(0).max(6)).min(1).max(7),
  startMinute: MinuteOfDay,
  endMinute: MinuteOfDay,
  holidays: z.array(CalendarDate).max(366).default([]),
};
const startsBeforeEnd = (h: { startMinute: number; endMinute: number }) => h.startMinute < h.endMinute;
const startsBeforeEndIssue = { message: 'the window must start before it ends', path: ['endMinute'] };

/** Holidays may close the window for a shutdown, never for longer than this: chasing must be able to go on. */
export const MAX_CLOSED_DAYS = 28;

/**
 * The first day from which `MAX_CLOSED_DAYS` days in a row have no working day that is not a
 * holiday, or undefined. Only a run of holidays can do it (the working days recur every week),
 * so only the days around holidays are looked at.
 */
export function longClosure(window: { days: readonly number[]; holidays: readonly CalendarDate[] }): CalendarDate | undefined {
  const holidays = new Set(window.holidays);
  const open = (d: CalendarDate) => window.days.includes(weekday(d)) && !holidays.has(d);
  for (const holiday of [...holidays].sort()) {
    // The closure around this holiday starts at most a week earlier (working days recur weekly).
    let start = holiday;
    for (let i = 0; i < 7 && !open(addDays(start, -1)); i += 1) start = addDays(start, -1);
    let run = 0;
    for (let d = start; run < MAX_CLOSED_DAYS && !open(d); d = addDays(d, 1)) run += 1;
    if (run >= MAX_CLOSED_DAYS) return start;
  }
  return undefined;
}

const leavesSendingDays = (h: { days: readonly number[]; holidays: readonly CalendarDate[] }, ctx: z.core.$RefinementCtx) => {
  const closed = longClosure(h);
  if (closed)
    ctx.addIssue({
      code: 'custom',
      path: ['holidays'],
      message: `close sending for ${MAX_CLOSED_DAYS} days or more from ${closed}; leave at least one working day in every ${MAX_CLOSED_DAYS}`,
    });
};

/** A ledger's sending window, in whichever zone each debtor is in. */
export const BusinessWindow = z.object(windowShape).refine(startsBeforeEnd, startsBeforeEndIssue).superRefine(leavesSendingDays);
export type BusinessWindow = z.infer<typeof BusinessWindow>;

/** When automated email may reach one debtor: weekdays, a daily window and holidays, in their zone. */
export const BusinessHours = z
  .object({ timeZone: TimeZone, ...windowShape })
  .refine(startsBeforeEnd, startsBeforeEndIssue)
  .superRefine(leavesSendingDays);
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
