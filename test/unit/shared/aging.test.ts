import fc from 'fast-check';
import { AgingConfig, agingBuckets, bucketForDays, DEFAULT_AGING, daysPastDue } from '../../../shared/aging/aging-buckets';
import { summarizeAging } from '../../../shared/aging/aging-summary';
import { computeDso } from '../../../shared/aging/dso';
import type { InvoiceStatus } from '../../../shared/invoice';
import { money } from '../../../shared/money/money';
import { addDays, CalendarDate } from '../../../shared/time/calendar-date';

const today = CalendarDate.parse('2026-11-24');
const buckets = agingBuckets(DEFAULT_AGING);

function inv(customer: string, daysLate: number, cents: number, status: InvoiceStatus = 'open', currency = 'USD') {
  return { customer, dueDate: addDays(today, -daysLate), balance: money(cents, currency), status };
}

describe('aging buckets', () => {
  it('names the default buckets', () => {
    expect(buckets.map((b) => b.label)).toEqual(['Current', '1-30 days', '31-60 days', '61-90 days', '90+ days']);
  });

  it.each([
    ['not yet due', -10, 'current'],
    ['due today', 0, 'current'],
    ['one day late', 1, '1-30'],
    ['30 days late', 30, '1-30'],
    ['31 days late', 31, '31-60'],
    ['60 days late', 60, '31-60'],
    ['61 days late', 61, '61-90'],
    ['90 days late', 90, '61-90'],
    ['91 days late', 91, '90+'],
    ['three years late', 1100, '90+'],
  ])('puts an invoice %s in %s', (_, days, id) => {
    expect(daysPastDue(addDays(today, -days), today)).toBe(days);
    expect(bucketForDays(days, buckets).id).toBe(id);
  });

  it('splits out invoices due within N days when asked', () => {
    const withDueSoon = agingBuckets({ boundaries: [30, 60, 90], dueSoonDays: 7 });
    expect(bucketForDays(-8, withDueSoon).id).toBe('current');
    expect(bucketForDays(-7, withDueSoon).id).toBe('due-soon');
    expect(bucketForDays(0, withDueSoon).id).toBe('due-soon');
    expect(bucketForDays(1, withDueSoon).id).toBe('1-30');
  });

  it('takes custom boundaries', () => {
    const custom = agingBuckets({ boundaries: [15, 45] });
    expect(custom.map((b) => b.id)).toEqual(['current', '1-15', '16-45', '45+']);
    expect(bucketForDays(46, custom).id).toBe('45+');
  });

  it('refuses boundaries that do not increase', () => {
    expect(AgingConfig.safeParse({ boundaries: [30, 30, 90] }).success).toBe(false);
  });

  it('places every day count in exactly one bucket', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -400, max: 4000 }),
        (days) =>
          buckets.filter((b) => (b.minDays === null || days >= b.minDays) && (b.maxDays === null || days <= b.maxDays)).length === 1,
      ),
    );
  });
});

describe('aging summary', () => {
  it('totals customer x bucket to the cent, leaving out paid and zero-balance invoices', () => {
    const [usd] = summarizeAging(
      [
        inv('Acme', 0, 10000),
        inv('Acme', 45, 2550),
        inv('Acme', 95, 100),
        inv('Brightline', 31, 99999),
        inv('Brightline', 200, 5000, 'paid'),
        inv('Brightline', 10, 0),
        inv('Cedar', 61, 1, 'disputed'),
      ],
      today,
      DEFAULT_AGING,
    );
    expect(usd?.customers.map((r) => [r.customer, r.byBucket.map((m) => m.minor), r.total.minor, r.invoiceCount])).toEqual([
      ['Brightline', [0, 0, 99999, 0, 0], 99999, 1],
      ['Acme', [10000, 0, 2550, 0, 100], 12650, 3],
      ['Cedar', [0, 0, 0, 1, 0], 1, 1],
    ]);
    expect(usd?.totals.byBucket.map((m) => m.minor)).toEqual([10000, 0, 102549, 1, 100]);
    expect(usd?.totals.total.minor).toBe(112650);
    expect(usd?.totals.invoiceCount).toBe(5);
    expect(usd?.customers[0]?.share).toBeCloseTo(99999 / 112650, 10);
  });

  it('keeps currencies apart', () => {
    const summaries = summarizeAging([inv('Acme', 5, 100, 'open', 'EUR'), inv('Acme', 5, 200)], today, DEFAULT_AGING);
    expect(summaries.map((s) => [s.currency, s.totals.total.minor])).toEqual([
      ['EUR', 100],
      ['USD', 200],
    ]);
  });

  it('has bucket totals that add up to the grand total and shares that add up to one', () => {
    const arbitraryInvoice = fc.record({
      customer: fc.constantFrom('A', 'B', 'C', 'D'),
      days: fc.integer({ min: -60, max: 400 }),
      cents: fc.integer({ min: 0, max: 10_000_000 }),
      status: fc.constantFrom<InvoiceStatus>('open', 'partial', 'paid', 'disputed', 'promised'),
    });
    fc.assert(
      fc.property(fc.array(arbitraryInvoice, { maxLength: 60 }), (list) => {
        const [usd] = summarizeAging(
          list.map((i) => inv(i.customer, i.days, i.cents, i.status)),
          today,
          DEFAULT_AGING,
        );
        if (!usd) return list.every((i) => i.cents === 0 || i.status === 'paid');
        const bucketSum = usd.totals.byBucket.reduce((s, m) => s + m.minor, 0);
        const customerSum = usd.customers.reduce((s, r) => s + r.total.minor, 0);
        const shareSum = usd.customers.reduce((s, r) => s + r.share, 0);
        return bucketSum === usd.totals.total.minor && customerSum === usd.totals.total.minor && Math.abs(shareSum - 1) < 1e-9;
      }),
    );
  });
});

describe('DSO', () => {
  it('is receivables over credit sales times the period', () => {
    const d = (s: string) => CalendarDate.parse(s);
    const result = computeDso(
      [
        { invoiceDate: d('2026-10-01'), amount: money(300000, 'USD'), balance: money(150000, 'USD'), status: 'partial' },
        { invoiceDate: d('2026-11-01'), amount: money(100000, 'USD'), balance: money(0, 'USD'), status: 'paid' },
        { invoiceDate: d('2026-05-01'), amount: money(50000, 'USD'), balance: money(50000, 'USD'), status: 'open' },
        { invoiceDate: d('2026-12-01'), amount: money(999999, 'USD'), balance: money(999999, 'USD'), status: 'open' },
      ],
      today,
      90,
    );
    // Receivables 2,000.00 (the December invoice is after the period); sales in the 90 days 4,000.00.
    expect(result).toEqual({ days: 45, receivablesMinor: 200000, creditSalesMinor: 400000, periodDays: 90 });
  });

  it('says there is no figure when nothing was invoiced in the period', () => {
    expect(computeDso([], today).days).toBeNull();
  });
});
