import fc from 'fast-check';
import { capFreesAt, DEFAULT_CONTACT_CAP, nextSendSlot } from '../../../shared/escalation/contact-cap';
import { DEFAULT_BUSINESS_HOURS, isWithinBusinessHours } from '../../../shared/time/business-hours';

const at = (iso: string) => Date.parse(iso);
const DAY = 86_400_000;
const hours = { ...DEFAULT_BUSINESS_HOURS, timeZone: 'America/New_York' };

describe('contact caps', () => {
  it('allows an email now while under the cap', () => {
    expect(capFreesAt([at('2026-11-23T15:00:00Z')], at('2026-11-24T15:00:00Z'), DEFAULT_CONTACT_CAP)).toBe(at('2026-11-24T15:00:00Z'));
  });

  it('moves a capped email to when the oldest send in the window ages out', () => {
    const sends = [at('2026-11-23T15:00:00Z'), at('2026-11-24T14:30:00Z')];
    expect(capFreesAt(sends, at('2026-11-24T15:00:00Z'), DEFAULT_CONTACT_CAP)).toBe(at('2026-11-30T15:00:00Z'));
  });

  it('ignores sends older than the window', () => {
    const sends = [at('2026-11-10T15:00:00Z'), at('2026-11-12T15:00:00Z')];
    expect(capFreesAt(sends, at('2026-11-24T15:00:00Z'), DEFAULT_CONTACT_CAP)).toBe(at('2026-11-24T15:00:00Z'));
  });

  it('then pushes the freed time into business hours', () => {
    // The cap frees on Saturday 28th at 15:00 UTC; the next business opening is Monday 09:00 New York.
    const sends = [at('2026-11-21T15:00:00Z'), at('2026-11-23T15:00:00Z')];
    expect(nextSendSlot(at('2026-11-24T15:00:00Z'), sends, DEFAULT_CONTACT_CAP, hours)).toBe(at('2026-11-30T14:00:00Z'));
  });

  it('never gives a slot that would exceed the cap or fall outside business hours', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 14 * DAY }), { maxLength: 8 }),
        fc.integer({ min: 0, max: 14 * DAY }),
        fc.integer({ min: 1, max: 4 }),
        (offsets, nowOffset, maxEmails) => {
          const base = at('2026-11-01T00:00:00Z');
          const sends = offsets.map((o) => base + o);
          const now = base + nowOffset;
          const cap = { maxEmails, windowDays: 7 };
          const slot = nextSendSlot(now, sends, cap, hours);
          const inWindow = sends.filter((t) => t > slot - 7 * DAY && t <= slot).length;
          return slot >= now && isWithinBusinessHours(slot, hours) && inWindow < maxEmails;
        },
      ),
    );
  });
});
