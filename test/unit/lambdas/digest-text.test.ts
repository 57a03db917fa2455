import { digestText } from '../../../lambdas/dispatcher/digest-text';
import { nextDigestAt } from '../../../lambdas/services/digest-schedule';

const zone = 'Europe/Berlin';
const day = 24 * 3600_000;

/** Steps waiting in a ledger whose team never approves anything: held ones stay held for days. */
const waiting = [
  { sendAt: '2026-12-01T08:00:00.000Z', invoiceNumber: 'A-1', label: 'Due-date reminder', state: 'AWAITING_APPROVAL' as const },
  { sendAt: '2026-12-01T15:00:00.000Z', invoiceNumber: 'A-2', label: 'First reminder', state: 'PENDING' as const },
  { sendAt: '2026-12-02T09:30:00.000Z', invoiceNumber: 'A-3', label: 'Second reminder', state: 'AWAITING_APPROVAL' as const },
  { sendAt: '2026-12-03T08:00:00.000Z', invoiceNumber: 'A-4', label: 'Final reminder', state: 'PENDING' as const },
];

describe('the daily digest', () => {
  it('lists each step once over a week of digests, held steps included, and counts the held ones left from earlier days', () => {
    let at = Date.parse(nextDigestAt({ timeZone: zone }, Date.parse('2026-11-30T12:00:00Z')));
    const listed: string[] = [];
    const counts: string[] = [];
    for (let i = 0; i < 7; i += 1) {
      // The dispatcher takes the digest a few minutes late; the window still starts at its own time.
      const next = Date.parse(nextDigestAt({ timeZone: zone }, at + 4 * 60_000 + 60_000));
      const { text } = digestText({
        ledgerName: 'Acme',
        timeZone: zone,
        waiting: waiting.filter((r) => Date.parse(r.sendAt) < next),
        windowStart: at,
        windowEnd: next,
        broken: [],
      });
      listed.push(
        ...text
          .split('\n')
          .filter((l) => l.startsWith('- '))
          .map((l) => l.split('  ')[1] ?? ''),
      );
      counts.push(/^(\d+) emails? from earlier days/m.exec(text)?.[1] ?? '0');
      at = next;
    }
    expect(listed).toEqual(['A-1', 'A-2', 'A-3', 'A-4']);
    // A-1 still held from 2 December on, A-3 too from the 3rd.
    expect(counts).toEqual(['0', '1', '2', '2', '2', '2', '2']);
  });

  it('says the times on the team clock, marks held steps, and words one and many', () => {
    const start = Date.parse('2026-12-01T07:00:00Z');
    const one = digestText({
      ledgerName: 'Acme',
      timeZone: zone,
      waiting: waiting.slice(0, 1),
      windowStart: start,
      windowEnd: start + day,
      broken: [],
    });
    expect(one.subject).toBe('Dunning Desk: 1 reminder to go out in the next 24 hours');
    expect(one.text).toContain('- 2026-12-01 09:00  A-1  Due-date reminder  (waiting for your approval)');
    const none = digestText({
      ledgerName: 'Acme',
      timeZone: zone,
      waiting: [],
      windowStart: start,
      windowEnd: start + day,
      broken: [{ invoiceNumber: 'B-1', customer: 'Bolt', promisedFor: '2026-11-27' }],
    });
    expect(none.subject).toBe('Dunning Desk: 0 reminders to go out in the next 24 hours');
    expect(none.text).toContain('Nothing is scheduled.');
    expect(none.text).toContain('- B-1  Bolt  promised by 2026-11-27');
  });
});
