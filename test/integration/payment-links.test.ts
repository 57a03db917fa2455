import { defaultLedgerSettings } from '../../shared/default-settings';
import { LEDGER, rid, snapshot, startTestApi, type TestApi } from '../support/api';
import { dispatcherHarness, sesMailbox } from '../support/dispatcher';
import { qrCodesIn } from '../support/pdf-qr-codes';
import { pdfText } from '../support/read-pdf';

const usd = (minor: number) => ({ minor, currency: 'USD' });
const TEMPLATE =
  'https://pay.acme.example/checkout?invoice={{invoice_number}}&amount={{amount}}&currency={{currency}}&customer={{customer}}';

/** A ledger whose team has a link template, and whose invoicing tool gave one row a link of its own. */
describe('pay-online links: the settings, the sync, the letters and the emails', () => {
  let api: TestApi;
  const settings = { ...defaultLedgerSettings('ar@acme.example', 'America/New_York'), paymentLink: TEMPLATE };
  const sync = (invoices: unknown[]) => api.call('POST', '/v1/invoices/sync', { body: { requestId: rid(), ledgerId: LEDGER, invoices } });

  beforeAll(async () => {
    api = await startTestApi('2026-11-24T15:00:00Z');
    expect((await api.call('PUT', '/v1/settings', { body: { requestId: rid(), ledgerId: LEDGER, settings } })).status).toBe(200);
  });
  afterAll(() => api.close());

  it('refuses a template that is not https, naming the field, and keeps the one saved', async () => {
    const bad = { ...settings, paymentLink: 'http://pay.acme.example/?i={{invoice_number}}' };
    const res = await api.call('PUT', '/v1/settings', { body: { requestId: rid(), ledgerId: LEDGER, settings: bad } });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/settings\.paymentLink.*must start with https:\/\//);
    const kept = await api.call('GET', `/v1/settings?ledgerId=${LEDGER}`);
    expect(kept.json.paymentLink).toBe(TEMPLATE);
  });

  it("refuses a row's link with CR/LF in it, naming the row's field, and writes nothing", async () => {
    const res = await sync([snapshot('X-1', { paymentLink: 'https://pay.acme.example/x\r\nBcc: all@x.example' })]);
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/invoices\.0\.paymentLink.*single line/);
    expect((await api.call('GET', `/v1/invoices/X-1?ledgerId=${LEDGER}`)).status).toBe(404);
  });

  it("puts each invoice's link in a letter as text and as a QR code a phone can read", async () => {
    const customer = 'Harbor & Sons';
    const own = 'https://app.invoicer.example/i/8f3a2c';
    expect(
      (
        await sync([
          snapshot('P-1', { customer, dueDate: '2026-10-01', amount: usd(120_000), balance: usd(100_000) }),
          snapshot('P-2', { customer, dueDate: '2026-09-15', amount: usd(45_025), balance: usd(45_025), paymentLink: own }),
        ])
      ).status,
    ).toBe(200);
    const res = await api.call('POST', '/v1/letters', {
      body: { requestId: rid(), ledgerId: LEDGER, invoiceNumber: 'P-1', stage: 'past_due_notice' },
    });
    expect(res.status).toBe(200);
    const filled = 'https://pay.acme.example/checkout?invoice=P-1&amount=1000.00&currency=USD&customer=Harbor%20%26%20Sons';
    const { text, pages } = pdfText(res.json.pdfBase64);
    expect(pages).toBe(1);
    // A long link wraps where the page ends it: read without the breaks.
    const unwrapped = text.replace(/\s+/g, '');
    expect(text).toContain('Pay online');
    expect(unwrapped).toContain(`InvoiceP-2:${own}`);
    expect(unwrapped).toContain(`InvoiceP-1:${filled}`);
    expect(qrCodesIn(Buffer.from(res.json.pdfBase64, 'base64'))).toEqual([own, filled]);
  });

  it('sends the link in the reminder email: a button in the HTML part, a line in the text part', async () => {
    const to = `payer-${rid().slice(-8)}@debtor.example`;
    expect(
      (await sync([snapshot('E-1', { customer: 'Blue Fern', contactEmail: to, dueDate: '2026-11-24', balance: usd(68_807) })])).status,
    ).toBe(200);
    const harness = dispatcherHarness(api);
    await harness.run();
    harness.close();
    const [email, ...more] = await sesMailbox((a) => a === to);
    expect(more).toEqual([]);
    const link = 'https://pay.acme.example/checkout?invoice=E-1&amount=688.07&currency=USD&customer=Blue%20Fern';
    expect(email?.body.text).toContain(`Pay online: ${link}`);
    expect(email?.body.html).toContain(`<a href="${link.replace(/&/g, '&amp;')}"`);
  });
});
