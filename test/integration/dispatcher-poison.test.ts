import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { defaultLedgerSettings } from '../../shared/default-settings';
import { keys } from '../../lambdas/store/keys';
import { LEDGER, rid, snapshot, startTestApi, type TestApi } from '../support/api';
import { dispatcherHarness, sesMailbox } from '../support/dispatcher';

/**
 * One bad item, ledger or tenant never stops the others: each case puts a poison in the table
 * (as an older version, a hand edit or a bug would) beside a healthy ledger of another team, and
 * one run must send the healthy team's email and leave the poisoned reminders in a state a person
 * can see, with the reason in words.
 */
describe('one bad item stops nobody else', () => {
  let api: TestApi;
  const HEALTHY = 'HealthyLedger0001';
  beforeEach(async () => {
    api = await startTestApi('2026-11-24T15:00:00Z');
  });
  afterEach(() => api.close());

  const put = (Item: Record<string, unknown>) => api.tables.client.send(new PutCommand({ TableName: api.tables.mainTable, Item }));
  const raw = async (pk: string, sk: string) =>
    (await api.tables.client.send(new GetCommand({ TableName: api.tables.mainTable, Key: { pk, sk }, ConsistentRead: true }))).Item;
  const acme = { tenant: 'd:acme.example', ledgerId: LEDGER };
  const reminderOf = (invoiceNumber: string) => dispatcherHarness(api).deps.main.getReminder({ ...acme, invoiceNumber }, 'due');

  /** Bob's team, on another tenant: its one due email must go in the same run. */
  async function healthyTeam() {
    const to = `healthy-${randomUUID().slice(0, 8)}@debtor.example`;
    const res = await api.call('POST', '/v1/invoices/sync', {
      user: 'bob',
      body: { requestId: rid(), ledgerId: HEALTHY, invoices: [snapshot('OK-1', { contactEmail: to })] },
    });
    expect(res.status).toBe(200);
    return to;
  }
  async function poisonedLedger(invoiceNumbers: string[], to = `poison-${randomUUID().slice(0, 8)}@debtor.example`) {
    const res = await api.call('POST', '/v1/invoices/sync', {
      body: { requestId: rid(), ledgerId: LEDGER, invoices: invoiceNumbers.map((n, i) => snapshot(n, { row: i + 2, contactEmail: to })) },
    });
    expect(res.status).toBe(200);
    return to;
  }
  const runAndExpectHealthySent = async (healthyTo: string) => {
    const errors: Record<string, unknown>[] = [];
    const summary = await dispatcherHarness(api, { logger: { error: (_m, details) => errors.push(details) } }).run();
    expect(await sesMailbox((a) => a === healthyTo)).toHaveLength(1);
    expect(summary.problems).toBeGreaterThan(0);
    return { summary, errors };
  };

  it('a due reminder item that fails its schema is taken out of the schedule as FAILED, with the reason', async () => {
    const healthyTo = await healthyTeam();
    const pk = keys.ledger(acme);
    const sk = keys.reminderSk('BROKEN-1', 'due');
    await put({
      pk,
      sk,
      kind: 'reminder',
      tenant: acme.tenant,
      ledgerId: LEDGER,
      invoiceNumber: 'BROKEN-1',
      state: 'PENDING',
      sendAt: 42,
      duePk: 'DUE#0',
      dueSk: `2026-11-24T14:00:00.000Z#${pk}#${sk}`,
    });
    const { errors } = await runAndExpectHealthySent(healthyTo);
    expect(await raw(pk, sk)).toMatchObject({ state: 'FAILED', reason: expect.stringMatching(/could not be read .*nothing was sent/) });
    expect((await raw(pk, sk))?.duePk).toBeUndefined();
    expect(errors).toEqual(expect.arrayContaining([expect.objectContaining({ pk, sk })]));
  });

  it('an unreadable item among expired leases is taken out of the schedule; the sweep and the run go on', async () => {
    const healthyTo = await healthyTeam();
    const pk = keys.ledger(acme);
    const sk = keys.reminderSk('BROKEN-2', 'due');
    await put({ pk, sk, kind: 'reminder', state: 'SENDING', duePk: 'LEASE#0', dueSk: `2026-11-24T14:00:00.000Z#${pk}#${sk}` });
    await runAndExpectHealthySent(healthyTo);
    expect(await raw(pk, sk)).toMatchObject({ state: 'FAILED', reason: expect.stringMatching(/could not be read/) });
  });

  it("a debtor's unreadable send log, suppression or hold stops that debtor only: the ledger's other debtors are sent to", async () => {
    const tag = randomUUID().slice(0, 8);
    const good = `good-${tag}@debtor.example`;
    const bad = (kind: string) => `bad-${kind}-${tag}@debtor.example`;
    const res = await api.call('POST', '/v1/invoices/sync', {
      body: {
        requestId: rid(),
        ledgerId: LEDGER,
        invoices: [
          snapshot('GOOD-1', { row: 2, contactEmail: good, customer: 'Good Bakery' }),
          snapshot('LOG-1', { row: 3, contactEmail: bad('log'), customer: 'Log Bakery' }),
          snapshot('SUPP-1', { row: 4, contactEmail: bad('supp'), customer: 'Supp Bakery' }),
          snapshot('HOLD-1', { row: 5, contactEmail: bad('hold'), customer: 'Hold Bakery' }),
        ],
      },
    });
    expect(res.status).toBe(200);
    // Each fails its schema, as a hand edit would leave it.
    await put({ pk: keys.ledger(acme), sk: keys.debtorSk(bad('log')), kind: 'debtor-log', sentAt: 'yesterday' });
    await put({ pk: keys.tenant(acme.tenant), sk: keys.suppressionSk(bad('supp')), kind: 'suppression', email: bad('supp') });
    await put({ pk: keys.ledger(acme), sk: keys.customerSk('Hold Bakery'), ledgerId: LEDGER, customer: 'Hold Bakery', pause: 'yes' });
    const errors: Record<string, unknown>[] = [];
    const summary = await dispatcherHarness(api, { logger: { error: (_m, details) => errors.push(details) } }).run();
    expect(await sesMailbox((a) => a === good)).toHaveLength(1);
    for (const kind of ['log', 'supp', 'hold']) expect(await sesMailbox((a) => a === bad(kind))).toHaveLength(0);
    expect(summary.problems).toBe(3);
    expect(errors.map((e) => e.to).sort()).toEqual([bad('hold'), bad('log'), bad('supp')].sort());
  });

  it('invoices whose amounts cannot be added up fail on their own, with the reason; the rest of the run goes on', async () => {
    const healthyTo = await healthyTeam();
    const poisonTo = await poisonedLedger(['HUGE-1', 'HUGE-2']);
    for (const n of ['HUGE-1', 'HUGE-2']) {
      await api.tables.client.send(
        new UpdateCommand({
          TableName: api.tables.mainTable,
          Key: { pk: keys.ledger(acme), sk: keys.invoiceSk(n) },
          UpdateExpression: 'SET #s.balance.minor = :m, #s.amount.minor = :m',
          ExpressionAttributeNames: { '#s': 'snapshot' },
          ExpressionAttributeValues: { ':m': Number.MAX_SAFE_INTEGER },
        }),
      );
    }
    await runAndExpectHealthySent(healthyTo);
    expect(await sesMailbox((a) => a === poisonTo)).toHaveLength(0);
    for (const n of ['HUGE-1', 'HUGE-2'])
      expect(await reminderOf(n)).toMatchObject({
        state: 'FAILED',
        reason: expect.stringMatching(
          /stored record cannot be used \(snapshot.amount.minor: is more than 100,000,000,000.00.*correct the row/,
        ),
      });
  });

  it.each([
    [
      'business hours that leave no day to send in 400 days',
      (s: ReturnType<typeof defaultLedgerSettings>) => ({
        ...s,
        businessHours: {
          ...s.businessHours,
          days: [1],
          holidays: Array.from({ length: 60 }, (_, i) => new Date(Date.parse('2026-11-30') + i * 7 * 86400_000).toISOString().slice(0, 10)),
        },
      }),
      /holidays/,
    ],
    [
      'an email template using {{constructor}}',
      (s: ReturnType<typeof defaultLedgerSettings>) => ({
        ...s,
        templates: { ...s.templates, 'due-today': { subject: 'Due {{constructor}}', body: 'Hello {{constructor}}' } },
      }),
      /constructor/,
    ],
  ])('a ledger whose saved settings hold %s waits visibly; other teams are sent to', async (_, poison, why) => {
    const healthyTo = await healthyTeam();
    const poisonTo = await poisonedLedger(['SET-1']);
    const settings = poison({ ...defaultLedgerSettings('ar@acme.example') });
    await put({ pk: keys.ledger(acme), sk: keys.settingsSk(), kind: 'settings', settings, updatedAt: '2026-11-24T14:00:00.000Z' });
    await runAndExpectHealthySent(healthyTo);
    expect(await sesMailbox((a) => a === poisonTo)).toHaveLength(0);
    expect(await reminderOf('SET-1')).toMatchObject({
      state: 'PENDING',
      sendAt: '2026-11-24T16:00:00.000Z',
      reason: expect.stringMatching(why),
    });
    // The API says what to mend, with a 409, not a 500.
    const res = await api.call('GET', `/v1/reminders?ledgerId=${LEDGER}&invoiceNumber=SET-1`);
    expect(res.status).toBe(409);
    expect(res.json.error.message).toMatch(/saved settings cannot be used .*Open Settings/);
    // Mended in Settings (a PUT), it goes with the next run after its hour.
    expect(
      (
        await api.call('PUT', '/v1/settings', {
          body: { requestId: rid(), ledgerId: LEDGER, settings: defaultLedgerSettings('ar@acme.example') },
        })
      ).status,
    ).toBe(200);
    api.clock.advance(3600_000);
    await dispatcherHarness(api).run();
    expect(await sesMailbox((a) => a === poisonTo)).toHaveLength(1);
  });
});
