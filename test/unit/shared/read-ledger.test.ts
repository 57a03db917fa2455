import { summarizeAging } from '../../../shared/aging/aging-summary';
import { DEFAULT_AGING } from '../../../shared/aging/aging-buckets';
import { detectHeader } from '../../../shared/ledger/detect-header';
import { readLedger, type LedgerOptions } from '../../../shared/ledger/read-ledger';
import { CalendarDate } from '../../../shared/time/calendar-date';
import { fixtureRows, LEDGER_DAY } from '../../support/fixtures';

const US: LedgerOptions = { timeZone: 'America/New_York', currency: 'USD', decimalSeparator: '.' };

function read(rows: unknown[][], options: LedgerOptions = US) {
  const result = readLedger(rows, options);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

const HEADER = ['Invoice Number', 'Customer', 'Contact Email', 'Due Date', 'Amount', 'Status'];

describe('reading the clean sample ledger', () => {
  const readout = read(fixtureRows('ledger-sample.csv'));

  it('finds the header on row 1 and maps every column', () => {
    expect(readout.header.rowIndex).toBe(0);
    expect(Object.keys(readout.header.mapping).sort()).toEqual(
      [
        'invoiceNumber',
        'amount',
        'amountPaid',
        'balance',
        'contactEmail',
        'currency',
        'customer',
        'dueDate',
        'invoiceDate',
        'status',
        'terms',
        'timeZone',
      ].sort(),
    );
  });

  it('accepts all 400 invoices with nothing to report', () => {
    expect(readout.invoices).toHaveLength(400);
    expect(readout.issues).toEqual([]);
    expect(readout.skipped).toEqual([]);
  });

  it('reads the statuses as written', () => {
    const count = (s: string) => readout.invoices.filter((i) => i.status === s).length;
    expect([count('open'), count('paid'), count('partial'), count('disputed'), count('promised')]).toEqual([281, 90, 18, 8, 3]);
  });

  it('reads a row exactly', () => {
    expect(readout.invoices[0]).toEqual({
      row: 2,
      invoiceNumber: 'INV-1000',
      customer: 'Union Square Florists',
      contactEmail: 'ap@unionsquareflo.example',
      invoiceDate: '2026-10-27',
      dueDate: '2026-11-11',
      amount: { minor: 68807, currency: 'USD' },
      balance: { minor: 68807, currency: 'USD' },
      status: 'open',
      timeZone: 'America/New_York',
    });
  });

  it('leaves the time zone out where the row has none', () => {
    expect(readout.invoices.find((i) => i.invoiceNumber === 'INV-1001')?.timeZone).toBeUndefined();
  });
});

describe('reading the messy exported ledger', () => {
  const rows = fixtureRows('ledger-messy.csv');
  const readout = read(rows);
  const byNumber = (n: string) => readout.invoices.find((i) => i.invoiceNumber === n);

  it('finds the header below the title and blank rows, and lists the column it cannot use', () => {
    expect(readout.header.rowIndex).toBe(2);
    expect(readout.header.mapping).toEqual({
      invoiceNumber: 0,
      customer: 1,
      contactEmail: 2,
      invoiceDate: 3,
      dueDate: 4,
      amount: 5,
      paidFlag: 6,
    });
    expect(readout.header.unrecognized).toEqual([{ column: 7, header: 'Notes' }]);
  });

  it('accepts all 180 invoices and explains the four rows that are not invoices', () => {
    expect(readout.invoices).toHaveLength(180);
    expect(readout.issues).toEqual([]);
    expect(readout.skipped).toEqual([
      { row: 51, reason: 'blank' },
      { row: 99, reason: 'blank' },
      { row: 147, reason: 'blank' },
      { row: 187, reason: 'total' },
    ]);
  });

  it('accounts for every row below the header', () => {
    expect(readout.invoices.length + readout.skipped.length + readout.issues.length).toBe(rows.length - 3);
  });

  it("adds up to the export's own TOTAL line", () => {
    const total = readout.invoices.reduce((sum, i) => sum + i.amount.minor, 0);
    expect(total).toBe(197153354); // "$1,971,533.54" on row 187
  });

  it('reads "$" amounts with separators, US and month-name dates, padded names and named contacts', () => {
    expect(byNumber('#1000')).toMatchObject({ customer: 'Keystone Print Works', dueDate: '2026-11-16', amount: { minor: 141430 } });
    expect(byNumber('#1001')?.customer).toBe('Blue Harbor Logistics');
    expect(byNumber('#1007')?.dueDate).toBe('2026-08-21');
    expect(byNumber('#1008')).toMatchObject({ contactName: 'Jane Doe', contactEmail: 'ap@willowcreekvet.example' });
  });

  it('reads the paid flags written five ways', () => {
    for (const n of ['#1002', '#1005', '#1057', '#1176']) expect(byNumber(n)).toMatchObject({ status: 'paid', balance: { minor: 0 } });
    expect(byNumber('#1058')).toMatchObject({ status: 'partial', amount: { minor: 463453 }, balance: { minor: 463453 - 115863 } });
    expect(byNumber('#1006')?.status).toBe('disputed');
    expect(byNumber('#1067')?.status).toBe('promised');
    expect(byNumber('#1004')?.status).toBe('open');
  });

  it('ages on the pinned day into the same totals as the clean reading of its rows', () => {
    const [usd] = summarizeAging(readout.invoices, CalendarDate.parse(LEDGER_DAY), DEFAULT_AGING);
    const open = readout.invoices.filter((i) => i.status !== 'paid').reduce((s, i) => s + i.balance.minor, 0);
    expect(usd?.totals.total.minor).toBe(open);
  });
});

describe('reporting rows it cannot read', () => {
  it.each<[string, unknown[], Record<string, unknown>]>([
    ['an empty invoice number', ['', 'Acme', 'a@b.example', '2026-11-01', '10.00', 'Open'], { field: 'invoiceNumber', reason: 'is empty' }],
    ['an empty customer', ['I-1', ' ', 'a@b.example', '2026-11-01', '10.00', 'Open'], { field: 'customer', reason: 'is empty' }],
    [
      'an impossible due date',
      ['I-1', 'Acme', 'a@b.example', '2/30/2026', '10.00', 'Open'],
      { field: 'dueDate', header: 'Due Date', value: '2/30/2026', reason: expect.stringMatching(/not a day on the calendar/) },
    ],
    [
      'an unreadable amount',
      ['I-1', 'Acme', 'a@b.example', '2026-11-01', 'ten', 'Open'],
      { field: 'amount', header: 'Amount', value: 'ten', reason: expect.stringMatching(/not an amount/) },
    ],
    [
      'an unknown status',
      ['I-1', 'Acme', 'a@b.example', '2026-11-01', '10.00', 'Maybe'],
      { field: 'status', value: 'Maybe', reason: expect.stringMatching(/not a status we know/) },
    ],
  ])('names the row, column, value and reason for %s', (_, cells, expected) => {
    const readout = read([HEADER, cells]);
    expect(readout.invoices).toEqual([]);
    expect(readout.issues).toEqual([expect.objectContaining({ row: 2, severity: 'error', ...expected })]);
  });

  it('keeps an invoice with a bad email but warns that it will not be emailed', () => {
    const readout = read([HEADER, ['I-1', 'Acme', 'accounts at acme', '2026-11-01', '10.00', 'Open']]);
    expect(readout.invoices).toHaveLength(1);
    expect(readout.invoices[0]?.contactEmail).toBeUndefined();
    expect(readout.issues).toEqual([
      expect.objectContaining({ row: 2, field: 'contactEmail', severity: 'warning', reason: expect.stringMatching(/will not be emailed/) }),
    ]);
  });

  it('rejects an email with a header injection attempt', () => {
    const readout = read([HEADER, ['I-1', 'Acme', 'a@b.example\r\nBcc: all@x.example', '2026-11-01', '10.00', 'Open']]);
    expect(readout.invoices[0]?.contactEmail).toBeUndefined();
    expect(readout.issues[0]?.field).toBe('contactEmail');
  });

  it('rejects a second row with the same invoice number, naming the first', () => {
    const row = ['I-1', 'Acme', '', '2026-11-01', '10.00', 'Open'];
    const readout = read([HEADER, row, row]);
    expect(readout.invoices).toHaveLength(1);
    expect(readout.issues).toEqual([expect.objectContaining({ row: 3, field: 'invoiceNumber', reason: 'I-1 is already on row 2' })]);
  });

  it('reads values as Sheets returns them: Dates, numbers and checkboxes', () => {
    const sheetHeader = ['Inv #', 'Client', 'Due', 'Balance', 'Paid?'];
    const readout = read([sheetHeader, ['A-1', 'Acme', new Date('2026-11-01T04:00:00Z'), 1234.5, false], ['A-2', 'Acme', 46350, 99, true]]);
    expect(readout.invoices.map((i) => [i.dueDate, i.balance.minor, i.status])).toEqual([
      ['2026-11-01', 123450, 'open'],
      // A ticked Paid box wins over a balance nobody updated: never chase what a person marked paid.
      ['2026-11-24', 9900, 'paid'],
    ]);
  });

  it('works out the due date from invoice date and terms when there is no due column', () => {
    const readout = read([
      ['Invoice', 'Customer', 'Invoice Date', 'Terms', 'Amount'],
      ['I-1', 'Acme', '2026-11-01', 'Net 30', '5'],
    ]);
    expect(readout.invoices[0]?.dueDate).toBe('2026-12-01');
  });

  it('guesses day-first dates from a day above 12', () => {
    const readout = read([HEADER, ['I-1', 'Acme', '', '24/11/2026', '10.00', 'Open'], ['I-2', 'Acme', '', '3/11/2026', '10.00', 'Open']]);
    expect(readout.dateOrder).toBe('DMY');
    expect(readout.invoices.map((i) => i.dueDate)).toEqual(['2026-11-24', '2026-11-03']);
  });

  it('reads a European ledger with decimal commas', () => {
    const readout = read(
      [
        ['Rechnung', 'Customer', 'Due', 'Amount'],
        ['R-1', 'Müller GmbH', '24.11.2026', '1.234,50 EUR'],
      ],
      {
        ...US,
        timeZone: 'Europe/Berlin',
        currency: 'EUR',
        decimalSeparator: ',',
        mapping: { invoiceNumber: 0, customer: 1, dueDate: 2, amount: 3 },
      },
    );
    expect(readout.invoices[0]).toMatchObject({
      customer: 'Müller GmbH',
      dueDate: '2026-11-24',
      amount: { minor: 123450, currency: 'EUR' },
    });
  });

  it('says which required columns it could not find', () => {
    expect(detectHeader([['Customer', 'Amount', 'Notes', 'Phone']])).toEqual({ ok: false, error: expect.stringMatching(/No header row/) });
    expect(detectHeader([['Customer', 'Amount', 'Status', 'Email']])).toEqual({
      ok: false,
      error: 'Header row 1 has no column for Invoice number, Due date.',
    });
  });
});

describe("a ledger's pay-online links", () => {
  const withLinks = ['Invoice Number', 'Customer', 'Due Date', 'Amount', 'Pay online'];

  it('finds the column by its header and keeps each https link with its invoice', () => {
    const readout = read([
      withLinks,
      ['I-1', 'Acme', '2026-11-01', '10.00', ' https://app.invoicer.example/i/1 '],
      ['I-2', 'Beta', '2026-11-01', '5.00', ''],
    ]);
    expect(readout.header.mapping.paymentLink).toBe(4);
    expect(readout.invoices.map((i) => i.paymentLink)).toEqual(['https://app.invoicer.example/i/1', undefined]);
    expect(readout.issues).toEqual([]);
  });

  it.each(['http://app.invoicer.example/i/1', 'https://app.invoicer.example/i/1\nBcc: x@y.example', 'javascript:alert(1)'])(
    'keeps the invoice without the link %j, with a warning naming the column and the reason',
    (link) => {
      const readout = read([withLinks, ['I-1', 'Acme', '2026-11-01', '10.00', link]]);
      expect(readout.invoices).toHaveLength(1);
      expect(readout.invoices[0]?.paymentLink).toBeUndefined();
      expect(readout.issues).toEqual([
        expect.objectContaining({
          row: 2,
          field: 'paymentLink',
          header: 'Pay online',
          severity: 'warning',
          reason: expect.stringMatching(/left out of emails and letters/),
        }),
      ]);
    },
  );
});
