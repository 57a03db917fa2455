import { DynamoDbDispatchStore } from '../../lambdas/store/dynamodb-dispatch-store';
import { LEDGER, rid, snapshot, startTestApi, type TestApi } from '../support/api';
import type { CalendarDate } from '../../shared/time/calendar-date';
import { dispatcherHarness, sesMailbox } from '../support/dispatcher';

const TENANT = 'd:acme.example';
const money = (minor: number) => ({ minor, currency: 'USD' });

describe('GET /v1/worklist: the collector’s "your turn" for the whole ledger', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi('2026-11-24T15:00:00Z'); // a Tuesday
  });
  afterEach(() => api.close());

  it('lists exactly what waits for a person on a seeded ledger, most pressing first, with each row', async () => {
    const inv = (n: string, row: number, dueDate: string, minor: number, extra: Record<string, unknown> = {}) =>
      snapshot(n, {
        row,
        dueDate,
        amount: money(minor),
        balance: money(minor),
        customer: `${n} Co`,
        contactEmail: `${n.toLowerCase()}-${rid()}@debtor.example`,
        ...extra,
      });
    const ledger = [
      inv('C-call', 2, '2026-10-17', 100_000), // 38 days late: the ladder's call
      inv('C-letter', 3, '2026-10-10', 50_000), // 45 days: the formal demand
      inv('C-promise', 4, '2026-11-11', 200_000),
      inv('C-bounce', 5, '2026-11-11', 10_000),
      inv('C-review', 6, '2026-11-20', 30_000),
      inv('C-held', 7, '2026-11-20', 25_000),
      inv('C-fine', 8, '2026-11-30', 99_999), // an email planned: nothing for a person
      inv('C-paid', 9, '2026-10-01', 77_700, { balance: money(0), status: 'paid' }),
    ];
    expect((await api.call('POST', '/v1/invoices/sync', { body: { requestId: rid(), ledgerId: LEDGER, invoices: ledger } })).status).toBe(
      200,
    );
    await api.call('POST', '/v1/promises', {
      body: { requestId: rid(), ledgerId: LEDGER, invoiceNumber: 'C-promise', promisedFor: '2026-11-15', amount: money(200_000) },
    });
    const dispatch = new DynamoDbDispatchStore(api.tables.client, api.tables.mainTable);
    await dispatch.putSuppression(TENANT, {
      email: String(ledger[3]?.contactEmail),
      reason: 'they bounced permanently',
      at: '2026-11-24T15:00:00Z',
    });
    const main = dispatcherHarness(api).deps.main;
    for (const [n, state] of [
      ['C-review', 'NEEDS_REVIEW'],
      ['C-held', 'AWAITING_APPROVAL'],
    ] as const) {
      const scope = { tenant: TENANT, ledgerId: LEDGER, invoiceNumber: n };
      const due = (await main.reminders(scope)).find((r) => r.stepId === 'due');
      if (!due) throw new Error(`no due reminder on ${n}`);
      expect(
        await main.putReminder(
          { ...due, state, reason: 'the email service never confirmed this email', updatedAt: '2026-11-24T15:00:01.000Z' },
          ['PENDING'],
          due.updatedAt,
        ),
      ).toBe('ok');
    }

    // Their emails went on their days (a catch-up would email them first): the call, and the demand after the call.
    for (const [n, done] of [
      ['C-call', [['overdue-30', '2026-11-16']]],
      [
        'C-letter',
        [
          ['overdue-30', '2026-11-09'],
          ['call-38', '2026-11-17'],
        ],
      ],
    ] as const) {
      const record = await main.getInvoice({ tenant: TENANT, ledgerId: LEDGER, invoiceNumber: n });
      if (!record) throw new Error(`no ${n}`);
      for (const [stepId, on] of done) record.escalation.push({ type: 'step', stepId, on: on as CalendarDate, outcome: 'done' });
      expect(await main.putInvoice(record, record.version)).toBe('ok');
    }

    const list = (await api.call('GET', `/v1/worklist?ledgerId=${LEDGER}`)).json;
    expect(list.items.map((i: { invoiceNumber: string; kind: string; row: number }) => [i.invoiceNumber, i.kind, i.row])).toEqual([
      ['C-call', 'call', 2],
      ['C-promise', 'broken_promise', 4],
      ['C-letter', 'letter', 3],
      ['C-bounce', 'bounced', 5],
      ['C-review', 'review', 6],
      ['C-held', 'approve', 7],
    ]);
    expect(list.items[1]).toEqual({
      kind: 'broken_promise',
      invoiceNumber: 'C-promise',
      row: 4,
      customer: 'C-promise Co',
      balance: money(200_000),
      daysLate: 13,
      label: 'Call about the promise to pay by 2026-11-15 (not kept)',
    });
    expect(list.items[3].label).toMatch(/^Fix the address: emails to .* are blocked because they bounced permanently/);
    expect(list.counts).toEqual({ call: 1, broken_promise: 1, letter: 1, bounced: 1, review: 1, approve: 1 });

    // Done: the call logged, the item goes.
    await api.call('POST', '/v1/contacts', {
      body: { requestId: rid(), ledgerId: LEDGER, invoiceNumber: 'C-call', channel: 'call', outcome: 'reached' },
    });
    const after = (await api.call('GET', `/v1/worklist?ledgerId=${LEDGER}`)).json;
    expect(after.items.map((i: { invoiceNumber: string }) => i.invoiceNumber)).not.toContain('C-call');
  });

  it('says a bad query’s field, and an empty ledger has an empty list', async () => {
    expect((await api.call('GET', '/v1/worklist')).status).toBe(400);
    expect((await api.call('GET', `/v1/worklist?ledgerId=${LEDGER}`)).json).toEqual({ items: [], counts: {} });
  });

  it('in review mode, "approve all due today" approves the held steps due today, once; they arrive in the mailbox; later ones stay held', async () => {
    const settings = (await api.call('GET', `/v1/settings?ledgerId=${LEDGER}`)).json;
    await api.call('PUT', '/v1/settings', {
      body: { requestId: rid(), ledgerId: LEDGER, settings: { ...settings, reviewBeforeSend: true } },
    });
    const to = (n: string) => `${n.toLowerCase()}-${rid()}@debtor.example`;
    const [a, b, later] = [to('A'), to('B'), to('L')];
    await api.call('POST', '/v1/invoices/sync', {
      body: {
        requestId: rid(),
        ledgerId: LEDGER,
        invoices: [
          snapshot('A-1', { row: 2, contactEmail: a, customer: 'A Co' }), // due 11 November: its reminder is due now
          snapshot('B-1', { row: 3, contactEmail: b, customer: 'B Co', dueDate: '2026-11-20' }),
          snapshot('L-1', { row: 4, contactEmail: later, customer: 'L Co', dueDate: '2026-11-28' }), // the courtesy note on the 25th
        ],
      },
    });
    const harness = dispatcherHarness(api);
    expect(await harness.run()).toMatchObject({ emails: 0 });
    // Held steps due today are the team's to approve; L-1's is tomorrow's.
    expect((await api.call('GET', `/v1/worklist?ledgerId=${LEDGER}`)).json.counts).toEqual({ approve: 2 });

    const requestId = rid();
    const approved = await api.call('POST', '/v1/reminders/approve-due', { body: { requestId, ledgerId: LEDGER } });
    expect(approved.json).toEqual({ approved: 2, invoices: ['A-1', 'B-1'] });
    // The same request again (a retry after a lost answer) approves nothing more.
    expect((await api.call('POST', '/v1/reminders/approve-due', { body: { requestId, ledgerId: LEDGER } })).json).toEqual({
      approved: 2,
      invoices: ['A-1', 'B-1'],
    });
    expect(await harness.run()).toMatchObject({ emails: 2 });
    expect((await sesMailbox((x) => x === a || x === b)).length).toBe(2);
    expect(await sesMailbox((x) => x === later)).toEqual([]);
    // Nothing more to approve today (their next steps are held for their own days); tomorrow, L-1's.
    expect((await api.call('GET', `/v1/worklist?ledgerId=${LEDGER}`)).json.items).toEqual([]);
    api.clock.advance(86_400_000);
    expect(
      (await api.call('GET', `/v1/worklist?ledgerId=${LEDGER}`)).json.items.map((i: { invoiceNumber: string; kind: string }) => [
        i.invoiceNumber,
        i.kind,
      ]),
    ).toEqual([['L-1', 'approve']]);
    const history = (await api.call('GET', `/v1/history?ledgerId=${LEDGER}&invoiceNumber=A-1&limit=50`)).json.events as {
      type: string;
      data: Record<string, unknown>;
    }[];
    expect(history.find((e) => e.type === 'reminder.approved')?.data).toMatchObject({ stepId: 'due', all: true });
  });
});

