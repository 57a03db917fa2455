import { LEDGER, rid, snapshot, startTestApi, type TestApi } from '../support/api';
import { dispatcherHarness, sesMailbox } from '../support/dispatcher';

/** GET /v1/reminders/preview shows the email the dispatcher will send, as it sends it. */
describe('previewing a reminder email', () => {
  let api: TestApi;
  const to = 'ap-preview@preview-test.example';
  const preview = (invoiceNumber: string, stepId: string) => api.call('GET', `/v1/reminders/preview?ledgerId=${LEDGER}&invoiceNumber=${invoiceNumber}&stepId=${stepId}`);

  beforeAll(async () => {
    api = await startTestApi('2026-11-24T15:00:00Z');
    const res = await api.call('POST', '/v1/invoices/sync', {
      body: { requestId: rid(), ledgerId: LEDGER, invoices: [snapshot('P-1', { customer: '<b>Bold</b> & Co', contactName: 'Ann <script>', contactEmail: to, dueDate: '2026-11-24' })] },
    });
    expect(res.status).toBe(200);
  });
  afterAll(() => api.close());

  it('is the email the dispatcher then sends, subject and text alike', async () => {
    const shown = await preview('P-1', 'due');
    expect(shown.status).toBe(200);
    expect(shown.json).toMatchObject({ stepId: 'due', to, on: '2026-11-24' });
    expect(await dispatcherHarness(api).run()).toMatchObject({ sent: 1 });
    const [sent] = await sesMailbox((address) => address === to);
    expect(sent?.subject).toBe(shown.json.subject);
    expect((sent?.body.text ?? '').replace(/\r\n/g, '\n').trim()).toBe(String(shown.json.text).trim());
  });

  it('escapes every value in the HTML part', async () => {
    const shown = await preview('P-1', 'overdue-15');
    expect(shown.json.on).toBe('2026-12-09');
    expect(shown.json.html).not.toMatch(/<b>Bold|<script>/);
    expect(shown.json.html).toMatch(/&lt;b&gt;Bold&lt;\/b&gt; &amp; Co|Ann &lt;script&gt;/);
  });

  it('refuses a step that is not an email, and an unknown step', async () => {
    const letter = await preview('P-1', 'demand-45');
    expect(letter.status).toBe(400);
    expect(letter.json.error.message).toBe('Step demand-45 of the ladder is not an email, so there is nothing to preview.');
    expect((await preview('P-1', 'nope')).status).toBe(400);
    expect((await preview('NOPE', 'due')).status).toBe(404);
  });
});
