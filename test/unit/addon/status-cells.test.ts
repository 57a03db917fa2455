import { statusCells, statusColumnIndex } from '../../../addon/src/status/status-cells';
import { InvoiceStatusView } from '../../../shared/api/contract';

const view = (fields: Record<string, unknown>) =>
  InvoiceStatusView.parse({ invoiceNumber: 'INV-1', automation: { state: 'sending' }, ...fields });

describe('the status columns, in words', () => {
  it('dates the last contact on the ledger’s calendar, not UTC’s', () => {
    const late = view({ lastContact: { at: '2026-11-25T02:30:00Z', kind: 'reminder', label: 'Due-date reminder' } });
    expect(statusCells(late, 'America/New_York')[0]).toBe('2026-11-24 Reminder: Due-date reminder');
    expect(statusCells(late, 'Europe/London')[0]).toBe('2026-11-25 Reminder: Due-date reminder');
    expect(statusCells(view({ lastContact: { at: '2026-11-20T10:00:00Z', kind: 'call' } }), 'UTC')[0]).toBe('2026-11-20 Call');
  });

  it('says whose move the next step is', () => {
    expect(statusCells(view({ nextStep: { label: 'Overdue reminder', action: 'email', on: '2026-12-01' } }), 'UTC')[1]).toBe(
      'Overdue reminder on 2026-12-01',
    );
    expect(
      statusCells(
        view({ nextStep: { label: 'Formal demand', action: 'letter', on: '2026-12-01' }, automation: { state: 'your_turn' } }),
        'UTC',
      ).slice(1),
    ).toEqual(['Formal demand (letter to send) on 2026-12-01', 'Your turn']);
  });

  it('names each automation state, with the reason when it is not sending', () => {
    const words = (automation: Record<string, unknown>) => statusCells(view({ automation }), 'UTC')[2];
    expect(words({ state: 'sending' })).toBe('Sending reminders');
    expect(words({ state: 'paid' })).toBe('Paid');
    expect(words({ state: 'waiting', reason: 'a promise to pay is pending until 2026-12-05' })).toBe(
      'Waiting: a promise to pay is pending until 2026-12-05',
    );
    expect(words({ state: 'stopped', reason: 'the invoice is disputed (Pricing)' })).toBe('Stopped: the invoice is disputed (Pricing)');
    expect(words({ state: 'finished', reason: 'no further automatic reminder is planned' })).toBe(
      'No further automatic reminder is planned',
    );
    expect(statusCells(undefined, 'UTC')).toEqual(['', '', 'Not synced yet']);
  });

  it('finds its columns again by their headers, else goes right of the data', () => {
    expect(statusColumnIndex(['Invoice', 'Due', 'Last contact', 'Next step', 'Automation', 'Notes'], 6)).toBe(2);
    expect(statusColumnIndex(['Invoice', 'Due', 'Last contact', 'Notes'], 4)).toBe(4);
    expect(statusColumnIndex(['Invoice', 'Due'], 2)).toBe(2);
  });
});
