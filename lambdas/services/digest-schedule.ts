import type { LedgerSettings } from '../../shared/api/contract';
import { addDays } from '../../shared/time/calendar-date';
import { calendarDateIn, instantAt } from '../../shared/time/time-zone';

/** The digest goes at 08:00 in the ledger's zone, before the day's reminders start at 09:00. */
export const DIGEST_MINUTE = 8 * 60;

export function nextDigestAt(settings: Pick<LedgerSettings, 'timeZone'>, nowMs: number): string {
  const today = calendarDateIn(nowMs, settings.timeZone);
  const todayAt = instantAt(today, DIGEST_MINUTE, settings.timeZone);
  return new Date(todayAt > nowMs ? todayAt : instantAt(addDays(today, 1), DIGEST_MINUTE, settings.timeZone)).toISOString();
}
