import fc from 'fast-check';
import { daysPastDue } from '../../../shared/aging/aging-buckets';
import { CalendarDate } from '../../../shared/time/calendar-date';
import {
  calendarDateIn,
  instantAt,
  isValidTimeZone,
  utcOffsetMinutes,
  utcOffsetMinutesUncached,
  wallTimeAt,
} from '../../../shared/time/time-zone';

const d = (s: string) => CalendarDate.parse(s);
const at = (iso: string) => Date.parse(iso);

describe('time zones', () => {
  it('tells the calendar day in a zone, which differs from UTC near midnight', () => {
    expect(calendarDateIn(at('2026-11-25T03:30:00Z'), 'America/New_York')).toBe('2026-11-24');
    expect(calendarDateIn(at('2026-11-24T23:30:00Z'), 'Asia/Tokyo')).toBe('2026-11-25');
  });

  it('knows the offsets either side of a DST change', () => {
    expect(utcOffsetMinutes(at('2026-03-08T06:00:00Z'), 'America/New_York')).toBe(-300);
    expect(utcOffsetMinutes(at('2026-03-08T08:00:00Z'), 'America/New_York')).toBe(-240);
    expect(utcOffsetMinutes(at('2026-07-01T12:00:00Z'), 'Europe/London')).toBe(60);
  });

  it('maps a wall time to its instant on an ordinary day', () => {
    expect(instantAt(d('2026-11-24'), 9 * 60, 'America/New_York')).toBe(at('2026-11-24T14:00:00Z'));
    expect(instantAt(d('2026-07-01'), 9 * 60, 'Europe/London')).toBe(at('2026-07-01T08:00:00Z'));
  });

  it('moves a wall time inside the spring-forward gap forward by the gap', () => {
    // 02:30 does not exist in New York on 2026-03-08: the clocks go 01:59 -> 03:00.
    expect(instantAt(d('2026-03-08'), 2 * 60 + 30, 'America/New_York')).toBe(at('2026-03-08T07:30:00Z'));
    expect(wallTimeAt(at('2026-03-08T07:30:00Z'), 'America/New_York').minuteOfDay).toBe(3 * 60 + 30);
  });

  it('maps an ambiguous fall-back wall time to its first occurrence', () => {
    // 01:30 happens twice in New York on 2026-11-01: first at EDT (05:30Z), then at EST (06:30Z).
    expect(instantAt(d('2026-11-01'), 90, 'America/New_York')).toBe(at('2026-11-01T05:30:00Z'));
  });

  it('counts days past due in calendar days whatever the clocks did', () => {
    const todayInNewYork = calendarDateIn(at('2026-03-10T03:30:00Z'), 'America/New_York'); // 23:30 on March 9
    expect(todayInNewYork).toBe('2026-03-09');
    expect(daysPastDue(d('2026-03-01'), todayInNewYork)).toBe(8);
  });

  it('accepts IANA zones and rejects anything else', () => {
    expect(isValidTimeZone('Europe/London')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });

  it('finds, for any minute of any day, an instant that shows that wall time or lies just past a gap', () => {
    const zones = ['America/New_York', 'Europe/London', 'Australia/Sydney', 'Asia/Kolkata', 'America/St_Johns', 'UTC'];
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('2024-01-01'), max: Date.parse('2030-12-31') }), fc.constantFrom(...zones), (t, zone) => {
        const wall = wallTimeAt(t, zone);
        const instant = instantAt(wall.date, wall.minuteOfDay, zone);
        // The wall time exists (we read it off a real instant), so it must map back to a
        // minute showing it: the same minute, or its first occurrence an hour earlier.
        const back = wallTimeAt(instant, zone);
        const minuteOfT = Math.floor(t / 60_000) * 60_000;
        return back.date === wall.date && back.minuteOfDay === wall.minuteOfDay && instant <= minuteOfT && minuteOfT - instant <= 3_600_000;
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with Intl at every instant, odd offsets and 30-minute DST shifts included', () => {
    const zones = [
      'America/St_Johns',
      'Asia/Kathmandu',
      'Pacific/Chatham',
      'Australia/Lord_Howe',
      'America/New_York',
      'Europe/London',
      'Asia/Tokyo',
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2000-01-01'), max: Date.parse('2040-12-31') }),
        fc.constantFrom(...zones),
        (t, zone) => utcOffsetMinutes(t, zone) === utcOffsetMinutesUncached(t, zone),
      ),
      { numRuns: 5000 },
    );
  });

  it('agrees with Intl in the minutes around real transitions', () => {
    // Newfoundland springs forward at 02:00 local = 05:30 UTC; Lord Howe shifts by 30 minutes.
    for (const [zone, iso] of [
      ['America/St_Johns', '2026-03-08T05:30:00Z'],
      ['Australia/Lord_Howe', '2026-04-04T15:00:00Z'],
      ['America/New_York', '2026-11-01T06:00:00Z'],
      // Until 2011 Newfoundland changed at 00:01 local: 02:31 UTC, inside a 15-minute slice.
      ['America/St_Johns', '2009-11-01T02:31:00Z'],
    ] as const) {
      for (let m = -30; m <= 30; m += 1) {
        const t = Date.parse(iso) + m * 60_000;
        expect([zone, m, utcOffsetMinutes(t, zone)]).toEqual([zone, m, utcOffsetMinutesUncached(t, zone)]);
      }
    }
  });
});