describe('POST /v1/invoices/bulk: one action on the rows a person selected', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi('2026-11-24T15:00:00Z');
  });
  afterEach(() => api.close());

  const history = async (n: string) =>
    (await api.call('GET', `/v1/history?ledgerId=${LEDGER}&invoiceNumber=${n}&limit=50`)).json.events as {
      type: string;
      data: Record<string, unknown>;
    }[];

  it('approves the held steps of the selected invoices under one request id, once; names what it could not do; the rest stay held', async () => {
    const settings = (await api.call('GET', `/v1/settings?ledgerId=${LEDGER}`)).json;
    await api.call('PUT', '/v1/settings', {
      body: { requestId: rid(), ledgerId: LEDGER, settings: { ...settings, reviewBeforeSend: true } },
    });
    const to = ['S-1', 'S-2', 'S-3'].map((n) => `${n.toLowerCase()}-${rid()}@debtor.example`);
    await api.call('POST', '/v1/invoices/sync', {
      body: {
        requestId: rid(),
        ledgerId: LEDGER,
        invoices: ['S-1', 'S-2', 'S-3'].map((n, i) => snapshot(n, { row: i + 2, contactEmail: to[i], customer: `${n} Co` })),
      },
    });
    const harness = dispatcherHarness(api);
    expect(await harness.run()).toMatchObject({ emails: 0 });

    const requestId = rid();
    const body = { requestId, ledgerId: LEDGER, action: 'approve', invoiceNumbers: ['S-1', 'S-2', 'NOPE-1'] };
    const first = await api.call('POST', '/v1/invoices/bulk', { body });
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ done: ['S-1', 'S-2'], skipped: [{ invoiceNumber: 'NOPE-1', reason: 'not synced from the sheet yet' }] });
    // A retry after a lost answer: the same answer, nothing approved twice.
    expect((await api.call('POST', '/v1/invoices/bulk', { body })).json).toEqual(first.json);
    expect((await history('S-1')).filter((e) => e.type === 'reminder.approved')).toHaveLength(1);
    expect(await harness.run()).toMatchObject({ emails: 2 });
    expect((await sesMailbox((x) => to.includes(x))).map((m) => m.destination.to.join()).sort()).toEqual([to[0], to[1]].sort());
    // S-3 was not selected: still held, and approved on its own later.
    const again = (await api.call('POST', '/v1/invoices/bulk', { body: { ...body, requestId: rid(), invoiceNumbers: ['S-3'] } })).json;
    expect(again).toEqual({ done: ['S-3'], skipped: [] });
  });

  it('pauses, and logs the same note on, each selected invoice; the status says paused; the trail says what was done', async () => {
    await api.call('POST', '/v1/invoices/sync', {
      body: {
        requestId: rid(),
        ledgerId: LEDGER,
        invoices: ['P-1', 'P-2'].map((n, i) => snapshot(n, { row: i + 2, customer: `${n} Co` })),
      },
    });
    const pause = {
      requestId: rid(),
      ledgerId: LEDGER,
      action: 'pause',
      until: '2026-12-10',
      note: 'Month-end close',
      invoiceNumbers: ['P-1', 'P-2'],
    };
    expect((await api.call('POST', '/v1/invoices/bulk', { body: pause })).json).toEqual({ done: ['P-1', 'P-2'], skipped: [] });
    const status = (await api.call('GET', `/v1/ledger/status?ledgerId=${LEDGER}`)).json as {
      invoices: { invoiceNumber: string; automation: { state: string; reason?: string } }[];
    };
    for (const n of ['P-1', 'P-2'])
      expect(status.invoices.find((i) => i.invoiceNumber === n)?.automation).toMatchObject({
        state: 'stopped',
        reason: expect.stringContaining('paused'),
      });
    const note = { requestId: rid(), ledgerId: LEDGER, action: 'note', note: 'Statement sent by post', invoiceNumbers: ['P-1', 'P-2'] };
    expect((await api.call('POST', '/v1/invoices/bulk', { body: note })).json).toEqual({ done: ['P-1', 'P-2'], skipped: [] });
    for (const n of ['P-1', 'P-2']) {
      const events = await history(n);
      expect(events.find((e) => e.type === 'automation.paused')?.data).toMatchObject({ until: '2026-12-10', note: 'Month-end close' });
      expect(events.find((e) => e.type === 'contact.logged')?.data).toMatchObject({ channel: 'note', notes: 'Statement sent by post' });
    }
  });

  it('refuses a bad selection with the field and why, and writes nothing', async () => {
    await api.call('POST', '/v1/invoices/sync', { body: { requestId: rid(), ledgerId: LEDGER, invoices: [snapshot('R-1')] } });
    const refused = async (extra: Record<string, unknown>) => {
      const answer = await api.call('POST', '/v1/invoices/bulk', {
        body: { requestId: rid(), ledgerId: LEDGER, action: 'pause', ...extra },
      });
      expect(answer.status).toBe(400);
      return answer.json.error.issues as { path: string; message: string }[];
    };
    expect(await refused({ invoiceNumbers: [] })).toEqual([{ path: 'invoiceNumbers', message: 'must name at least one invoice' }]);
    expect(await refused({ invoiceNumbers: Array.from({ length: 201 }, (_, i) => `R-${i}`) })).toEqual([
      { path: 'invoiceNumbers', message: 'must name at most 200 invoices: select fewer rows' },
    ]);
    expect(await refused({ invoiceNumbers: ['R-1', 'R-1'] })).toEqual([{ path: 'invoiceNumbers', message: 'names an invoice twice' }]);
    expect(
      (
        await api.call('POST', '/v1/invoices/bulk', {
          body: { requestId: rid(), ledgerId: LEDGER, action: 'note', note: '  ', invoiceNumbers: ['R-1'] },
        })
      ).status,
    ).toBe(400);
    expect((await history('R-1')).map((e) => e.type)).not.toContain('automation.paused');
  });
});

