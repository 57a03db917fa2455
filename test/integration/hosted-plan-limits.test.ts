import { changeTenant } from '../../lambdas/services/tenant-service';
import { DynamoDbTenantStore } from '../../lambdas/store/dynamodb-tenant-store';
import { LEDGER, rid, snapshot, startTestApi, type TestApi } from '../support/api';
import { dispatcherHarness, sesMailbox } from '../support/dispatcher';

/**
 * Hosted: a plan's other limits, enforced. Acme (Alice's team) is given a small plan, 3
 * invoices a ledger and 2 emails a day, so the edges are reached with a handful of rows.
 */
describe("hosted teams: the plan's invoices per ledger and emails per day", () => {
  let api: TestApi;
  let tenants: DynamoDbTenantStore;
  const ACME = 'd:acme.example';
  const sync = (invoices: ReturnType<typeof snapshot>[]) => {
    api.clock.advance(1_000);
    return api.call('POST', '/v1/invoices/sync', { user: 'alice', body: { requestId: rid(), ledgerId: LEDGER, invoices } });
  };
  const stored = async (invoiceNumber: string) =>
    (await api.call('GET', `/v1/reminders?ledgerId=${LEDGER}&invoiceNumber=${invoiceNumber}`, { user: 'alice' })).status;

  beforeAll(async () => {
    api = await startTestApi('2026-11-24T15:00:00Z', undefined, { tenancy: 'hosted' });
    tenants = new DynamoDbTenantStore(api.tables.client, api.tables.mainTable);
    await api.call('POST', '/v1/tenants', { user: 'alice', body: { name: 'Acme Supplies', joinByDomain: true } });
    await changeTenant(tenants, ACME, ({ version: _v, ...team }) => ({
      ...team,
      limits: { ...team.limits, invoicesPerLedger: 3, emailsPerDay: 2 },
    }));
    // What a warm function kept of the team is kept a minute.
    api.clock.advance(61_000);
  });
  afterAll(() => api.close());

  it('refuses the new invoices past the plan by their place, writing nothing of that request; changes to tracked ones always go', async () => {
    expect(
      (
        await sync([
          snapshot('P-1', { contactEmail: 'ap@one.plan-limits.example' }),
          snapshot('P-2', { contactEmail: 'ap@two.plan-limits.example' }),
        ])
      ).status,
    ).toBe(200);

    const over = await sync([
      snapshot('P-3', { contactEmail: 'ap@three.plan-limits.example' }),
      snapshot('P-4', { contactEmail: 'ap@four.plan-limits.example' }),
      snapshot('P-5', { contactEmail: 'ap@five.plan-limits.example' }),
    ]);
    expect(over.status).toBe(400);
    expect(over.json.error.message).toBe("2 new invoices would take this ledger past the 3 your team's plan tracks; nothing was written.");
    expect(over.json.error.issues).toEqual([
      { path: 'invoices.1.invoiceNumber', message: "is new, and this ledger already tracks the 3 invoices your team's plan allows" },
      { path: 'invoices.2.invoiceNumber', message: "is new, and this ledger already tracks the 3 invoices your team's plan allows" },
    ]);
    expect(await stored('P-3')).toBe(404);

    // As the add-on does: the same request again without the invoices refused.
    expect((await sync([snapshot('P-3', { contactEmail: 'ap@three.plan-limits.example' })])).status).toBe(200);
    expect(await stored('P-3')).toBe(200);
    // Full: a payment on a tracked invoice goes with a new one refused beside it, once the add-on resends it alone.
    const paidAndNew = await sync([snapshot('P-1', { contactEmail: 'ap@one.plan-limits.example', status: 'paid' }), snapshot('P-6')]);
    expect(paidAndNew.json.error.issues).toEqual([expect.objectContaining({ path: 'invoices.1.invoiceNumber' })]);
    expect((await sync([snapshot('P-1', { contactEmail: 'ap@one.plan-limits.example', status: 'paid' })])).status).toBe(200);
  });

  it('sends at most the emails a day the plan allows; the rest wait for the next day, saying why, and go then', async () => {
    const harness = dispatcherHarness(api, { tenants });
    await harness.run();
    // P-2 and P-3 are due (P-1 was paid): both go; then the day's two are spent.
    expect(await sesMailbox((a) => ['ap@two.plan-limits.example', 'ap@three.plan-limits.example'].includes(a))).toHaveLength(2);

    // Another customer due the same day: it waits for tomorrow, the reason on it.
    await changeTenant(tenants, ACME, ({ version: _v, ...team }) => ({ ...team, limits: { ...team.limits, invoicesPerLedger: 10 } }));
    api.clock.advance(61_000);
    expect((await sync([snapshot('P-7', { contactEmail: 'ap@seven.plan-limits.example' })])).status).toBe(200);
    await harness.run();
    expect(await sesMailbox((a) => a === 'ap@seven.plan-limits.example')).toHaveLength(0);
    const waiting = await harness.deps.main.reminders({ tenant: ACME, ledgerId: LEDGER, invoiceNumber: 'P-7' });
    expect(waiting.find((r) => r.stepId === 'due')).toMatchObject({
      state: 'PENDING',
      sendAt: '2026-11-25T00:00:00.000Z',
      reason: "waiting: the team's plan sends at most 2 emails a day; it goes tomorrow",
    });

    // The next day, in business hours: it goes.
    api.clock.advance(24 * 3600_000);
    await harness.run();
    harness.close();
    expect(await sesMailbox((a) => a === 'ap@seven.plan-limits.example')).toHaveLength(1);
  });
});
