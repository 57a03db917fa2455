/**
 * Ledgers as teams paste them: invoicing tools' exports and sheets typed in other languages.
 * The sample rows are written for these tests (no real customer's file). For each: every
 * invoice read with the right balance, due date and status; every row that is not a debt
 * skipped with its kind; nothing refused that a person would read without hesitating.
 */
import fc from 'fast-check';
import { type LedgerOptions, type LedgerReadout, readLedger } from '../../../shared/ledger/read-ledger';
import { VOCABULARIES } from '../../../shared/ledger/vocabulary';
import { normalizeHeader } from '../../../shared/ledger/ledger-columns';
import { statusWordsNotOwed } from '../../../shared/ledger/paid-and-status';

function read(rows: string[][], options: Partial<LedgerOptions> = {}): LedgerReadout {
  const result = readLedger(rows, { timeZone: 'UTC', currency: 'USD', ...options });
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

/** Each invoice as number -> [balance in minor units, due date, status]. */
const facts = (readout: LedgerReadout) =>
  Object.fromEntries(readout.invoices.map((i) => [i.invoiceNumber, [i.balance.minor, i.dueDate, i.status]]));
const skipped = (readout: LedgerReadout) =>
  Object.fromEntries(readout.skipped.filter((s) => s.reason !== 'blank').map((s) => [s.row, s.reason]));
const errors = (readout: LedgerReadout) => readout.issues.filter((i) => i.severity === 'error');

describe('invoicing tools’ exports', () => {
  it('Xero: Contact is the customer, Due the balance, and without Due the total less paid and credited', () => {
    const rows = [
      ['Aged Receivables Detail'],
      ['Acme Supplies Ltd'],
      ['As at 24 November 2026'],
      [],
      ['Invoice Number', 'Contact', 'Invoice Date', 'Due Date', 'Total', 'Paid', 'Credited', 'Due'],
      ['INV-0101', 'Harbor Coffee', '24/10/2026', '07/11/2026', '1,200.00', '200.00', '100.00', '900.00'],
      ['INV-0102', 'Blue Fern Ltd', '24 Sep 2026', '24 Oct 2026', '450.00', '0.00', '0.00', '450.00'],
      ['INV-0103', 'Harbor Coffee', '15/11/2026', '30/11/2026', '300.00', '300.00', '0.00', '0.00'],
      ['Total', '', '', '', '1,950.00', '500.00', '100.00', '1,350.00'],
    ];
    const readout = read(rows, { locale: 'en_GB', currency: 'GBP' });
    expect(readout.header.mapping).toMatchObject({ customer: 1, amount: 4, amountPaid: 5, amountCredited: 6, balance: 7, dueDate: 3 });
    expect(facts(readout)).toEqual({
      'INV-0101': [90_000, '2026-11-07', 'partial'],
      'INV-0102': [45_000, '2026-10-24', 'open'],
      'INV-0103': [0, '2026-11-30', 'paid'],
    });
    expect(skipped(readout)).toEqual({ 9: 'total' });
    expect(errors(readout)).toEqual([]);

    const withoutDue = read(
      rows.map((r) => r.slice(0, 7)),
      { locale: 'en_GB', currency: 'GBP' },
    );
    expect(facts(withoutDue)).toEqual(facts(readout));
  });

  it('QuickBooks A/R Aging Detail: bucket sections, credit memos, subtotals, the total and the footer', () => {
    const rows = [
      ['Acme Supplies'],
      ['A/R Aging Detail'],
      ['As of November 24, 2026'],
      ['', 'Date', 'Transaction Type', 'Num', 'Customer', 'Due Date', 'Amount', 'Open Balance'],
      ['Current', '', '', '', '', '', '', ''],
      ['', '11/20/2026', 'Invoice', '1045', 'Harbor Coffee', '12/20/2026', '500.00', '500.00'],
      ['Total for Current', '', '', '', '', '', '$500.00', '$500.00'],
      ['1 - 30 days past due', '', '', '', '', '', '', ''],
      ['', '10/15/2026', 'Invoice', '1032', 'Blue Fern', '11/14/2026', '1,200.00', '1,200.00'],
      ['', '10/20/2026', 'Credit Memo', 'CM-7', 'Blue Fern', '', '-200.00', '-200.00'],
      ['', '10/21/2026', 'Payment', '', 'Blue Fern', '', '-100.00', ''],
      ['Total for 1 - 30 days past due', '', '', '', '', '', '$1,000.00', '$1,000.00'],
      ['TOTAL', '', '', '', '', '', '$1,500.00', '$1,500.00'],
      [],
      ['Tuesday, November 24, 2026 10:15 AM GMT-05:00', '', '', '', '', '', '', ''],
    ];
    const readout = read(rows, { locale: 'en_US' });
    expect(facts(readout)).toEqual({ 1045: [50_000, '2026-12-20', 'open'], 1032: [120_000, '2026-11-14', 'open'] });
    expect(skipped(readout)).toEqual({
      5: 'section',
      7: 'total',
      8: 'section',
      10: 'credit',
      11: 'payment',
      12: 'total',
      13: 'total',
      15: 'footer',
    });
    expect(errors(readout)).toEqual([]);
  });

  it('FreshBooks: Viewed and Sent are owed, Draft is not a debt', () => {
    const rows = [
      ['Organization', 'Invoice #', 'Date Issued', 'Due Date', 'Invoice Total', 'Paid', 'Outstanding', 'Status'],
      ['Harbor Coffee', '0000041', '10/01/2026', '10/31/2026', '$800.00', '$0.00', '$800.00', 'Viewed'],
      ['Blue Fern', '0000042', '10/05/2026', '11/04/2026', '$250.00', '$0.00', '$250.00', 'Sent'],
      ['Blue Fern', '0000043', '10/20/2026', '11/19/2026', '$90.00', '$40.00', '$50.00', 'Partial'],
      ['Atlas Print', '0000044', '11/20/2026', '12/20/2026', '$400.00', '$0.00', '$400.00', 'Draft'],
      ['Atlas Print', '0000045', '09/20/2026', '10/20/2026', '$75.00', '$75.00', '$0.00', 'Auto-Paid'],
    ];
    const readout = read(rows, { locale: 'en_US' });
    expect(facts(readout)).toEqual({
      '0000041': [80_000, '2026-10-31', 'open'],
      '0000042': [25_000, '2026-11-04', 'open'],
      '0000043': [5_000, '2026-11-19', 'partial'],
      '0000045': [0, '2026-10-20', 'paid'],
    });
    expect(skipped(readout)).toEqual({ 5: 'draft' });
    expect(errors(readout)).toEqual([]);
  });

  it('Wave: Amount Due is the balance; Unsent, Viewed and Overdue are owed; Draft is not', () => {
    const rows = [
      ['Invoice Number', 'Customer', 'Invoice Date', 'Due Date', 'Total', 'Amount Due', 'Status'],
      ['112', 'Harbor Coffee', '2026-10-02', '2026-11-01', '600.00', '600.00', 'Overdue'],
      ['113', 'Harbor Coffee', '2026-11-02', '2026-12-02', '150.00', '150.00', 'Viewed'],
      ['114', 'Blue Fern', '2026-11-10', '2026-12-10', '90.00', '90.00', 'Unsent'],
      ['115', 'Blue Fern', '2026-11-11', '2026-12-11', '20.00', '20.00', 'Draft'],
    ];
    const readout = read(rows);
    expect(readout.header.mapping.balance).toBe(5);
    expect(facts(readout)).toEqual({
      112: [60_000, '2026-11-01', 'open'],
      113: [15_000, '2026-12-02', 'open'],
      114: [9_000, '2026-12-10', 'open'],
    });
    expect(skipped(readout)).toEqual({ 5: 'draft' });
  });

  it('Zoho Invoice: Partially Paid, Void and Viewed', () => {
    const rows = [
      ['Invoice Date', 'Invoice Number', 'Customer Name', 'Email', 'Due Date', 'Total', 'Balance', 'Status'],
      ['2026-10-01', 'INV-000031', 'Harbor Coffee', 'ap@harbor.example', '2026-10-16', '1000.00', '400.00', 'Partially Paid'],
      ['2026-10-03', 'INV-000032', 'Blue Fern', 'pay@bluefern.example', '2026-10-18', '300.00', '300.00', 'Void'],
      ['2026-11-03', 'INV-000033', 'Blue Fern', 'pay@bluefern.example', '2026-11-18', '300.00', '300.00', 'Viewed'],
    ];
    const readout = read(rows);
    expect(facts(readout)).toEqual({ 'INV-000031': [40_000, '2026-10-16', 'partial'], 'INV-000033': [30_000, '2026-11-18', 'open'] });
    expect(skipped(readout)).toEqual({ 3: 'void' });
  });

  it('Sage: Unpaid, Part Paid, Paid; a British sheet’s dates day first', () => {
    const rows = [
      ['Invoice No', 'Customer', 'Date', 'Due Date', 'Total', 'Paid', 'Outstanding', 'Status'],
      ['SI-77', 'Harbor Coffee Ltd', '01/10/2026', '31/10/2026', '£1,440.00', '£0.00', '£1,440.00', 'Unpaid'],
      ['SI-78', 'Blue Fern Ltd', '02/10/2026', '01/11/2026', '£500.00', '£200.00', '£300.00', 'Part Paid'],
      ['SI-79', 'Blue Fern Ltd', '03/10/2026', '02/11/2026', '£60.00', '£60.00', '£0.00', 'Paid'],
    ];
    const readout = read(rows, { locale: 'en_GB', currency: 'GBP' });
    expect(facts(readout)).toEqual({
      'SI-77': [144_000, '2026-10-31', 'open'],
      'SI-78': [30_000, '2026-11-01', 'partial'],
      'SI-79': [0, '2026-11-02', 'paid'],
    });
  });

  it('Stripe: Amount Remaining is the balance; uncollectible, void and draft are not chased', () => {
    const rows = [
      [
        'id',
        'Number',
        'Customer Name',
        'Customer Email',
        'Date (UTC)',
        'Due Date (UTC)',
        'Amount Due',
        'Amount Paid',
        'Amount Remaining',
        'Total',
        'Currency',
        'Status',
      ],
      [
        'in_1A',
        'B7C1-0001',
        'Harbor Coffee',
        'ap@harbor.example',
        '2026-10-01 09:12',
        '2026-10-31 09:12',
        '250.00',
        '0.00',
        '250.00',
        '250.00',
        'usd',
        'open',
      ],
      [
        'in_1B',
        'B7C1-0002',
        'Blue Fern',
        'pay@bluefern.example',
        '2026-10-02 10:00',
        '2026-11-01 10:00',
        '99.00',
        '0.00',
        '99.00',
        '99.00',
        'usd',
        'uncollectible',
      ],
      [
        'in_1C',
        'B7C1-0003',
        'Blue Fern',
        'pay@bluefern.example',
        '2026-10-03 10:00',
        '2026-11-02 10:00',
        '10.00',
        '0.00',
        '10.00',
        '10.00',
        'usd',
        'void',
      ],
      [
        'in_1D',
        'B7C1-0004',
        'Atlas',
        'ar@atlas.example',
        '2026-11-03 10:00',
        '2026-12-03 10:00',
        '75.00',
        '0.00',
        '75.00',
        '75.00',
        'usd',
        'draft',
      ],
      [
        'in_1E',
        'B7C1-0005',
        'Atlas',
        'ar@atlas.example',
        '2026-09-03 10:00',
        '2026-10-03 10:00',
        '75.00',
        '75.00',
        '0.00',
        '75.00',
        'usd',
        'paid',
      ],
    ];
    const readout = read(rows);
    expect(readout.header.mapping).toMatchObject({ balance: 8, amount: 9, amountPaid: 7 });
    expect(facts(readout)).toEqual({ 'B7C1-0001': [25_000, '2026-10-31', 'open'], 'B7C1-0005': [0, '2026-10-03', 'paid'] });
    expect(skipped(readout)).toEqual({ 3: 'written_off', 4: 'void', 5: 'draft' });
  });
});

describe('ledgers typed in other languages', () => {
  it('German: headers, 1.234,56 €, DD.MM.YYYY, offen / bezahlt / teilweise, Entwurf', () => {
    const rows = [
      ['Rechnungsnr.', 'Kunde', 'E-Mail', 'Rechnungsdatum', 'Fällig am', 'Betrag', 'Bezahlt', 'Status'],
      ['RE-2026-001', 'Müller GmbH', 'buchhaltung@mueller.example', '01.10.2026', '15.10.2026', '1.234,56 €', '0,00 €', 'offen'],
      ['RE-2026-002', 'Schmidt & Co. KG', 'rechnung@schmidt.example', '05.10.2026', '04.11.2026', '87,03 €', '87,03 €', 'bezahlt'],
      ['RE-2026-003', 'Weber AG', 'ap@weber.example', '02.11.2026', '02.12.2026', '2.500,00 €', '1.000,00 €', 'teilweise'],
      ['RE-2026-004', 'Weber AG', 'ap@weber.example', '03.11.2026', '03.12.2026', '99,00 €', '', 'Entwurf'],
      ['Summe', '', '', '', '', '3.920,59 €', '1.087,03 €', ''],
    ];
    const readout = read(rows, { locale: 'de_DE', currency: 'EUR' });
    expect(facts(readout)).toEqual({
      'RE-2026-001': [123_456, '2026-10-15', 'open'],
      'RE-2026-002': [0, '2026-11-04', 'paid'],
      'RE-2026-003': [150_000, '2026-12-02', 'partial'],
    });
    expect(skipped(readout)).toEqual({ 5: 'draft', 6: 'total' });
    expect(readout.notes).toEqual([]);
  });

  it('German sheet holding amounts written with a decimal point: read as written, and said once', () => {
    const rows = [
      ['Rechnungsnr.', 'Kunde', 'Fällig am', 'Betrag'],
      ['R-1', 'Müller GmbH', '15.10.2026', '87.03'],
      ['R-2', 'Weber AG', '16.10.2026', '1,234.56'],
    ];
    const readout = read(rows, { locale: 'de_DE', currency: 'EUR' });
    expect(facts(readout)).toEqual({ 'R-1': [8_703, '2026-10-15', 'open'], 'R-2': [123_456, '2026-10-16', 'open'] });
    expect(readout.notes).toHaveLength(1);
    expect(readout.notes[0]?.text).toContain('written with "." for decimals, unlike the spreadsheet\'s locale (de_DE)');
    // The team's choice always wins over the cells' evidence.
    expect(
      readLedger(rows, { timeZone: 'UTC', currency: 'EUR', locale: 'de_DE', decimalSeparator: ',' }).ok &&
        errors(read(rows, { locale: 'de_DE', currency: 'EUR', decimalSeparator: ',' })).map((e) => e.row),
    ).toEqual([2, 3]);
  });

  it('French: N° facture, Réglé, 1 234,56 €, Impayée / Payée / Avoir; ambiguous dates read day first and said once', () => {
    const rows = [
      ['N° facture', 'Client', 'Courriel', 'Date de facture', "Date d'échéance", 'Montant TTC', 'Réglé', 'Statut'],
      ['F-001', 'Boulangerie Martin', 'compta@martin.example', '03/10/2026', '02/11/2026', '1\u202f234,56 €', '0,00', 'Impayée'],
      ['F-002', 'Café du Port', 'admin@cafeport.example', '10/10/2026', '09/11/2026', '450,00 €', '450,00', 'Payée'],
      ['F-003', 'Café du Port', 'admin@cafeport.example', '12/10/2026', '11/11/2026', '-120,00 €', '', 'Avoir'],
    ];
    const readout = read(rows, { locale: 'fr_FR', currency: 'EUR' });
    expect(facts(readout)).toEqual({ 'F-001': [123_456, '2026-11-02', 'open'], 'F-002': [0, '2026-11-09', 'paid'] });
    expect(skipped(readout)).toEqual({ 4: 'credit' });
    expect(readout.notes.map((n) => n.about)).toEqual(['dateOrder']);
    expect(readout.notes[0]?.text).toContain('"02/11/2026" can be read either way; they were read day first');
  });

  it('Spanish: Nº Factura, Correo electrónico, Vencimiento, Pendiente / Parcialmente pagada / Anulada, "1 de octubre de 2026"', () => {
    const rows = [
      ['Nº Factura', 'Cliente', 'Correo electrónico', 'Fecha', 'Vencimiento', 'Importe', 'Pagado', 'Estado'],
      ['A-17', 'Ferretería López', 'pagos@lopez.example', '15/09/2026', '15/10/2026', '3.150,00', '0,00', 'Pendiente'],
      ['A-18', 'Ferretería López', 'pagos@lopez.example', '20/09/2026', '20/10/2026', '980,40', '500,00', 'Parcialmente pagada'],
      ['A-19', 'Hotel Sol', 'admin@hotelsol.example', '1 de octubre de 2026', '31 de octubre de 2026', '220,00', '', 'Anulada'],
      ['A-20', 'Hotel Sol', 'admin@hotelsol.example', '2 de octubre de 2026', '1 de noviembre de 2026', '120,00', '', 'Vencida'],
    ];
    const readout = read(rows, { locale: 'es_ES', currency: 'EUR' });
    expect(facts(readout)).toEqual({
      'A-17': [315_000, '2026-10-15', 'open'],
      'A-18': [48_040, '2026-10-20', 'partial'],
      'A-20': [12_000, '2026-11-01', 'open'],
    });
    expect(skipped(readout)).toEqual({ 4: 'void' });
  });

  it('Dutch: Factuurnummer, Vervaldatum, € 1.250,00, DD-MM-YYYY, Openstaand / Betaald / Concept', () => {
    const rows = [
      ['Factuurnummer', 'Klant', 'E-mail', 'Factuurdatum', 'Vervaldatum', 'Bedrag', 'Betaald', 'Status'],
      ['2026-0042', 'Bakkerij de Vries', 'boekhouding@devries.example', '14-10-2026', '13-11-2026', '€ 1.250,00', '€ 0,00', 'Openstaand'],
      ['2026-0043', 'Jansen BV', 'fin@jansen.example', '20-10-2026', '19-11-2026', '€ 310,50', '€ 310,50', 'Betaald'],
      ['2026-0044', 'Jansen BV', 'fin@jansen.example', '21-10-2026', '20-11-2026', '€ 99,99', '', 'Concept'],
    ];
    const readout = read(rows, { locale: 'nl_NL', currency: 'EUR' });
    expect(facts(readout)).toEqual({ '2026-0042': [125_000, '2026-11-13', 'open'], '2026-0043': [0, '2026-11-19', 'paid'] });
    expect(skipped(readout)).toEqual({ 4: 'draft' });
  });

  it('Italian: Numero fattura, Scadenza, Scaduta / Pagata / Parzialmente pagata, Totale', () => {
    const rows = [
      ['Numero fattura', 'Cliente', 'Email', 'Data fattura', 'Scadenza', 'Importo', 'Pagato', 'Stato'],
      ['FT-101', 'Trattoria Roma', 'amministrazione@roma.example', '13/10/2026', '12/11/2026', '1.800,00', '0,00', 'Scaduta'],
      ['FT-102', 'Studio Bianchi', 'info@bianchi.example', '14/10/2026', '13/11/2026', '640,00', '640,00', 'Pagata'],
      ['FT-103', 'Studio Bianchi', 'info@bianchi.example', '15/10/2026', '14/11/2026', '75,00', '25,00', 'Parzialmente pagata'],
      ['Totale', '', '', '', '', '2.515,00', '665,00', ''],
    ];
    const readout = read(rows, { locale: 'it_IT', currency: 'EUR' });
    expect(facts(readout)).toEqual({
      'FT-101': [180_000, '2026-11-12', 'open'],
      'FT-102': [0, '2026-11-13', 'paid'],
      'FT-103': [5_000, '2026-11-14', 'partial'],
    });
    expect(skipped(readout)).toEqual({ 5: 'total' });
  });
});

describe('what a person would read without hesitating', () => {
  it('an Amount Paid of 1.00 is money received, not a ticked box; TRUE is a ticked box', () => {
    const readout = read([
      ['Invoice', 'Customer', 'Due Date', 'Amount', 'Amount Paid'],
      ['X-1', 'A Co', '2026-10-01', '100.00', '1.00'],
      ['X-2', 'B Co', '2026-10-01', '100.00', 'TRUE'],
    ]);
    expect(facts(readout)).toEqual({ 'X-1': [9_900, '2026-10-01', 'partial'], 'X-2': [0, '2026-10-01', 'paid'] });
    const fromSheets = readLedger(
      [
        ['Invoice', 'Customer', 'Due Date', 'Amount', 'Amount Paid'],
        ['X-1', 'A Co', '2026-10-01', 100, 1],
      ],
      { timeZone: 'UTC', currency: 'USD' },
    );
    expect(fromSheets.ok && fromSheets.value.invoices[0]?.balance.minor).toBe(9_900);
  });

  it('a team’s own status words are read first, and may re-mean a known word', () => {
    const rows = [
      ['Invoice', 'Customer', 'Due Date', 'Amount', 'Status'],
      ['W-1', 'A Co', '2026-10-01', '10.00', 'Chez l’avocat'],
      ['W-2', 'B Co', '2026-10-01', '10.00', 'Sent'],
      ['W-3', 'C Co', '2026-10-01', '10.00', 'Binned'],
    ];
    const plain = read(rows);
    expect(errors(plain).map((e) => [e.row, e.reason])).toEqual([
      [
        2,
        '"Chez l’avocat" is not a status we know (Open, Partial, Paid, Disputed, Promised, On hold, Bankrupt, Do not contact, Draft, Void, or the same in German, French, Spanish, Dutch or Italian); add it to your status words in Settings > Ledger',
      ],
      [4, expect.stringContaining('"Binned" is not a status we know')],
    ]);
    const own = read(rows, { statusWords: { 'chez l’avocat': 'on_hold', sent: 'draft', binned: 'void' } });
    expect(facts(own)).toEqual({ 'W-1': [1_000, '2026-10-01', 'on_hold'] });
    expect(skipped(own)).toEqual({ 3: 'draft', 4: 'void' });
    expect(statusWordsNotOwed({ binned: 'void', paid: 'open' })).toEqual(expect.arrayContaining(['binned', 'void', 'bezahlt']));
    expect(statusWordsNotOwed({ binned: 'void', paid: 'open' })).not.toContain('paid');
  });

  it('a customer named "Total Wine" is a customer, not a total line', () => {
    expect(
      facts(
        read([
          ['Customer', 'Invoice', 'Due Date', 'Amount'],
          ['Total Wine & More', 'T-1', '2026-10-01', '10.00'],
        ]),
      ),
    ).toEqual({ 'T-1': [1_000, '2026-10-01', 'open'] });
  });

  it('every header name means one field, in every vocabulary', () => {
    const seen = new Map<string, string>();
    for (const vocabulary of VOCABULARIES) {
      for (const [field, names] of Object.entries(vocabulary.headers)) {
        for (const name of names) {
          const key = normalizeHeader(name);
          expect({ name, field: seen.get(key) ?? field }).toEqual({ name, field });
          seen.set(key, field);
        }
      }
    }
  });
});

describe('the same ledger written in each locale reads to the same invoices', () => {
  const LOCALES: { locale: string; headers: string[]; statuses: Record<'open' | 'paid' | 'partial', string> }[] = [
    {
      locale: 'en-US',
      headers: ['Invoice Number', 'Customer', 'Invoice Date', 'Due Date', 'Amount', 'Amount Paid', 'Status'],
      statuses: { open: 'Open', paid: 'Paid', partial: 'Partial' },
    },
    {
      locale: 'en-GB',
      headers: ['Invoice No', 'Customer', 'Invoice Date', 'Due Date', 'Total', 'Paid', 'Status'],
      statuses: { open: 'Unpaid', paid: 'Paid', partial: 'Part Paid' },
    },
    {
      locale: 'de-DE',
      headers: ['Rechnungsnr.', 'Kunde', 'Rechnungsdatum', 'Fällig am', 'Betrag', 'Bezahlt', 'Status'],
      statuses: { open: 'offen', paid: 'bezahlt', partial: 'teilweise' },
    },
    {
      locale: 'fr-FR',
      headers: ['N° facture', 'Client', 'Date de facture', "Date d'échéance", 'Montant TTC', 'Réglé', 'Statut'],
      statuses: { open: 'Impayée', paid: 'Payée', partial: 'Partiellement payée' },
    },
    {
      locale: 'es-ES',
      headers: ['Nº Factura', 'Cliente', 'Fecha', 'Vencimiento', 'Importe', 'Pagado', 'Estado'],
      statuses: { open: 'Pendiente', paid: 'Pagada', partial: 'Parcial' },
    },
    {
      locale: 'nl-NL',
      headers: ['Factuurnummer', 'Klant', 'Factuurdatum', 'Vervaldatum', 'Bedrag', 'Betaald', 'Status'],
      statuses: { open: 'Openstaand', paid: 'Betaald', partial: 'Deels betaald' },
    },
    {
      locale: 'it-IT',
      headers: ['Numero fattura', 'Cliente', 'Data fattura', 'Scadenza', 'Importo', 'Pagato', 'Stato'],
      statuses: { open: 'Aperta', paid: 'Pagata', partial: 'Parziale' },
    },
  ];
  const invoice = fc.record({
    amountMinor: fc.integer({ min: 1, max: 500_000_000 }),
    paidShare: fc.constantFrom(0, 0.5, 1),
    issued: fc.integer({ min: 0, max: 700 }),
    terms: fc.integer({ min: 0, max: 90 }),
  });

  it('dates and amounts formatted as each locale writes them, headers and statuses in its language', () => {
    fc.assert(
      fc.property(fc.array(invoice, { minLength: 1, maxLength: 12 }), (list) => {
        const read = LOCALES.map(({ locale, headers, statuses }) => {
          const money = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' });
          const date = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' });
          const rows = [
            headers,
            ...list.map((inv, i) => {
              const issued = Date.UTC(2025, 0, 1) + inv.issued * 86_400_000;
              const paidMinor = Math.round(inv.amountMinor * inv.paidShare);
              const status = paidMinor === 0 ? statuses.open : paidMinor === inv.amountMinor ? statuses.paid : statuses.partial;
              return [
                `N-${i + 1}`,
                `Kunde ${i % 3}`,
                date.format(issued),
                date.format(issued + inv.terms * 86_400_000),
                money.format(inv.amountMinor / 100),
                money.format(paidMinor / 100),
                status,
              ];
            }),
          ];
          const result = readLedger(rows, { timeZone: 'UTC', currency: 'EUR', locale: locale.replace('-', '_') });
          if (!result.ok) throw new Error(`${locale}: ${result.error}`);
          expect({ locale, issues: result.value.issues }).toEqual({ locale, issues: [] });
          return result.value.invoices.map(({ row: _row, ...facts }) => facts);
        });
        for (const [i, invoices] of read.entries())
          expect({ locale: LOCALES[i]?.locale, invoices }).toEqual({ locale: LOCALES[i]?.locale, invoices: read[0] });
      }),
      { numRuns: 60, seed: 20261203 },
    );
  });
});