describe('tasks the ladder moved past stay until done or dismissed', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi('2026-11-24T15:00:00Z');
  });
  afterEach(() => api.close());

  it('a call not made when the demand came due stays in the worklist and the sidebar list, until dismissed with a reason', async () => {
    // Due 10 October: its second notice went on its day, the call (17 November) was never made, the demand is due today.
    await api.call('POST', '/v1/invoices/sync', {
      body: { requestId: rid(), ledgerId: LEDGER, invoices: [snapshot('T-1', { row: 2, dueDate: '2026-10-10', customer: 'T Co' })] },
    });
    const main = dispatcherHarness(api).deps.main;
    const record = await main.getInvoice({ tenant: TENANT, ledgerId: LEDGER, invoiceNumber: 'T-1' });
    if (!record) throw new Error('no T-1');
    record.escalation = [{ type: 'step', stepId: 'overdue-30', on: '2026-11-09' as CalendarDate, outcome: 'done' }];
    expect(await main.putInvoice(record, record.version)).toBe('ok');

    const items = async () =>
      ((await api.call('GET', `/v1/worklist?ledgerId=${LEDGER}`)).json.items as { kind: string; label: string }[]).map((i) => [
        i.kind,
        i.label,
      ]);
    expect(await items()).toEqual([
      ['letter', 'Formal demand letter'],
      ['call', 'Call the customer (its day passed; still to do)'],
    ]);
    const steps = (await api.call('GET', `/v1/reminders?ledgerId=${LEDGER}&invoiceNumber=T-1`)).json.steps as {
      stepId: string;
      state: string;
      open?: boolean;
    }[];
    expect(steps.filter((s) => s.open).map((s) => [s.stepId, s.state])).toEqual([
      ['call-38', 'TASK'],
      ['demand-45', 'TASK'],
    ]);

    const dismiss = (note: string) =>
      api.call('POST', '/v1/reminders/actions', {
        body: { requestId: rid(), ledgerId: LEDGER, invoiceNumber: 'T-1', action: 'dismiss', reminderId: 'call-38', note },
      });
    expect((await dismiss('  ')).status).toBe(400);
    expect((await dismiss('No phone number on file; the demand letter covers it')).status).toBe(200);
    expect(await items()).toEqual([['letter', 'Formal demand letter']]);
    const history = (await api.call('GET', `/v1/history?ledgerId=${LEDGER}&invoiceNumber=T-1&limit=50`)).json.events as {
      type: string;
      data: Record<string, unknown>;
    }[];
    expect(history.find((e) => e.type === 'task.dismissed')).toMatchObject({
      data: { stepId: 'call-38', reason: 'No phone number on file; the demand letter covers it' },
    });
    // Nothing left to dismiss there: said, nothing written.
    expect((await dismiss('again')).status).toBe(409);
  });
});
