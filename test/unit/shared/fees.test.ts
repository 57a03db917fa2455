import fc from 'fast-check';
import { computeFees, simpleInterestMinor } from '../../../shared/fees/compute-fees';
import { FeePolicy } from '../../../shared/fees/fee-policy';
import { money } from '../../../shared/money/money';
import { CalendarDate } from '../../../shared/time/calendar-date';

const asOf = CalendarDate.parse('2026-11-24');
const dueDaysAgo = (days: number) => CalendarDate.parse(new Date(Date.parse('2026-11-24') - days * 86_400_000).toISOString().slice(0, 10));

describe('simple interest', () => {
  it.each([
    // principal, bp, days, expected minor, as worked by hand
    [100_000, 1325, 30, 1089], // 1,000.00 x 13.25% x 30/365 = 10.8904... -> 10.89
    [100_000, 1200, 365, 12000], // a year at 12% = 120.00
    [73, 1000, 1, 0], // 0.73 x 10% / 365 = 0.0002 -> 0.00
    [365_000, 1000, 1, 100], // exactly 1.00
    [18_250, 100, 1, 1], // 182.50 x 1% / 365 = exactly 0.005 -> rounds half up to 0.01
    [182_500, 100, 1, 5], // exactly 0.05
    [10 ** 12, 10_000, 3650, 10 ** 13], // large enough to overflow a double's exact range; BigInt keeps it exact
  ])('is %i x %i bp x %i days / 365 = %i minor units', (principal, bp, days, expected) => {
    expect(simpleInterestMinor(principal, bp, days)).toBe(expected);
  });

  it('never falls as days go by', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e10 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 0, max: 2000 }),
        (p, bp, d) => simpleInterestMinor(p, bp, d + 1) >= simpleInterestMinor(p, bp, d),
      ),
    );
  });
});

describe('late-payment fees', () => {
  it('applies the UK statute: base rate + 8 points and the fixed sum by debt size', () => {
    const result = computeFees(
      { balance: money(100_000, 'GBP'), dueDate: dueDaysAgo(30) },
      asOf,
      { kind: 'uk-late-payment', referenceRateBp: 525 },
      'en-GB',
    );
    expect(result.ok && result.value).toMatchObject({
      daysLate: 30,
      annualRateBp: 1325,
      interest: { minor: 1089 },
      fixedCharge: { minor: 7000 },
      total: { minor: 108089 },
    });
    expect(result.ok && result.value.explanation).toEqual([
      'Interest: £1,000.00 x 13.25% (reference rate 5.25% + 8 points) a year x 30 days / 365 = £10.89 (simple interest from the due date, rounded half up to the smallest unit).',
      'Fixed compensation under the Late Payment of Commercial Debts (Interest) Act 1998 for a debt of £1,000.00: £70.00.',
      'Total due: £1,000.00 + £10.89 + £70.00 = £1,080.89.',
    ]);
  });

  it.each([
    [99_999, 4000],
    [100_000, 7000],
    [999_999, 7000],
    [1_000_000, 10000],
  ])('gives a UK debt of %i pence a fixed sum of %i pence', (principal, fixed) => {
    const result = computeFees({ balance: money(principal, 'GBP'), dueDate: dueDaysAgo(1) }, asOf, {
      kind: 'uk-late-payment',
      referenceRateBp: 0,
    });
    expect(result.ok && result.value.fixedCharge.minor).toBe(fixed);
  });

  it('applies the EU directive: reference rate + 8 points and EUR 40', () => {
    const result = computeFees(
      { balance: money(500_000, 'EUR'), dueDate: dueDaysAgo(73) },
      asOf,
      { kind: 'eu-2011-7', referenceRateBp: 215 },
      'en-IE',
    );
    // 5,000.00 x 10.15% x 73 / 365 = 101.50
    expect(result.ok && result.value).toMatchObject({ interest: { minor: 10150 }, fixedCharge: { minor: 4000 }, total: { minor: 514150 } });
  });

  it('applies a contract rate and flat fee', () => {
    const result = computeFees(
      { balance: money(200_000, 'USD'), dueDate: dueDaysAgo(10) },
      asOf,
      { kind: 'contract', annualRateBp: 1825, flatFeeMinor: 2500 },
      'en-US',
    );
    // 2,000.00 x 18.25% x 10/365 = 10.00
    expect(result.ok && result.value).toMatchObject({ interest: { minor: 1000 }, fixedCharge: { minor: 2500 }, total: { minor: 203500 } });
  });

  it('charges nothing before the due date has passed', () => {
    const result = computeFees({ balance: money(100_000, 'GBP'), dueDate: asOf }, asOf, { kind: 'uk-late-payment', referenceRateBp: 525 });
    expect(result.ok && result.value.total.minor).toBe(100_000);
  });

  it('refuses a statutory preset in a currency the statute does not use', () => {
    expect(
      computeFees({ balance: money(100, 'USD'), dueDate: dueDaysAgo(5) }, asOf, { kind: 'uk-late-payment', referenceRateBp: 525 }),
    ).toEqual({
      ok: false,
      error: 'UK statutory interest applies to debts in GBP; this invoice is in USD',
    });
  });

  it('refuses a rate above 100% in settings', () => {
    expect(FeePolicy.safeParse({ kind: 'contract', annualRateBp: 10_001 }).success).toBe(false);
  });
});
