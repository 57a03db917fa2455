import { parseLedgerDate } from '../../../shared/time/parse-ledger-date';

const US = { timeZone: 'America/New_York', dateOrder: 'MDY' as const };
const EU = { timeZone: 'Europe/Berlin', dateOrder: 'DMY' as const };

describe('reading ledger dates', () => {
  it.each<[unknown, string]>([
    ['2026-11-03', '2026-11-03'],
    ['2026-11-03T00:00:00Z', '2026-11-03'],
    ['2026/11/3', '2026-11-03'],
    ['11/3/2026', '2026-11-03'],
    ['11/03/26', '2026-11-03'],
    ['Nov 3, 2026', '2026-11-03'],
    ['Nov. 3, 2026', '2026-11-03'],
    ['November 3 2026', '2026-11-03'],
    ['Aug 21, 2026', '2026-08-21'],
    ['3 Nov 2026', '2026-11-03'],
    ['03-Nov-2026', '2026-11-03'],
    ['  2/29/2028 ', '2028-02-29'],
    [45292, '2024-01-01'], // the well-known anchor: Excel and Sheets agree on it
    [46350, '2026-11-24'],
    [46350.75, '2026-11-24'],
    [2, '1900-01-01'],
  ])('reads %p as %s in a US ledger', (value, expected) => {
    expect(parseLedgerDate(value, US)).toEqual({ ok: true, value: expected });
  });

  it('reads day-first numeric dates in a ledger whose order says so', () => {
    expect(parseLedgerDate('3/11/2026', EU)).toEqual({ ok: true, value: '2026-11-03' });
    expect(parseLedgerDate('24.11.2026', EU)).toEqual({ ok: true, value: '2026-11-24' });
  });

  it('takes a Date from Sheets as the calendar day in the spreadsheet zone', () => {
    // Sheets hands over a date cell as midnight in the spreadsheet's zone: 05:00Z in New York.
    expect(parseLedgerDate(new Date('2026-11-24T05:00:00Z'), US)).toEqual({ ok: true, value: '2026-11-24' });
    // The same instant is still the 24th in Berlin; midnight Berlin (23:00Z the day before) is too.
    expect(parseLedgerDate(new Date('2026-11-23T23:00:00Z'), EU)).toEqual({ ok: true, value: '2026-11-24' });
  });

  it.each<[unknown, RegExp]>([
    ['2/30/2026', /not a day on the calendar/],
    ['2026-02-29', /not a day on the calendar/],
    ['13/1/2026', /not a day on the calendar/],
    ['next Tuesday', /not a date we can read/],
    ['Foo 3, 2026', /no month we recognise/],
    ['', /is empty/],
    [true, /is not a date/],
    [-5, /not a date serial number/],
    [Number.NaN, /not a date serial number/],
    [new Date('invalid'), /not a valid date/],
    [1, /not a date serial number/],
    ['1/1/1899', /not a day on the calendar/],
  ])('rejects %p with a reason', (value, reason) => {
    expect(parseLedgerDate(value, US)).toEqual({ ok: false, error: expect.stringMatching(reason) });
  });
});
