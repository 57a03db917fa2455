import type { ChainedEvent } from '../../../lambdas/audit/hash-chain';
import { letterHistoryFrom } from '../../../lambdas/services/letter-history-events';

const event = (at: string, type: string, data: Record<string, unknown>): ChainedEvent => ({
  tenant: 't',
  ledgerId: 'l',
  invoiceNumber: 'A-1',
  seq: 1,
  prevHash: '0'.repeat(64),
  hash: '1'.repeat(64),
  type,
  at,
  actor: { sub: 'dispatcher', email: 'dispatcher' },
  source: 'dispatcher',
  data,
});

/** What a letter may cite as earlier reminders: only emails that were reminders, whatever they carried. */
describe('the reminders a letter cites', () => {
  it('counts a reminder that carried the statement of account, and not an emailed letter or a thank-you note', () => {
    const pdf = { fileName: 'x.pdf', sha256: 'ab'.repeat(32), bytes: 10 };
    const history = letterHistoryFrom(
      [
        event('2026-10-01T15:00:00Z', 'email.sent', { stepId: 'due' }),
        event('2026-10-16T15:00:00Z', 'email.sent', { stepId: 'overdue-15', attachment: { ...pdf, kind: 'statement' } }),
        event('2026-10-20T15:00:00Z', 'email.sent', { stepId: 'letter-1', attachment: pdf }),
        event('2026-10-21T15:00:00Z', 'email.sent', { stepId: 'letter-2', attachment: { ...pdf, kind: 'letter' } }),
        event('2026-10-22T15:00:00Z', 'email.sent', { stepId: 'thank-you' }),
      ],
      'America/New_York',
    );
    expect(history.reminders).toEqual(['2026-10-01', '2026-10-16']);
  });
});
