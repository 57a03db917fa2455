import fc from 'fast-check';
import {
  addDays,
  CalendarDate,
  calendarDate,
  daysBetween,
  fromEpochDay,
  isValidYmd,
  toEpochDay,
  weekday,
} from '../../../shared/time/calendar-date';

const d = (s: string) => CalendarDate.parse(s);

describe('calendar dates', () => {
  it.each([
    ['2028-02-29', true],
    ['2000-02-29', true],
    ['2026-02-29', false],
    ['2100-02-29', false],
    ['2026-04-31', false],
    ['2026-12-31', true],
    ['2026-13-01', false],
    ['2026-00-10', false],
  ])('knows whether %s is a day on the calendar (%s)', (text, valid) => {
    expect(CalendarDate.safeParse(text).success).toBe(valid);
  });

  it('rejects text that is not written YYYY-MM-DD', () => {
    expect(CalendarDate.safeParse('11/24/2026').success).toBe(false);
  });

  it.each([
    ['2028-02-28', 1, '2028-02-29'],
    ['2028-02-29', 1, '2028-03-01'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-11-24', -90, '2026-08-26'],
  ])('adds days across month, year and leap-day edges: %s + %i = %s', (from, n, to) => {
    expect(addDays(d(from), n)).toBe(to);
  });

  it('counts days across a DST change as whole calendar days', () => {
    // New York and London change clocks in this span; calendar arithmetic must not care.
    expect(daysBetween(d('2026-03-01'), d('2026-04-01'))).toBe(31);
    expect(daysBetween(d('2026-10-20'), d('2026-11-10'))).toBe(21);
  });

  it('knows the day of the week', () => {
    expect(weekday(d('2026-11-24'))).toBe(2); // a Tuesday
    expect(weekday(d('1970-01-01'))).toBe(4);
    expect(weekday(d('1969-12-28'))).toBe(0);
  });

  it('refuses to build an impossible date', () => {
    expect(() => calendarDate(2026, 2, 30)).toThrow(RangeError);
  });

  const anyDate = fc
    .record({ year: fc.integer({ min: 1920, max: 2200 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) })
    .filter(({ year, month, day }) => isValidYmd(year, month, day))
    .map(({ year, month, day }) => calendarDate(year, month, day));

  it('round-trips every date through epoch days', () => {
    fc.assert(fc.property(anyDate, (date) => fromEpochDay(toEpochDay(date)) === date));
  });

  it('undoes adding days by subtracting them, and measures the distance it added', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: -5000, max: 5000 }), (date, n) => {
        const moved = addDays(date, n);
        return addDays(moved, -n) === date && daysBetween(date, moved) === n;
      }),
    );
  });
});
