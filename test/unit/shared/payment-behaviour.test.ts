import { paymentBehaviour } from '../../../shared/escalation/payment-behaviour';
import { calendarDate } from '../../../shared/time/calendar-date';

const d = (s: string) => {
  const [y, m, day] = s.split('-').map(Number);
  return calendarDate(y ?? 0, m ?? 0, day ?? 0);
};
const TODAY = d('2026-11-24');

describe('paymentBehaviour: the customer’s payment record for the card', () => {
  it('says so when nothing was seen paid', () => {
    expect(paymentBehaviour([{ dueDate: d('2026-11-01'), settled: false, promises: [] }], TODAY, 3)).toEqual({
      paidInvoices: 0,
      promises: 0,
      brokenPromises: 0,
      summary: 'No payments seen yet.',
    });
  });

  it('averages days late over paid invoices, counting early payment as on time', () => {
    const result = paymentBehaviour(
      [
        { dueDate: d('2026-10-01'), settled: true, settledOn: d('2026-10-21'), promises: [] }, // 20 late
        { dueDate: d('2026-10-10'), settled: true, settledOn: d('2026-10-05'), promises: [] }, // early: 0
        { dueDate: d('2026-11-01'), settled: true, settledOn: d('2026-11-06'), promises: [] }, // 5 late
        { dueDate: d('2026-11-20'), settled: false, promises: [] }, // open: not counted
      ],
      TODAY,
      3,
    );
    expect(result).toMatchObject({ paidInvoices: 3, averageDaysLate: 8.3, summary: 'Pays 8.3 days late on average (3 paid invoices).' });
  });

  it('counts a promise broken when not paid by the promised day plus grace; one still in grace is neither', () => {
    const result = paymentBehaviour(
      [
        { dueDate: d('2026-10-01'), settled: true, settledOn: d('2026-10-13'), promises: [{ promisedFor: d('2026-10-10') }] }, // paid within grace: kept
        { dueDate: d('2026-10-01'), settled: true, settledOn: d('2026-10-20'), promises: [{ promisedFor: d('2026-10-10') }] }, // paid after grace: broken
        { dueDate: d('2026-10-01'), settled: false, promises: [{ promisedFor: d('2026-11-15') }] }, // unpaid, grace over on 19th: broken
        { dueDate: d('2026-10-01'), settled: false, promises: [{ promisedFor: d('2026-11-22') }] }, // unpaid, grace runs to the 25th: pending
      ],
      TODAY,
      3,
    );
    expect(result).toMatchObject({ promises: 3, brokenPromises: 2 });
    expect(result.summary).toBe('Pays 15.5 days late on average (2 paid invoices). 2 of 3 promises to pay broken.');
  });

  it('says why the days are unknown when the paid invoices were paid before they were first synced', () => {
    expect(
      paymentBehaviour(
        [
          { dueDate: d('2026-10-01'), settled: true, promises: [] },
          { dueDate: d('2026-10-05'), settled: true, promises: [] },
        ],
        TODAY,
        3,
      ).summary,
    ).toBe('No payment days known yet: its 2 paid invoices were already paid when first synced.');
  });

  it('says on time when every paid invoice was paid by its due date', () => {
    expect(
      paymentBehaviour([{ dueDate: d('2026-10-01'), settled: true, settledOn: d('2026-10-01'), promises: [] }], TODAY, 3).summary,
    ).toBe('Pays on time (1 paid invoice).');
  });
});
