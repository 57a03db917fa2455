import { defaultLedgerSettings } from '../../shared/default-settings';
import { LEDGER, rid, startTestApi, type TestApi } from '../support/api';
import { ROUTE_NAMES, validBodies } from '../support/route-bodies';
import { tableContents } from '../support/table-counts';

/**
 * Alice (acme.example) and Bob (globex.example) use the same spreadsheet id and invoice number:
 * every key is built from the token's tenant, so neither can see or touch the other's items.
 */
describe('tenant isolation on every route', () => {
  let api: TestApi;
  const invoice = 'TEN-1';
  const q = `ledgerId=${LEDGER}&invoiceNumber=${invoice}`;
  beforeAll(async () => {
    api = await startTestApi();
    const bodies = validBodies(invoice);
    for (const name of ['sync', 'contact', 'promise'] as const) {
      const { method, path, body } = bodies[name];
      expect((await api.call(method, path, { user: 'alice', body })).status).toBe(200);
    }
    await api.call('PUT', '/v1/settings', {
      user: 'alice',
      body: { requestId: rid(), ledgerId: LEDGER, settings: { ...defaultLedgerSettings('ar@acme.example'), ledgerName: 'Acme AR' } },
    });
  });
  afterAll(() => api.close());

  it.each([
    ['history', `/v1/history?${q}`],
    ['reminders', `/v1/reminders?${q}`],
    ['audit export', `/v1/audit/export?${q}`],
    ['audit verify', `/v1/audit/verify?ledgerId=${LEDGER}`],
    ['settings', `/v1/settings?ledgerId=${LEDGER}`],
    ['evidence pack', `/v1/evidence?${q}&scope=customer`],
    ['payment record', `/v1/customers/behaviour?${q}`],
    ['email preview', `/v1/reminders/preview?${q}&stepId=due`],
    ['forecast inputs', `/v1/forecast/inputs?ledgerId=${LEDGER}`],
  ])('never shows tenant A’s items to tenant B: %s', async (_, path) => {
    const asAlice = await api.call('GET', path, { user: 'alice' });
    const asBob = await api.call('GET', path, { user: 'bob' });
    expect(asAlice.status).toBe(200);
    expect(asBob.text).not.toContain('Union Square');
    expect(asBob.text).not.toContain('Acme AR');
    expect(asBob.text).not.toContain('alice@acme.example');
    if (path.startsWith('/v1/history')) expect(asBob.json.events).toEqual([]);
    if (/^\/v1\/(reminders|evidence|customers)/.test(path)) expect(asBob.status).toBe(404);
    if (path.includes('verify')) expect(asBob.json.eventsChecked).toBe(0);
    if (path.includes('forecast')) {
      expect(asAlice.json.customers).toEqual([expect.objectContaining({ customer: 'Union Square Florists' })]);
      expect(asBob.json).toEqual({ customers: [], invoices: [] });
    }
  });

  it.each(ROUTE_NAMES.filter((n) => n !== 'sync'))('never lets tenant B change tenant A’s invoice: %s', async (name) => {
    const before = await api.call('GET', `/v1/history?${q}`, { user: 'alice' });
    const settingsBefore = await api.call('GET', `/v1/settings?ledgerId=${LEDGER}`, { user: 'alice' });
    const { method, path, body } = validBodies(invoice)[name];
    const res = await api.call(method, path, { user: 'bob', body });
    // Bob has no such invoice in his tenant: refused, or a harmless no-op in his own space.
    expect([200, 404]).toContain(res.status);
    const after = await api.call('GET', `/v1/history?${q}`, { user: 'alice' });
    expect(after.json.events).toEqual(before.json.events);
    expect((await api.call('GET', `/v1/settings?ledgerId=${LEDGER}`, { user: 'alice' })).json).toEqual(settingsBefore.json);
  });

  it('keeps a sync by tenant B in tenant B', async () => {
    const before = await tableContents(api.tables);
    const { method, path, body } = validBodies(invoice).sync;
    expect((await api.call(method, path, { user: 'bob', body })).json).toMatchObject({ upserted: 1 });
    const aliceHistory = await api.call('GET', `/v1/history?${q}`, { user: 'alice' });
    const bobHistory = await api.call('GET', `/v1/history?${q}`, { user: 'bob' });
    expect(bobHistory.json.events.every((e: { actor: { email: string } }) => e.actor.email === 'bob@globex.example')).toBe(true);
    expect(aliceHistory.json.events.some((e: { actor: { email: string } }) => e.actor.email === 'bob@globex.example')).toBe(false);
    expect(await tableContents(api.tables)).not.toEqual(before);
  });

  it('takes the tenant only from the token: a tenant field in the body is refused', async () => {
    const { method, path, body } = validBodies(invoice).contact;
    const res = await api.call(method, path, { user: 'bob', body: { ...body, tenant: 'd:acme.example' } });
    expect(res.status).toBe(400);
    expect(res.json.error.issues).toContainEqual({ path: '(body)', message: expect.stringMatching(/Unrecognized key/) });
  });
});
