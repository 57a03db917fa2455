import fc from 'fast-check';
import { addMoney, formatMoney, minorFromDecimal, money, sumMoney, toDecimalString } from '../../../shared/money/money';
import { parseMoney } from '../../../shared/money/parse-money';

const US = { currency: 'USD', decimalSeparator: '.' as const };
const DE = { currency: 'EUR', decimalSeparator: ',' as const };

describe('money', () => {
  it.each<[unknown, typeof US | typeof DE, number, string]>([
    ['$1,234.50', US, 123450, 'USD'],
    ['1234.5', US, 123450, 'USD'],
    ['1234', US, 123400, 'USD'],
    ['(120.00)', US, -12000, 'USD'],
    ['-120', US, -12000, 'USD'],
    ['120.00-', US, -12000, 'USD'],
    ['$ 47,757.69', US, 4775769, 'USD'],
    ['1.234,50 EUR', DE, 123450, 'EUR'],
    ['EUR 1.234,50', DE, 123450, 'EUR'],
    ['1 234,50 €', DE, 123450, 'EUR'],
    ['€1.234,5', DE, 123450, 'EUR'],
    ['£99.99', US, 9999, 'GBP'],
    ['JPY 1,200', US, 1200, 'JPY'],
    [688.07, US, 68807, 'USD'],
    [0.1 + 0.2, US, 30, 'USD'],
    [1.005, US, 101, 'USD'],
  ])('reads %p as %i minor units of %s', (value, options, minor, currency) => {
    expect(parseMoney(value, options)).toEqual({ ok: true, value: { minor, currency } });
  });

  it.each<[unknown, RegExp]>([
    ['12.345', /more decimals than USD allows/],
    ['1,2,3.4.5', /not an amount we can read/],
    ['ten dollars', /not an amount we can read/],
    ['', /is empty/],
    [Number.POSITIVE_INFINITY, /not a number/],
    [1e14, /too large/],
    [null, /not an amount/],
  ])('rejects %p with a reason', (value, reason) => {
    expect(parseMoney(value, US)).toEqual({ ok: false, error: expect.stringMatching(reason) });
  });

  it('adds exactly where floats would drift', () => {
    const tenCents = money(10, 'USD');
    const total = sumMoney(
      Array.from({ length: 10 }, () => tenCents),
      'USD',
    );
    expect(total).toEqual({ minor: 100, currency: 'USD' });
  });

  it('refuses to add different currencies', () => {
    expect(() => addMoney(money(1, 'USD'), money(1, 'EUR'))).toThrow(/USD with EUR/);
  });

  it('formats for people with Intl, in the currency and locale', () => {
    expect(formatMoney(money(123450, 'USD'))).toBe('$1,234.50');
    expect(formatMoney(money(-12000, 'USD'))).toBe('-$120.00');
    expect(formatMoney(money(1200, 'JPY'))).toBe('¥1,200');
    expect(formatMoney(money(123450, 'EUR'), 'de-DE')).toBe('1.234,50\u00a0€');
  });

  it('writes exact decimal text for exports', () => {
    expect(toDecimalString(money(5, 'USD'))).toBe('0.05');
    expect(toDecimalString(money(-123450, 'USD'))).toBe('-1234.50');
    expect(toDecimalString(money(1200, 'JPY'))).toBe('1200');
    expect(toDecimalString(money(1, 'KWD'))).toBe('0.001');
  });

  it('round-trips every amount through decimal text and the parser', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.constantFrom('USD', 'EUR', 'JPY', 'KWD'), (minor, currency) => {
        const text = toDecimalString(money(minor, currency));
        const parsed = parseMoney(text, { currency, decimalSeparator: '.' });
        return parsed.ok && parsed.value.minor === minor && parsed.value.currency === currency;
      }),
    );
  });

  it('round-trips every cent amount held as a spreadsheet number', () => {
    fc.assert(fc.property(fc.integer({ min: -1e11, max: 1e11 }), (cents) => minorFromDecimal(cents / 100, 'USD') === cents));
  });
});
