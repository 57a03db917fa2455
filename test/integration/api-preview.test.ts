import { LEDGER, rid, snapshot, startTestApi, type TestApi } from '../support/api';
import { dispatcherHarness, sesMailbox } from '../support/dispatcher';

/** GET /v1/reminders/preview shows the email the dispatcher will send, as it sends it. */
describe('previewing a reminder email', () => {
  let api: TestApi;
  const to = 'ap-preview@preview-test.example';
  const preview = (invoiceNumber: string, stepId: string) =>
    api.call('GET', `/v1/reminders/preview?ledgerId=${LEDGER}&invoiceNumber=${invoiceNumber}&stepId=${stepId}`);

  beforeAll(async () => {
    api = await startTestApi('2026-11-24T15:00:00Z');
    const res = await api.call('POST', '/v1/invoices/sync', {
      body: {
        requestId: rid(),
        ledgerId: LEDGER,
        invoices: [snapshot('P-1', { customer: '<b>Bold</b> & Co', contactName: 'Ann <script>', contactEmail: to, dueDate: '2026-11-24' })],
      },
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

  it('sends a test of a step to the signed-in user alone, marked as a test, and records it', async () => {
    const before = (await sesMailbox((address) => address === to)).length;
    const res = await api.call('POST', '/v1/reminders/test', {
      body: { requestId: rid(), ledgerId: LEDGER, invoiceNumber: 'P-1', stepId: 'overdue-15' },
    });
    expect(res.status).toBe(200);
    const shown = await preview('P-1', 'overdue-15');
    expect(res.json).toMatchObject({ to: 'alice@acme.example', subject: `[Test] ${String(shown.json.subject)}` });
    const [test] = (await sesMailbox((address) => address === 'alice@acme.example')).filter((e) => e.messageId === res.json.messageId);
    expect(test?.subject).toBe(res.json.subject);
    expect(test?.from).toBe('"Accounts Receivable" <ar@acme.example>');
    expect(test?.replyTo).toEqual(['alice@acme.example']);
    expect(test?.body.text).toContain(
      `This is a test: the email Dunning Desk will send to ${to} for invoice P-1. It went only to you (alice@acme.example).`,
    );
    expect(test?.body.text).toContain(String(shown.json.text).trim().split('\n')[0]);
    expect(test?.body.html).not.toMatch(/<b>Bold|<script>/);
    // Nothing went to the customer, and the test is on the invoice's trail.
    expect(await sesMailbox((address) => address === to)).toHaveLength(before);
    const history = await api.call('GET', `/v1/history?ledgerId=${LEDGER}&invoiceNumber=P-1&limit=5`);
    expect(history.json.events[0]).toMatchObject({
      type: 'reminder.test_sent',
      data: { stepId: 'overdue-15', to: 'alice@acme.example', messageId: res.json.messageId },
    });
    const letter = await api.call('POST', '/v1/reminders/test', {
      body: { requestId: rid(), ledgerId: LEDGER, invoiceNumber: 'P-1', stepId: 'demand-45' },
    });
    expect(letter.status).toBe(400);
  });

  it('limits each person to 20 test emails a day, then answers 429 saying until when; another person is not held back', async () => {
    const send = (user: 'alice' | 'alan') =>
      api.call('POST', '/v1/reminders/test', {
        user,
        body: { requestId: rid(), ledgerId: LEDGER, invoiceNumber: 'P-1', stepId: 'overdue-15' },
      });
    api.clock.advance(86400_000); // a new day: the earlier test counts against yesterday
    const statuses: number[] = [];
    for (let i = 0; i < 20; i += 1) statuses.push((await send('alice')).status);
    expect(statuses).toEqual(Array(20).fill(200));
    const refused = await send('alice');
    expect(refused.status).toBe(429);
    expect(refused.json.error.message).toMatch(/20 test emails today.*tomorrow/);
    expect((await send('alan')).status).toBe(200);
    api.clock.advance(86400_000);
    expect((await send('alice')).status).toBe(200);
  });

  it('refuses a step that is not an email, and an unknown step', async () => {
    const letter = await preview('P-1', 'demand-45');
    expect(letter.status).toBe(400);
    expect(letter.json.error.message).toBe('Step demand-45 of the ladder is not an email, so there is nothing to preview.');
    expect((await preview('P-1', 'nope')).status).toBe(400);
    expect((await preview('NOPE', 'due')).status).toBe(404);
  });
});
