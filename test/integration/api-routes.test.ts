import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../lambdas/store/keys';
import { defaultLedgerSettings } from '../../shared/default-settings';
import { parseCsvOrThrow as parseCsv } from '../../shared/ledger/parse-csv';
import { LEDGER, rid, snapshot, startTestApi, type TestApi } from '../support/api';
import { tableContents } from '../support/table-counts';

describe('the API routes, end to end on dynalite', () => {
  let api: TestApi;
  const ref = (invoiceNumber: string) => ({ ledgerId: LEDGER, invoiceNumber });
  const history = async (n: string) =>
    (await api.call('GET', `/v1/history?ledgerId=${LEDGER}&invoiceNumber=${n}&limit=100`)).json.events as {
      type: string;
      data: Record<string, unknown>;
      seq: number;
    }[];
  const reminders = async (n: string) => (await api.call('GET', `/v1/reminders?ledgerId=${LEDGER}&invoiceNumber=${n}`)).json;
  const sync = (...invoices: unknown[]) =>
    api.call('POST', '/v1/invoices/sync', { body: { requestId: rid(), ledgerId: LEDGER, invoices } });

  beforeAll(async () => {
    api = await startTestApi();
    await sync(
      snapshot('R-1'),
      snapshot('R-2'),
      snapshot('R-3'),
      snapshot('R-4'),
      snapshot('R-5', { customer: 'Other Co' }),
      snapshot('R-6', { customer: 'Insolvent Co' }),
    );
  });
  afterAll(() => api.close());

  describe('idempotency', () => {
    it('writes once for the same request id sent twice, and answers the second from the first', async () => {
      const body = { requestId: rid(), ...ref('R-1'), channel: 'call', outcome: 'left_message' };
      const first = await api.call('POST', '/v1/contacts', { body });
      const afterFirst = await tableContents(api.tables);
      const second = await api.call('POST', '/v1/contacts', { body });
      expect(second.status).toBe(200);
      expect(second.json).toEqual(first.json);
      expect(await tableContents(api.tables)).toEqual(afterFirst);
      expect((await history('R-1')).filter((e) => e.type === 'contact.logged')).toHaveLength(1);
    });

    it('refuses a request id reused for a different request', async () => {
      const requestId = rid();
      await api.call('POST', '/v1/contacts', { body: { requestId, ...ref('R-1'), channel: 'call', outcome: 'reached' } });
      const res = await api.call('POST', '/v1/contacts', { body: { requestId, ...ref('R-1'), channel: 'email', outcome: 'reached' } });
      expect(res.status).toBe(409);
      expect(res.json.error.message).toMatch(/already used for a different request/);
    });

    it('writes once when the same request arrives twice at the same moment', async () => {
      const body = { requestId: rid(), ...ref('R-6'), channel: 'note', outcome: 'other', notes: 'double click' };
      const results = await Promise.all([api.call('POST', '/v1/contacts', { body }), api.call('POST', '/v1/contacts', { body })]);
      expect(results.map((r) => r.status).sort()).toEqual(expect.arrayContaining([200]));
      expect((await history('R-6')).filter((e) => e.type === 'contact.logged')).toHaveLength(1);
    });
  });

  it('logs a contact and says what automation does next', async () => {
    const res = await api.call('POST', '/v1/contacts', {
      body: {
        requestId: rid(),
        ...ref('R-2'),
        channel: 'call',
        reached: 'Jane Doe',
        outcome: 'reached',
        notes: 'line 1\nline 2 <b>bold</b>',
      },
    });
    expect(res.status).toBe(200);
    expect(res.json.automation).toMatch(/^Next step: Due-date reminder on 2026-11-24\./);
    const [latest] = await history('R-2');
    expect(latest).toMatchObject({
      type: 'contact.logged',
      data: { channel: 'call', reached: 'Jane Doe', outcome: 'reached', notes: 'line 1\nline 2 <b>bold</b>' },
    });
  });

  it('refuses to log a contact on an invoice never synced, with a message that says what to do', async () => {
    const res = await api.call('POST', '/v1/contacts', {
      body: { requestId: rid(), ...ref('NOPE-1'), channel: 'call', outcome: 'reached' },
    });
    expect(res.status).toBe(404);
    expect(res.json.error.message).toBe('Invoice NOPE-1 has not been synced from the sheet yet. Use Sync now, then try again.');
  });

  it('pauses reminders on a promise to pay, until its date plus grace', async () => {
    const res = await api.call('POST', '/v1/promises', {
      body: { requestId: rid(), ...ref('R-3'), promisedFor: '2026-12-01', amount: { minor: 68807, currency: 'USD' } },
    });
    expect(res.json.automation).toBe('Automated reminders are stopped: a promise to pay is pending until 2026-12-05.');
    const view = await reminders('R-3');
    expect(view.steps.find((s: { stepId: string }) => s.stepId === 'due')).toMatchObject({
      state: 'CANCELLED',
      reason: 'a promise to pay is pending until 2026-12-05',
    });
    expect((await history('R-3')).slice(0, 2).map((e) => e.type)).toEqual(['reminder.cancelled', 'promise.recorded']);
  });

  it('resumes chasing when the promise is broken, on the next change', async () => {
    api.clock.set(Date.parse('2026-12-07T15:00:00Z'));
    try {
      await api.call('POST', '/v1/contacts', { body: { requestId: rid(), ...ref('R-3'), channel: 'call', outcome: 'no_answer' } });
      const view = await reminders('R-3');
      expect(view.automation).toEqual({ running: true });
      expect(view.next).toMatchObject({ stepId: 'overdue-15', due: true });
    } finally {
      api.clock.set(Date.parse('2026-11-24T15:00:00Z'));
    }
  });

  it('stops automation on a dispute and restarts it when resolved', async () => {
    const opened = await api.call('POST', '/v1/disputes', { body: { requestId: rid(), ...ref('R-4'), action: 'open', reason: 'Pricing' } });
    expect(opened.json.automation).toBe('Automated reminders are stopped: the invoice is disputed (Pricing).');
    const resolved = await api.call('POST', '/v1/disputes', {
      body: { requestId: rid(), ...ref('R-4'), action: 'resolve', resolution: 'in_our_favour' },
    });
    expect(resolved.json.automation).toMatch(/^Next step:/);
    const again = await api.call('POST', '/v1/disputes', {
      body: { requestId: rid(), ...ref('R-4'), action: 'resolve', resolution: 'withdrawn' },
    });
    expect(again.status).toBe(409);
  });

  it('stops automation on a bankruptcy notice', async () => {
    const res = await api.call('POST', '/v1/bankruptcies', {
      body: { requestId: rid(), ...ref('R-6'), caseNumber: '26-10001', filedOn: '2026-11-20' },
    });
    expect(res.json.automation).toBe('Automated reminders are stopped: Insolvent Co is in bankruptcy proceedings (case 26-10001).');
  });

  it('keeps the customer’s payment record: the day each invoice was seen paid, and promises broken', async () => {
    const who = { customer: 'Behaviour Bistro', contactEmail: 'ap@bistro.example' };
    await sync(snapshot('B-1', { ...who, dueDate: '2026-11-04' }), snapshot('B-2', { ...who, dueDate: '2026-11-10' }));
    const promised = await api.call('POST', '/v1/promises', {
      body: { requestId: rid(), ...ref('B-2'), promisedFor: '2026-11-15', amount: { minor: 68807, currency: 'USD' } },
    });
    expect(promised.status).toBe(200);
    await sync(snapshot('B-1', { ...who, dueDate: '2026-11-04', status: 'paid', balance: { minor: 0, currency: 'USD' } })); // seen paid on 11-24: 20 days late
    const res = await api.call('GET', `/v1/customers/behaviour?ledgerId=${LEDGER}&invoiceNumber=B-2`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      paidInvoices: 1,
      averageDaysLate: 20,
      promises: 1,
      brokenPromises: 1,
      summary: 'Pays 20 days late on average (1 paid invoice). 1 of 1 promise to pay broken.',
    });
  });

  it('catches up a late-added invoice with an email first: earlier emails skipped, the call and letters after it at the ladder’s spacing', async () => {
    await sync(snapshot('R-late', { dueDate: '2026-10-01' })); // 54 days overdue on 24 November
    const view = (await reminders('R-late')) as {
      next: { stepId: string };
      steps: { stepId: string; state: string; on: string; reason?: string }[];
    };
    expect(view.next).toMatchObject({ stepId: 'overdue-30', action: 'email', due: true });
    const state = Object.fromEntries(view.steps.map((s) => [s.stepId, [s.state, s.on]]));
    // The second notice goes today; the call 8 days after it, the demand 15, the final notice 30, as the ladder spaces them.
    expect(state).toMatchObject({
      courtesy: ['SKIPPED', '2026-09-28'],
      due: ['SKIPPED', '2026-10-01'],
      'overdue-15': ['SKIPPED', '2026-10-16'],
      'overdue-30': ['PENDING', '2026-10-31'],
      'call-38': ['TASK', '2026-12-02'],
      'demand-45': ['TASK', '2026-12-09'],
      'final-60': ['TASK', '2026-12-24'],
      'referral-75': ['TASK', '2027-01-08'],
    });
    expect(view.steps.find((s) => s.stepId === 'overdue-15')?.reason).toMatch(/only the most recent email is sent/);
  });

  describe('reminder actions', () => {
    const act = (body: Record<string, unknown>) =>
      api.call('POST', '/v1/reminders/actions', { body: { requestId: rid(), ...ref('R-1'), ...body } });

    it('reschedules a step into business hours, and sends now within them unless overridden', async () => {
      const rescheduled = await act({ action: 'reschedule', reminderId: 'due', sendAt: '2026-11-28T12:00:00Z' }); // a Saturday
      expect(rescheduled.json.steps.find((s: { stepId: string }) => s.stepId === 'due').sendAt).toBe('2026-11-30T14:00:00.000Z');
      api.clock.set(Date.parse('2026-11-24T23:30:00Z')); // 18:30 in New York: closed
      try {
        const later = await act({ action: 'send_now', reminderId: 'due' });
        expect(later.json.steps.find((s: { stepId: string }) => s.stepId === 'due').sendAt).toBe('2026-11-25T14:00:00.000Z');
        const now = await act({ action: 'send_now', reminderId: 'due', override: true, note: 'customer asked for it tonight' });
        expect(now.json.steps.find((s: { stepId: string }) => s.stepId === 'due').sendAt).toBe('2026-11-24T23:30:00.000Z');
        expect((await history('R-1'))[0]).toMatchObject({
          type: 'reminder.send_now',
          data: { override: true, note: 'customer asked for it tonight' },
        });
      } finally {
        api.clock.set(Date.parse('2026-11-24T15:00:00Z'));
      }
    });

    it('pauses until a date and resumes', async () => {
      const paused = await act({ action: 'pause', until: '2026-12-10', note: 'on holiday' });
      expect(paused.json.automation).toEqual({ running: false, reason: 'reminders are paused until 2026-12-10' });
      const resumed = await act({ action: 'resume' });
      expect(resumed.json.automation).toEqual({ running: true });
      expect(resumed.json.steps.find((s: { stepId: string }) => s.stepId === 'due').state).toBe('PENDING');
    });

    it('cancels one step and moves the ladder on', async () => {
      const res = await act({ action: 'cancel', reminderId: 'due', note: 'spoke to them' });
      expect(res.json.steps.find((s: { stepId: string }) => s.stepId === 'due')).toMatchObject({
        state: 'CANCELLED',
        reason: 'cancelled by alice@acme.example: spoke to them',
      });
      expect(res.json.next).toMatchObject({ stepId: 'overdue-15', on: '2026-11-26', due: false });
    });

    it('refuses to act on a step that is not waiting', async () => {
      const res = await act({ action: 'send_now', reminderId: 'courtesy' });
      expect(res.status).toBe(409);
      expect(res.json.error.message).toBe('Reminder courtesy is not waiting to be sent (it is SKIPPED).');
    });
  });

  it('pauses a whole customer and resumes it', async () => {
    const paused = await api.call('POST', '/v1/customers/pause', {
      body: { requestId: rid(), ledgerId: LEDGER, customer: 'other co', action: 'pause', resumeOn: '2026-12-01', note: 'year-end freeze' },
    });
    expect(paused.json).toMatchObject({
      invoices: 1,
      hold: { customer: 'other co', pause: { resumeOn: '2026-12-01', note: 'year-end freeze' } },
    });
    expect((await reminders('R-5')).automation).toEqual({ running: false, reason: 'reminders to other co are paused until 2026-12-01' });
    await api.call('POST', '/v1/customers/pause', { body: { requestId: rid(), ledgerId: LEDGER, customer: 'Other Co', action: 'resume' } });
    expect((await reminders('R-5')).automation).toEqual({ running: true });
    expect((await history('R-5')).map((e) => e.type)).toEqual(expect.arrayContaining(['customer.paused', 'customer.resumed']));
  });

  it('stores settings, returns them, and audits the change', async () => {
    const settings = {
      ...defaultLedgerSettings('ar@acme.example', 'America/New_York'),
      senderName: 'Acme AR',
      cap: { maxEmails: 1, windowDays: 7 },
    };
    const put = await api.call('PUT', '/v1/settings', { body: { requestId: rid(), ledgerId: LEDGER, settings } });
    expect(put.status).toBe(200);
    const got = await api.call('GET', `/v1/settings?ledgerId=${LEDGER}`);
    expect(got.json).toMatchObject({ senderName: 'Acme AR', cap: { maxEmails: 1 } });
    const bad = await api.call('PUT', '/v1/settings', {
      body: { requestId: rid(), ledgerId: LEDGER, settings: { ...settings, replyTo: 'ar@acme.example\r\nBcc: x@y.example' } },
    });
    expect(bad.json.error.issues).toContainEqual({ path: 'settings.replyTo', message: 'is not an email address' });
  });

  it('exports an invoice’s audit trail as CSV, in chain order', async () => {
    const res = await api.call('GET', `/v1/audit/export?ledgerId=${LEDGER}&invoiceNumber=R-2`);
    expect(res.status).toBe(200);
    const rows = parseCsv(res.text);
    expect(rows[0]).toEqual(['invoice_number', 'seq', 'at', 'type', 'actor_email', 'actor_sub', 'source', 'data', 'prev_hash', 'hash']);
    expect(rows.slice(1).map((r) => r[1])).toEqual(rows.slice(1).map((_, i) => String(i + 1)));
    expect(rows.slice(1).every((r) => r[0] === 'R-2' && r[4] === 'alice@acme.example')).toBe(true);
  });

  it('neutralises cells a spreadsheet would run as formulas', async () => {
    const hostile = '=HYPERLINK("http://x.example","pay")';
    await sync(snapshot(hostile));
    const res = await api.call('GET', `/v1/audit/export?ledgerId=${LEDGER}&invoiceNumber=${encodeURIComponent(hostile)}`);
    const cells = parseCsv(res.text)
      .slice(1)
      .map((r) => r[0]);
    expect(cells.length).toBeGreaterThan(0);
    expect(cells.every((c) => c === `'${hostile}`)).toBe(true);
  });

  it('verifies the ledger, and names the event someone edited in the table', async () => {
    expect((await api.call('GET', `/v1/audit/verify?ledgerId=${LEDGER}`)).json).toMatchObject({ intact: true });
    await api.tables.client.send(
      new UpdateCommand({
        TableName: api.tables.auditTable,
        Key: { pk: keys.auditChain({ tenant: 'd:acme.example', ledgerId: LEDGER, invoiceNumber: 'R-2' }), seq: 2 },
        UpdateExpression: 'SET #at = :at',
        ExpressionAttributeNames: { '#at': 'at' },
        ExpressionAttributeValues: { ':at': '2020-01-01T00:00:00.000Z' },
      }),
    );
    const res = await api.call('GET', `/v1/audit/verify?ledgerId=${LEDGER}`);
    expect(res.json).toMatchObject({
      intact: false,
      firstBroken: { invoiceNumber: 'R-2', seq: 2, reason: expect.stringMatching(/changed after it was recorded/) },
    });
  });
});
