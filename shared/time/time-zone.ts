import { type CalendarDate, fromEpochDay, ymd } from './calendar-date';

/**
 * Instants <-> wall-clock time in an IANA zone, using only Intl (present in Apps Script V8,
 * Node and browsers). No zone database is bundled: the host's ICU data is the authority.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  if (!timeZone || timeZone.length > 64) return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

export interface WallTime {
  date: CalendarDate;
  /** Minutes since local midnight, 0..1439. */
  minuteOfDay: number;
}

/** Offset straight from Intl: the reference the cached path below must always agree with. */
export function utcOffsetMinutesUncached(instantMs: number, timeZone: string): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(instantMs));
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  const wholeSeconds = Math.floor(instantMs / 1000) * 1000;
  return Math.round((asUtc - wholeSeconds) / 60_000);
}

/**
 * Offsets change only at a zone's transitions, and today's zones have them on 15-minute
 * boundaries (Newfoundland's falls at 05:30 UTC, so an hourly cache would be wrong there). So the
 * offset is cached per zone per 15-minute slice: a ledger of 100,000 date cells, all at local
 * midnight on a few hundred days, asks Intl a few hundred times, not 200,000. History is not so
 * tidy (Newfoundland changed at 00:01 local until 2011, 02:31 UTC), so a slice whose two ends
 * differ holds a transition and is asked of Intl at each instant instead.
 */
const SLICE_MS = 15 * 60_000;
/** A slice with a transition inside it: not cached. */
const IN_TRANSITION = Number.NaN;
const offsetCache = new Map<string, Map<number, number>>();

/** Offset of the zone from UTC at an instant, in minutes (New York in winter: -300). */
export function utcOffsetMinutes(instantMs: number, timeZone: string): number {
  let zone = offsetCache.get(timeZone);
  if (!zone) offsetCache.set(timeZone, (zone = new Map<number, number>()));
  const slice = Math.floor(instantMs / SLICE_MS);
  let offset = zone.get(slice);
  if (offset === undefined) {
    const first = utcOffsetMinutesUncached(slice * SLICE_MS, timeZone);
    const last = utcOffsetMinutesUncached((slice + 1) * SLICE_MS - 1000, timeZone);
    offset = first === last ? first : IN_TRANSITION;
    if (zone.size > 50_000) zone.clear();
    zone.set(slice, offset);
  }
  return Number.isNaN(offset) ? utcOffsetMinutesUncached(instantMs, timeZone) : offset;
}

export function wallTimeAt(instantMs: number, timeZone: string): WallTime {
  const local = Math.floor(instantMs / 60_000) * 60_000 + utcOffsetMinutes(instantMs, timeZone) * 60_000;
  const day = Math.floor(local / 86_400_000);
  return { date: fromEpochDay(day), minuteOfDay: Math.floor((local - day * 86_400_000) / 60_000) };
}

/** The calendar day it is in `timeZone` at `instantMs`: "today" for that zone. */
export function calendarDateIn(instantMs: number, timeZone: string): CalendarDate {
  return wallTimeAt(instantMs, timeZone).date;
}

/**
 * The instant at which the clocks in `timeZone` show `date` at `minuteOfDay`.
 * A wall time skipped by a spring-forward gap moves forward by the gap's length (New York's
 * clocks never show 02:30 on the second Sunday of March, so 02:30 means 03:30); an ambiguous
 * fall-back time maps to its first occurrence. This is Temporal's "compatible" rule, and it
 * never moves a time by more than the gap itself.
 */
export function instantAt(date: CalendarDate, minuteOfDay: number, timeZone: string): number {
  const { year, month, day } = ymd(date);
  const naive = Date.UTC(year, month - 1, day, 0, minuteOfDay);
  // Try the offsets in force a day either side of the naive guess; a zone changes at most
  // once in that span, so one of them gives the answer.
  const candidates = new Set([
    utcOffsetMinutes(naive - 86_400_000, timeZone),
    utcOffsetMinutes(naive, timeZone),
    utcOffsetMinutes(naive + 86_400_000, timeZone),
  ]);
  const matches: number[] = [];
  for (const offset of candidates) {
    const instant = naive - offset * 60_000;
    const wall = wallTimeAt(instant, timeZone);
    if (wall.date === date && wall.minuteOfDay === minuteOfDay) matches.push(instant);
  }
  if (matches.length > 0) return Math.min(...matches);
  // In a gap: the clocks jump from just before it to just after it; use the offset from
  // before the gap, which lands after it.
  const before = utcOffsetMinutes(naive - 86_400_000, timeZone);
  return naive - before * 60_000;
}

/** 540 -> "09:00": a minute of the day as a 24-hour clock shows it. */
export function clockTime(minuteOfDay: number): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(minuteOfDay / 60))}:${pad(minuteOfDay % 60)}`;
}
