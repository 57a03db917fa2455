import { LedgerStatusResponse } from '../../shared/api/contract';
import { LEDGER, rid, snapshot, startTestApi, type TestApi } from '../support/api';
import { DynamoDbDispatchStore } from '../../lambdas/store/dynamodb-dispatch-store';
import { dispatcherHarness } from '../support/dispatcher';

/** Every status of the ledger, following the cursor page by page. */
async function allStatuses(api: TestApi, limit: number) {
  const pages: LedgerStatusResponse[] = [];
  let cursor: string | undefined;
  do {
    const res = await api.call(
      'GET',
      `/v1/ledger/status?ledgerId=${LEDGER}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(res.status).toBe(200);
    const page = LedgerStatusResponse.parse(res.json);
    pages.push(page);
    cursor = page.nextCursor;
  } while (cursor);
  return { pages, invoices: pages.flatMap((p) => p.invoices) };
}

describe('GET /v1/ledger/status: what the status columns show', () => {
  let api: TestApi;
  const mail = (n: string) => `status-${n.toLowerCase().replace(/[^a-z0-9]/g, '')}@ledger-status.example`;
  const ref = (invoiceNumber: string) => ({ ledgerId: LEDGER, invoiceNumber });
  // "A" and "A!1": "REM#A#..." sorts after "REM#A!1#...", the case a naive key range would miss.
  const numbers = ['A', 'A!1', 'S-1', 'S-2', 'S-3', 'S-4', 'S-5', 'S-6', 'S-7'];

  beforeAll(async () => {
    api = await startTestApi();
    const res = await api.call('POST', '/v1/invoices/sync', {
      body: {
        requestId: rid(),
        ledgerId: LEDGER,
        invoices: numbers.map((n) =>
          snapshot(n, {
            contactEmail: mail(n),
            ...(n === 'S-2' && { status: 'paid', balance: { minor: 0, currency: 'USD' } }),
            ...(n === 'S-5' && { contactEmail: undefined }),
            // Not due for a month: the courtesy note is the next step, later.
            ...(n === 'S-6' && { dueDate: '2026-12-24' }),
            ...(n === 'S-7' && { dueDate: '2025-01-10' }),
          }),
        ),
      },
    });
    expect(res.status).toBe(200);
  });
  afterAll(() => api.close());

  it('answers every invoice exactly once across pages, whatever the page size', async () => {
    for (const limit of [1, 2, 4, 500]) {
      const { pages, invoices } = await allStatuses(api, limit);
      expect(invoices.map((i) => i.invoiceNumber).sort()).toEqual([...numbers].sort());
      expect(pages.length).toBeGreaterThanOrEqual(Math.ceil(numbers.length / limit));
    }
  });

  it('derives the state from the same planner the dispatcher obeys', async () => {
    const promised = await api.call('POST', '/v1/promises', {
      body: { requestId: rid(), ...ref('S-3'), promisedFor: '2026-12-01', amount: { minor: 68807, currency: 'USD' } },
    });
    expect(promised.status).toBe(200);
    const disputed = await api.call('POST', '/v1/disputes', {
      body: { requestId: rid(), ...ref('S-4'), action: 'open', reason: 'Pricing' },
    });
    expect(disputed.status).toBe(200);
    const byNumber = new Map((await allStatuses(api, 500)).invoices.map((i) => [i.invoiceNumber, i]));
    expect(byNumber.get('S-1')).toEqual({
      invoiceNumber: 'S-1',
      nextStep: { label: 'Due-date reminder', action: 'email', on: '2026-11-24' },
      automation: { state: 'sending' },
    });
    expect(byNumber.get('S-2')).toEqual({ invoiceNumber: 'S-2', automation: { state: 'paid' } });
    expect(byNumber.get('S-3')).toEqual({
      invoiceNumber: 'S-3',
      automation: { state: 'waiting', reason: 'a promise to pay is pending until 2026-12-05' },
    });
    expect(byNumber.get('S-4')).toEqual({
      invoiceNumber: 'S-4',
      automation: { state: 'stopped', reason: 'the invoice is disputed (Pricing)' },
    });
    expect(byNumber.get('S-5')).toEqual({
      invoiceNumber: 'S-5',
      automation: { state: 'stopped', reason: 'the invoice has no contact email' },
    });
    expect(byNumber.get('S-6')?.nextStep).toMatchObject({ action: 'email', on: '2026-12-21' });
    // Years late and never chased: it catches up with the latest email first (the letters follow at the ladder's spacing).
    expect(byNumber.get('S-7')).toMatchObject({ nextStep: { action: 'email', label: 'Second notice' }, automation: { state: 'sending' } });
  });

  it('shows the latest contact: a logged call, or a reminder the dispatcher sent', async () => {
    await api.call('POST', '/v1/contacts', { body: { requestId: rid(), ...ref('S-1'), channel: 'call', outcome: 'left_message' } });
    // Logged after the fact, earlier than the call: the call stays the latest.
    await api.call('POST', '/v1/contacts', {
      body: { requestId: rid(), ...ref('S-1'), channel: 'letter', outcome: 'other', occurredAt: '2026-11-20T10:00:00Z' },
    });
    api.clock.set(Date.parse('2026-11-24T15:05:00Z'));
    const run = await dispatcherHarness(api).run();
    expect(run.sent).toBeGreaterThanOrEqual(3);

    const byNumber = new Map((await allStatuses(api, 2)).invoices.map((i) => [i.invoiceNumber, i]));
    expect(byNumber.get('S-1')?.lastContact).toEqual({ at: '2026-11-24T15:05:00.000Z', kind: 'reminder', label: 'Due-date reminder' });
    expect(byNumber.get('A')?.lastContact).toMatchObject({ kind: 'reminder', label: 'Due-date reminder' });
    expect(byNumber.get('A!1')?.lastContact).toMatchObject({ kind: 'reminder' });
    expect(byNumber.get('S-4')?.lastContact).toBeUndefined();
    expect(byNumber.get('S-7')?.lastContact).toMatchObject({ kind: 'reminder', label: 'Second notice' });
    api.clock.set(Date.parse('2026-11-24T15:10:00Z'));
    await api.call('POST', '/v1/contacts', { body: { requestId: rid(), ...ref('S-7'), channel: 'call', outcome: 'reached' } });
    const after = new Map((await allStatuses(api, 500)).invoices.map((i) => [i.invoiceNumber, i]));
    expect(after.get('S-7')?.lastContact).toEqual({ at: '2026-11-24T15:10:00.000Z', kind: 'call' });
    api.clock.set(Date.parse('2026-11-24T15:00:00Z'));
  });

  it('keeps a logged contact when no reminder went after it', async () => {
    api.clock.set(Date.parse('2026-11-25T16:00:00Z'));
    try {
      await api.call('POST', '/v1/contacts', { body: { requestId: rid(), ...ref('S-4'), channel: 'meeting', outcome: 'reached' } });
      const byNumber = new Map((await allStatuses(api, 500)).invoices.map((i) => [i.invoiceNumber, i]));
      expect(byNumber.get('S-4')?.lastContact).toEqual({ at: '2026-11-25T16:00:00.000Z', kind: 'meeting' });
    } finally {
      api.clock.set(Date.parse('2026-11-24T15:00:00Z'));
    }
  });

  it('says an email step is stopped when the address may no longer be emailed', async () => {
    const dispatch = new DynamoDbDispatchStore(api.tables.client, api.tables.mainTable);
    for (const n of ['S-6', 'S-7'])
      await dispatch.putSuppression('d:acme.example', { email: mail(n), reason: 'they bounced permanently', at: '2026-11-24T15:00:00Z' });
    const byNumber = new Map((await allStatuses(api, 500)).invoices.map((i) => [i.invoiceNumber, i]));
    expect(byNumber.get('S-6')).toEqual({
      invoiceNumber: 'S-6',
      automation: {
        state: 'stopped',
        reason: `emails to ${mail('S-6')} are blocked because they bounced permanently; correct the address, then resume`,
      },
    });
    // A task for a person is still a task when the address bounced: the letter goes by post.
    expect(byNumber.get('S-7')?.automation.state).toBe('your_turn');
    // The sidebar says the same, from the same function: not "running" with a step "Scheduled".
    const sidebar = (await api.call('GET', `/v1/reminders?ledgerId=${LEDGER}&invoiceNumber=S-6`)).json;
    expect(sidebar.automation).toEqual({
      running: false,
      reason: `emails to ${mail('S-6')} are blocked because they bounced permanently; correct the address, then resume`,
    });
    expect((await api.call('GET', `/v1/reminders?ledgerId=${LEDGER}&invoiceNumber=S-7`)).json.automation.running).toBe(true);
  });

  it('says when the whole customer is paused, reading the ledger’s pauses once per page', async () => {
    const paused = await api.call('POST', '/v1/customers/pause', {
      body: { requestId: rid(), ledgerId: LEDGER, customer: 'union square florists', action: 'pause', resumeOn: '2026-12-15' },
    });
    expect(paused.status).toBe(200);
    const byNumber = new Map((await allStatuses(api, 500)).invoices.map((i) => [i.invoiceNumber, i]));
    expect(byNumber.get('S-1')?.automation).toEqual({
      state: 'stopped',
      reason: expect.stringMatching(/paused until 2026-12-15/) as string,
    });
    expect(byNumber.get('S-2')?.automation).toEqual({ state: 'paid' });
    await api.call('POST', '/v1/customers/pause', {
      body: { requestId: rid(), ledgerId: LEDGER, customer: 'Union Square Florists', action: 'resume' },
    });
  });

  it('refuses a bad query with the field and the reason', async () => {
    const zero = await api.call('GET', `/v1/ledger/status?ledgerId=${LEDGER}&limit=0`);
    expect(zero.status).toBe(400);
    expect(JSON.stringify(zero.json)).toMatch(/limit/);
    const extra = await api.call('GET', `/v1/ledger/status?ledgerId=${LEDGER}&sort=desc`);
    expect(extra.status).toBe(400);
    const noLedger = await api.call('GET', '/v1/ledger/status?ledgerId=bad');
    expect(JSON.stringify(noLedger.json)).toMatch(/ledgerId/);
  });

  it('shows another tenant nothing', async () => {
    const res = await api.call('GET', `/v1/ledger/status?ledgerId=${LEDGER}`, { user: 'bob' });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ invoices: [] });
  });
});
