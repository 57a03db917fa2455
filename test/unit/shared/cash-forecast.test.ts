import { cashForecast, type ForecastInputs, type ForecastInvoice } from '../../../shared/forecast/cash-forecast';
import { money } from '../../../shared/money/money';
import type { CalendarDate } from '../../../shared/time/calendar-date';

const ASOF = '2026-12-01' as CalendarDate;
const usd = (minor: number) => money(minor, 'USD');
const inv = (
  invoiceNumber: string,
  customer: string,
  dueDate: string,
  balance: number,
  status: ForecastInvoice['status'] = 'open',
  currency = 'USD',
) => ({
  invoiceNumber,
  customer,
  dueDate: dueDate as CalendarDate,
  balance: money(balance, currency),
  status,
});

/** A seeded ledger whose weekly figures were worked out by hand (in the comments). */
const LEDGER: ForecastInvoice[] = [
  inv('A-1', 'Acme', '2026-11-20', 100_000), // +10 days late: 30 Nov, passed -> overdue
  inv('A-2', 'Acme', '2026-12-10', 50_000), // 20 Dec: day 19 -> week 3
  inv('A-3', 'ACME', '2026-11-01', 80_000), // promise of 600.00 on 9 Dec x 3/4 kept = 450.00, week 2; the 350.00 left, 9 Dec -> week 2
  inv('B-1', 'Beta', '2026-12-31', 25_000), // no lateness known: day 30 -> week 5
  inv('B-2', 'Beta', '2027-03-15', 9_999), // beyond 12 weeks -> later
  inv('B-3', 'Beta', '2026-11-25', 20_000), // promise on 3 Dec, no promise record: in full -> week 1
  inv('G-1', 'Gamma', '2026-12-05', 30_000), // +45.5 -> 46 days: 20 Jan, day 50 -> week 8
  inv('D-1', 'Delta', '2026-10-01', 40_000, 'disputed'), // apart
  inv('E-1', 'Beta', '2026-10-01', 15_000), // bankrupt by the backend's record though the sheet says open
  inv('P-1', 'Acme', '2026-10-01', 0, 'paid'), // settled: not counted
  inv('X-1', 'Acme', '2026-12-01', 7_000, 'open', 'EUR'), // +10: 11 Dec, day 10 -> week 2, in EUR
];
const INPUTS: ForecastInputs = {
  customers: [
    { customer: 'acme', averageDaysLate: 10, promisesKept: 3, promisesDecided: 4 },
    { customer: 'Beta', promisesKept: 0, promisesDecided: 0 },
    { customer: 'Gamma', averageDaysLate: 45.5, promisesKept: 0, promisesDecided: 0 },
  ],
  invoices: [
    { invoiceNumber: 'A-3', promise: { promisedFor: '2026-12-09' as CalendarDate, amountMinor: 60_000 } },
    { invoiceNumber: 'B-3', promise: { promisedFor: '2026-12-03' as CalendarDate } },
    { invoiceNumber: 'E-1', apart: 'bankrupt' },
  ],
};

describe('the cash forecast', () => {
  const [dollars, euros] = cashForecast(LEDGER, INPUTS, ASOF);

  it('puts each balance in the week worked out by hand', () => {
    expect(dollars?.weeks.map((w) => w.expected.minor)).toEqual([20_000, 80_000, 50_000, 0, 25_000, 0, 0, 30_000, 0, 0, 0, 0]);
    expect(dollars?.overdue).toEqual(usd(100_000));
    expect(dollars).toMatchObject({ currency: 'USD', later: usd(9_999), disputed: usd(40_000), bankrupt: usd(15_000), open: usd(369_999) });
    expect(euros?.weeks.map((w) => w.expected.minor)).toEqual([0, 7_000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('adds up: the weeks, later, disputed and bankrupt are every open balance', () => {
    for (const f of [dollars, euros]) {
      if (!f) throw new Error('a currency is missing');
      const weeks = f.weeks.reduce((n, w) => n + w.expected.minor, 0);
      expect(f.overdue.minor + weeks + f.later.minor + f.disputed.minor + f.bankrupt.minor).toBe(f.open.minor);
    }
  });

  it('names the weeks from the day of the forecast, seven days each', () => {
    expect(dollars?.weeks[0]).toMatchObject({ start: '2026-12-01', end: '2026-12-07' });
    expect(dollars?.weeks[11]).toMatchObject({ start: '2027-02-16', end: '2027-02-22' });
  });

  it('without the backend, expects each balance on its due date, and one already past it as overdue', () => {
    const [f] = cashForecast(
      [inv('A-1', 'Acme', '2026-12-20', 1_000), inv('A-2', 'Acme', '2026-11-30', 500)],
      { customers: [], invoices: [] },
      ASOF,
    );
    expect(f?.weeks[2]?.expected).toEqual(usd(1_000));
    expect(f?.overdue).toEqual(usd(500));
  });

  it('expects a promise whose day has passed, still inside its grace, this week', () => {
    const [f] = cashForecast(
      [inv('A-1', 'Acme', '2026-10-01', 700)],
      { customers: [], invoices: [{ invoiceNumber: 'A-1', promise: { promisedFor: '2026-11-29' as CalendarDate } }] },
      ASOF,
    );
    expect(f?.weeks[0]?.expected).toEqual(usd(700));
    expect(f?.overdue).toEqual(usd(0));
  });

  it('rounds a weighted promise to the cent and keeps the cent it took off', () => {
    const [f] = cashForecast(
      [inv('A-1', 'Acme', '2026-11-01', 1_001)],
      {
        customers: [{ customer: 'Acme', promisesKept: 1, promisesDecided: 3 }],
        invoices: [{ invoiceNumber: 'A-1', promise: { promisedFor: '2026-12-20' as CalendarDate } }],
      },
      ASOF,
    );
    expect(f?.weeks[2]?.expected).toEqual(usd(1_001));
    expect(f?.open).toEqual(usd(1_001));
  });
});
