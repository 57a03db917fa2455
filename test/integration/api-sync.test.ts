import { LEDGER, rid, snapshot, startTestApi, type TestApi } from '../support/api';

describe('syncing invoices', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  const sync = (invoices: unknown[], user: 'alice' | 'bob' = 'alice') =>
    api.call('POST', '/v1/invoices/sync', { user, body: { requestId: rid(), ledgerId: LEDGER, invoices } });

  it('records new invoices, audits each, and schedules the next reminder in business hours', async () => {
    const res = await sync([snapshot('S-1')]);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ upserted: 1, unchanged: 0, cancelledReminders: 0, reaged: [] });

    const history = await api.call('GET', `/v1/history?ledgerId=${LEDGER}&invoiceNumber=S-1`);
    expect(history.json.events.map((e: { type: string }) => e.type)).toEqual(['reminder.scheduled', 'reminder.skipped', 'invoice.tracked']);
    expect(history.json.events[2]).toMatchObject({ seq: 1, actor: { email: 'alice@acme.example', sub: '1001' }, source: 'sync' });

    const reminders = await api.call('GET', `/v1/reminders?ledgerId=${LEDGER}&invoiceNumber=S-1`);
    // Due 2026-11-11, today 2026-11-24 (13 days late): the latest step that applies is the
    // due-date reminder, sent now (10:00 in New York, inside business hours); the courtesy note
    // before it is skipped, not sent; the +15 reminder is planned for 09:00 New York on 11-26.
    expect(
      reminders.json.steps.slice(0, 3).map((s: { stepId: string; state: string; sendAt?: string }) => [s.stepId, s.state, s.sendAt]),
    ).toEqual([
      ['courtesy', 'SKIPPED', '2026-11-24T15:00:00.000Z'],
      ['due', 'PENDING', '2026-11-24T15:00:00.000Z'],
      ['overdue-15', 'PLANNED', '2026-11-26T14:00:00.000Z'],
    ]);
    expect(reminders.json.automation).toEqual({ running: true });
  });

  it('counts an identical snapshot as unchanged and writes nothing', async () => {
    await sync([snapshot('S-2')]);
    const before = await api.call('GET', `/v1/history?ledgerId=${LEDGER}&invoiceNumber=S-2`);
    const res = await sync([snapshot('S-2')]);
    expect(res.json).toMatchObject({ upserted: 0, unchanged: 1 });
    const after = await api.call('GET', `/v1/history?ledgerId=${LEDGER}&invoiceNumber=S-2`);
    expect(after.json.events).toEqual(before.json.events);
  });

  it('cancels pending reminders at once when the sheet says paid, auditing why', async () => {
    await sync([snapshot('S-3')]);
    const res = await sync([snapshot('S-3', { status: 'paid', balance: { minor: 0, currency: 'USD' } })]);
    expect(res.json).toMatchObject({ upserted: 1, cancelledReminders: 1 });
    const history = await api.call('GET', `/v1/history?ledgerId=${LEDGER}&invoiceNumber=S-3&limit=2`);
    expect(history.json.events.map((e: { type: string; data: unknown }) => [e.type, e.data])).toEqual([
      ['reminder.cancelled', { stepId: 'due', label: 'Due-date reminder', reason: 'the invoice is paid' }],
      [
        'invoice.changed',
        {
          changes: {
            balance: { from: { minor: 68807, currency: 'USD' }, to: { minor: 0, currency: 'USD' } },
            status: { from: 'open', to: 'paid' },
          },
        },
      ],
    ]);
  });

  it.each(['disputed', 'on_hold', 'bankrupt', 'do_not_contact'])('cancels pending reminders when the status becomes %s', async (status) => {
    const n = `S-stop-${status}`;
    // A customer of its own: Bankrupt and Do not contact hold the whole customer.
    const customer = `Customer ${status}`;
    await sync([snapshot(n, { customer })]);
    const res = await sync([snapshot(n, { customer, status })]);
    expect(res.json.cancelledReminders).toBe(1);
    const reminders = await api.call('GET', `/v1/reminders?ledgerId=${LEDGER}&invoiceNumber=${n}`);
    expect(reminders.json.automation.running).toBe(false);
  });

  it('records and flags a due date moved later on an overdue invoice', async () => {
    await sync([snapshot('S-4')]);
    const res = await sync([snapshot('S-4', { dueDate: '2026-12-31' })]);
    expect(res.json.reaged).toEqual(['S-4']);
    const history = await api.call('GET', `/v1/history?ledgerId=${LEDGER}&invoiceNumber=S-4`);
    expect(history.json.events.find((e: { type: string }) => e.type === 'invoice.reaged')?.data).toEqual({
      from: '2026-11-11',
      to: '2026-12-31',
      daysPastDueBefore: 13,
    });
  });

  it('does not call a due date moved on an invoice not yet due re-aging', async () => {
    await sync([snapshot('S-5', { dueDate: '2026-12-01' })]);
    const res = await sync([snapshot('S-5', { dueDate: '2026-12-15' })]);
    expect(res.json.reaged).toEqual([]);
  });

  it('syncs a batch of 500 in one call', async () => {
    const invoices = Array.from({ length: 500 }, (_, i) => snapshot(`B-${i}`, { row: i + 2 }));
    const res = await sync(invoices);
    expect(res.json).toMatchObject({ upserted: 500, unchanged: 0 });
  }, 60_000);

  it('starts a new ledger in the spreadsheet’s zone, keeps the team’s zone after, and follows the sheet’s currency', async () => {
    const ledgerId = `sheet-zone-${Date.now()}`;
    const settings = async (query = '') =>
      (await api.call('GET', `/v1/settings?ledgerId=${ledgerId}${query}`)).json as { timeZone: string; currency: string };
    // Before any sync: the defaults are the spreadsheet's when the add-on names them, UTC only when nobody does.
    await expect(settings('&timeZone=Asia%2FTokyo&currency=JPY')).resolves.toMatchObject({ timeZone: 'Asia/Tokyo', currency: 'JPY' });
    await expect(settings()).resolves.toMatchObject({ timeZone: 'UTC' });
    const refused = await api.call('GET', `/v1/settings?ledgerId=${ledgerId}&timeZone=Mars%2FOlympus`);
    expect(refused.status).toBe(400);
    expect(refused.json.error.issues).toEqual([{ path: 'timeZone', message: expect.stringMatching(/IANA time zone/) as string }]);
    const badSheet = await api.call('POST', '/v1/invoices/sync', {
      body: { requestId: rid(), ledgerId, sheet: { timeZone: 'Mars/Olympus', currency: 'USD' }, invoices: [snapshot('Z-0')] },
    });
    expect(badSheet.status).toBe(400);
    expect(badSheet.json.error.issues).toEqual([{ path: 'sheet.timeZone', message: expect.stringMatching(/IANA time zone/) as string }]);

    // The first sync keeps them; a customer row without a zone is then planned on Tokyo's hours.
    const zoneless = snapshot('Z-1', { timeZone: undefined, dueDate: '2026-12-01' });
    expect(
      (
        await api.call('POST', '/v1/invoices/sync', {
          body: { requestId: rid(), ledgerId, sheet: { timeZone: 'Asia/Tokyo', currency: 'USD' }, invoices: [zoneless] },
        })
      ).status,
    ).toBe(200);
    await expect(settings()).resolves.toMatchObject({ timeZone: 'Asia/Tokyo', currency: 'USD' });
    const reminders = await api.call('GET', `/v1/reminders?ledgerId=${ledgerId}&invoiceNumber=Z-1`);
    expect(reminders.json.debtorTimeZone).toBe('Asia/Tokyo');
    for (const step of reminders.json.steps as { state: string; sendAt?: string }[]) {
      if (step.state !== 'PENDING' && step.state !== 'PLANNED') continue;
      const hour = Number(
        new Date(step.sendAt ?? '').toLocaleString('en-GB', { timeZone: 'Asia/Tokyo', hour: '2-digit', hourCycle: 'h23' }),
      );
      expect(hour).toBeGreaterThanOrEqual(9);
      expect(hour).toBeLessThan(17);
    }

    // The team moves the ledger to Chicago; a later sync from a Tokyo spreadsheet leaves it there,
    // while the sheet's currency, which the sheet owns, is followed.
    const current = (await api.call('GET', `/v1/settings?ledgerId=${ledgerId}`)).json as Record<string, unknown>;
    expect(
      (
        await api.call('PUT', '/v1/settings', {
          body: { requestId: rid(), ledgerId, settings: { ...current, timeZone: 'America/Chicago' } },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await api.call('POST', '/v1/invoices/sync', {
          body: { requestId: rid(), ledgerId, sheet: { timeZone: 'Asia/Tokyo', currency: 'EUR' }, invoices: [{ ...zoneless, row: 3 }] },
        })
      ).status,
    ).toBe(200);
    await expect(settings()).resolves.toMatchObject({ timeZone: 'America/Chicago', currency: 'EUR' });
  });
});
