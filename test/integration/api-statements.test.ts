import { createHash } from 'node:crypto';
import { defaultLedgerSettings } from '../../shared/default-settings';
import { LEDGER, rid, snapshot, startTestApi, type TestApi } from '../support/api';
import { qrCodesIn } from '../support/pdf-qr-codes';
import { pdfText } from '../support/read-pdf';

const usd = (minor: number) => ({ minor, currency: 'USD' });

/** A customer with three open invoices (one part paid), a paid one, and another customer's. */
describe('POST /v1/statements: a statement of account, recorded on each invoice it lists', () => {
  let api: TestApi;
  const statement = (invoiceNumber: string) =>
    api.call('POST', '/v1/statements', { body: { requestId: rid(), ledgerId: LEDGER, invoiceNumber } });

  beforeAll(async () => {
    api = await startTestApi('2026-11-24T15:00:00Z');
    const settings = {
      ...defaultLedgerSettings('ar@acme.example', 'America/New_York'),
      ledgerName: 'Acme Supplies Ltd',
      paymentInstructions: 'Bank transfer to account 12345678.',
      paymentLink: 'https://pay.acme.example/account?customer={{customer}}',
    };
    expect((await api.call('PUT', '/v1/settings', { body: { requestId: rid(), ledgerId: LEDGER, settings } })).status).toBe(200);
    const customer = 'Harbor Coffee Roasters';
    const res = await api.call('POST', '/v1/invoices/sync', {
      body: {
        requestId: rid(),
        ledgerId: LEDGER,
        invoices: [
          snapshot('S-1', {
            customer,
            invoiceDate: '2026-08-15',
            dueDate: '2026-09-14',
            amount: usd(120_000),
            balance: usd(45_000),
            status: 'partial',
          }),
          snapshot('S-2', { customer, dueDate: '2026-10-30', amount: usd(45_025), balance: usd(45_025) }),
          snapshot('S-3', { customer, dueDate: '2026-12-20', amount: usd(99_900), balance: usd(99_900) }),
          snapshot('S-4', { customer, dueDate: '2026-08-01', amount: usd(5_000), balance: usd(0), status: 'paid' }),
          snapshot('O-1', { customer: 'Someone Else', dueDate: '2026-09-01', amount: usd(5_000), balance: usd(5_000) }),
        ],
      },
    });
    expect(res.status).toBe(200);
  });
  afterAll(() => api.close());

  it('lists every open invoice, oldest first, with the part payment, the running balance and the aging, and it adds up', async () => {
    const res = await statement('S-2');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ customer: 'Harbor Coffee Roasters', totalDue: usd(189_925), invoices: ['S-1', 'S-2', 'S-3'] });
    const { text, pages } = pdfText(res.json.pdfBase64);
    expect(pages).toBe(1);
    expect(text).toContain('Statement of account');
    // Amount, paid or credited, balance, running balance, days past due: 1,200.00 - 750.00 = 450.00, 71 days.
    expect(text).toContain('S-1 August 15, 2026 September 14, 2026 $1,200.00 $750.00 $450.00 $450.00 71');
    expect(text).toContain('S-2 October 30, 2026 $450.25 $0.00 $450.25 $900.25 25');
    expect(text).toContain('S-3 December 20, 2026 $999.00 $0.00 $999.00 $1,899.25');
    expect(text).toContain('Total $2,649.25 $750.00 $1,899.25');
    expect(text).toContain('Statement of account · Harbor Coffee Roasters · November 24, 2026 · page 1 of 1');
    // By age: 999.00 not yet due, 450.25 at 25 days, 450.00 at 71 days.
    expect(text).toContain('Current 1-30 days 31-60 days 61-90 days 90+ days $999.00 $450.25 $0.00 $450.00 $0.00');
    expect(text).toContain('Balance due: $1,899.25');
    expect(text).toContain('Bank transfer to account 12345678.');
    expect(text).not.toContain('S-4');
    expect(text).not.toContain('O-1');
    const link = 'https://pay.acme.example/account?customer=Harbor%20Coffee%20Roasters';
    expect(text.replace(/\s+/g, '')).toContain(link);
    expect(qrCodesIn(Buffer.from(res.json.pdfBase64, 'base64'))).toEqual([link]);
  });

  it('records it, with its hash, on each invoice it lists, and the same day gives the same bytes', async () => {
    const first = await statement('S-1');
    const again = await statement('S-3');
    expect(again.json.sha256).toBe(first.json.sha256);
    expect(createHash('sha256').update(Buffer.from(first.json.pdfBase64, 'base64')).digest('hex')).toBe(first.json.sha256);
    for (const n of ['S-1', 'S-2', 'S-3']) {
      const events = (await api.call('GET', `/v1/history?ledgerId=${LEDGER}&invoiceNumber=${n}&limit=100`)).json.events as {
        type: string;
        data: Record<string, unknown>;
      }[];
      expect(events.find((e) => e.type === 'statement.made')?.data).toMatchObject({
        sha256: first.json.sha256,
        invoices: ['S-1', 'S-2', 'S-3'],
        totalDue: usd(189_925),
      });
    }
    expect((await api.call('GET', `/v1/audit/verify?ledgerId=${LEDGER}`)).json.intact).toBe(true);
    // The customer's evidence pack lists each statement made (three so far), once each, with its hash.
    const pack = await api.call('GET', `/v1/evidence?ledgerId=${LEDGER}&invoiceNumber=S-1&scope=customer`);
    expect(pack.status).toBe(200);
    const { text } = pdfText(pack.json.pdfBase64);
    expect(text).toContain('Letters and statements of account');
    // A long file name wraps in its cell: counted with the breaks taken out.
    expect(text.replace(/\s+/g, '').split(first.json.fileName).length - 1).toBe(3);
  });

  it('says there is nothing to state for a customer who owes nothing, and writes nothing', async () => {
    await api.call('POST', '/v1/invoices/sync', {
      body: {
        requestId: rid(),
        ledgerId: LEDGER,
        invoices: [snapshot('Z-1', { customer: 'Paid Up Co', balance: usd(0), status: 'paid' })],
      },
    });
    const res = await statement('Z-1');
    expect(res.status).toBe(409);
    expect(res.json.error.message).toBe(
      'No statement was made: Paid Up Co owes nothing in USD on 2026-11-24: there is no open invoice to list.',
    );
    const events = (await api.call('GET', `/v1/history?ledgerId=${LEDGER}&invoiceNumber=Z-1`)).json.events as { type: string }[];
    expect(events.map((e) => e.type)).not.toContain('statement.made');
  });
});
