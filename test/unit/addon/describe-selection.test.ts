import { describeSelection } from '../../../addon/src/server/describe-selection';
import { CalendarDate } from '../../../shared/time/calendar-date';
import { fixtureRows, LEDGER_DAY } from '../../support/fixtures';

const options = { timeZone: 'America/New_York', currency: 'USD', decimalSeparator: '.' as const };
const today = CalendarDate.parse(LEDGER_DAY);
const sample = fixtureRows('ledger-sample.csv');
const messy = fixtureRows('ledger-messy.csv');

describe('describing the selected row for the sidebar', () => {
  it('shows an invoice with its age, bucket and the customer total', () => {
    const view = describeSelection({ sheetName: 'Ledger', row: 2, values: sample }, options, today, 'en-US');
    expect(view).toMatchObject({
      state: 'invoice',
      invoice: { invoiceNumber: 'INV-1000', customer: 'Union Square Florists', balance: '$688.07', dueDate: '2026-11-11' },
      daysPastDue: 13,
      bucket: { id: '1-30' },
    });
  });

  it('says the header row is not an invoice', () => {
    expect(describeSelection({ sheetName: 'Ledger', row: 3, values: messy }, options, today, 'en-US')).toEqual({
      state: 'header-row',
      sheetName: 'Ledger',
      row: 3,
    });
  });

  it.each([
    [51, 'This row is empty.'],
    [187, 'This row is a total line, not an invoice.'],
    [500, 'This row is below the ledger.'],
  ])('explains why row %i is not an invoice', (row, reason) => {
    expect(describeSelection({ sheetName: 'Ledger', row, values: messy }, options, today, 'en-US')).toMatchObject({
      state: 'not-an-invoice',
      reasons: [reason],
    });
  });

  it('quotes the reader’s reasons for a row it could not read', () => {
    const values = [
      ['Invoice', 'Customer', 'Due', 'Amount'],
      ['I-1', 'Acme', 'soon', '10'],
    ];
    expect(describeSelection({ sheetName: 'S', row: 2, values }, options, today, 'en-US')).toMatchObject({
      state: 'not-an-invoice',
      reasons: ['Due: "soon" is not a date we can read (use YYYY-MM-DD or M/D/YYYY).'],
    });
  });

  it('lists every reason when a row has several problems', () => {
    const values = [
      ['Invoice', 'Customer', 'Due', 'Amount'],
      ['I-2', '', '2026-11-01', 'ten'],
    ];
    expect(describeSelection({ sheetName: 'S', row: 2, values }, options, today, 'en-US')).toMatchObject({
      reasons: ['Customer: is empty.', 'Amount: "ten" is not an amount we can read.'],
    });
  });

  it('says when the sheet holds no ledger', () => {
    expect(describeSelection({ sheetName: 'Notes', row: 2, values: [['hello']] }, options, today, 'en-US')).toMatchObject({
      state: 'no-ledger',
    });
  });
});
