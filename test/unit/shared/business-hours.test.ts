import fc from 'fast-check';
import { BusinessHours, DEFAULT_BUSINESS_HOURS, isWithinBusinessHours, nextAllowedSendSlot } from '../../../shared/time/business-hours';
import { CalendarDate } from '../../../shared/time/calendar-date';

const at = (iso: string) => Date.parse(iso);
const newYork: BusinessHours = { ...DEFAULT_BUSINESS_HOURS, timeZone: 'America/New_York' };

describe('business hours', () => {
  it.each([
    ['inside the window: now', '2026-11-24T15:00:00Z', '2026-11-24T15:00:00Z'],
    ['before opening: 09:00 the same day', '2026-11-24T12:00:00Z', '2026-11-24T14:00:00Z'],
    ['at closing time: 09:00 the next day', '2026-11-24T22:00:00Z', '2026-11-25T14:00:00Z'],
    ['on a Saturday: Monday 09:00', '2026-11-28T15:00:00Z', '2026-11-30T14:00:00Z'],
    ['Friday evening: Monday 09:00', '2026-11-27T23:30:00Z', '2026-11-30T14:00:00Z'],
    ['the Sunday clocks spring forward: Monday 09:00 EDT', '2026-03-08T15:00:00Z', '2026-03-09T13:00:00Z'],
  ])('sends %s', (_, now, expected) => {
    expect(new Date(nextAllowedSendSlot(at(now), newYork)).toISOString()).toBe(new Date(at(expected)).toISOString());
  });

  it('skips a configured holiday', () => {
    const hours = { ...newYork, holidays: [CalendarDate.parse('2026-11-26')] }; // Thanksgiving
    expect(nextAllowedSendSlot(at('2026-11-25T23:00:00Z'), hours)).toBe(at('2026-11-27T14:00:00Z'));
  });

  it("uses the debtor's zone, not the sender's", () => {
    const london = { ...DEFAULT_BUSINESS_HOURS, timeZone: 'Europe/London' };
    // 15:00 UTC on a Tuesday is 15:00 in London but 10:00 in New York: both open.
    expect(isWithinBusinessHours(at('2026-11-24T15:00:00Z'), london)).toBe(true);
    // 18:00 UTC: London has closed, New York has not.
    expect(isWithinBusinessHours(at('2026-11-24T18:00:00Z'), london)).toBe(false);
    expect(isWithinBusinessHours(at('2026-11-24T18:00:00Z'), newYork)).toBe(true);
  });

  it('refuses a window that ends before it starts, naming the field', () => {
    const parsed = BusinessHours.safeParse({ ...newYork, startMinute: 600, endMinute: 540 });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['endMinute']);
  });

  it('always answers a time at or after the one asked, inside the window', () => {
    const zones = ['America/New_York', 'Europe/London', 'Australia/Sydney', 'America/Los_Angeles'];
    fc.assert(
      fc.property(fc.integer({ min: at('2025-01-01'), max: at('2030-01-01') }), fc.constantFrom(...zones), (t, zone) => {
        const hours = { ...DEFAULT_BUSINESS_HOURS, timeZone: zone };
        const slot = nextAllowedSendSlot(t, hours);
        return slot >= t && isWithinBusinessHours(slot, hours) && slot - t < 4 * 86_400_000;
      }),
      { numRuns: 1000 },
    );
  });
});
