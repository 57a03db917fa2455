import { setTenantStatus } from '../../lambdas/services/tenant-service';
import { DynamoDbTenantStore } from '../../lambdas/store/dynamodb-tenant-store';
import { LEDGER, rid, snapshot, startTestApi, type TestApi } from '../support/api';
import { dispatcherHarness, sesMailbox } from '../support/dispatcher';

/**
 * The hosted service (TENANCY=hosted): teams are records, not an allow-list. Alice and Alan are
 * of acme.example's Workspace, Bob of globex.example's, Carol has a consumer account, Mallory
 * is of evil.example. Everything below runs through the real API over dynalite.
 */
describe('hosted teams: sign-up, join by domain, invitation, removal, suspension', () => {
  let api: TestApi;
  let tenants: DynamoDbTenantStore;
  beforeAll(async () => {
    api = await startTestApi('2026-11-24T15:00:00Z', undefined, { tenancy: 'hosted' });
    tenants = new DynamoDbTenantStore(api.tables.client, api.tables.mainTable);
  });
  afterAll(() => api.close());

  type User = 'alice' | 'alan' | 'bob' | 'carol' | 'mallory' | 'erin';
  // A second apart, as people click: each team's rate (5 requests a second on the free plan) is tested on its own below.
  const call = (method: string, path: string, options: { user: User; body?: unknown }) => {
    api.clock.advance(1_000);
    return api.call(method, path, options);
  };

  const signUp = (user: User, body: unknown) => call('POST', '/v1/tenants', { user, body });
  const team = (user: User) => call('GET', '/v1/tenant', { user });
  const sync = (user: 'alice' | 'alan' | 'bob' | 'carol', invoiceNumber: string, contactEmail: string) =>
    call('POST', '/v1/invoices/sync', {
      user,
      body: { requestId: rid(), ledgerId: LEDGER, invoices: [snapshot(invoiceNumber, { contactEmail })] },
    });
  const status = (user: 'alice' | 'alan' | 'bob' | 'carol', invoiceNumber: string) =>
    call('GET', `/v1/reminders?ledgerId=${LEDGER}&invoiceNumber=${invoiceNumber}`, { user });

  it('lets nobody in before their team signs up; then the owner, and everyone of a domain that chose so', async () => {
    const before = await call('GET', `/v1/settings?ledgerId=${LEDGER}`, { user: 'alice' });
    expect(before.status).toBe(403);
    expect(before.json.error.message).toMatch(/alice@acme\.example has no Dunning Desk team yet: sign your team up/);

    const made = await signUp('alice', { name: 'Acme Supplies', joinByDomain: true });
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({
      tenantId: 'd:acme.example',
      name: 'Acme Supplies',
      plan: 'free',
      status: 'active',
      owners: ['alice@acme.example'],
      domain: 'acme.example',
      youAreOwner: true,
    });
    // Alan joins by signing in: the same team, the same ledger.
    expect((await team('alan')).json).toMatchObject({ tenantId: 'd:acme.example', youAreOwner: false });
    expect((await sync('alan', 'H-1', 'ap@debtor-one.example')).status).toBe(200);
    expect((await status('alice', 'H-1')).status).toBe(200);
    // Already in a team: nothing more is created.
    const twice = await signUp('alan', { name: 'Alan alone' });
    expect(twice.status).toBe(409);
    expect(twice.json.error.message).toMatch(/already belongs to a team/);
  });

  it('gives a person without a Workspace domain a team of their own, refusing to join a domain they have not got', async () => {
    const refused = await signUp('carol', { name: 'Carol Consulting', joinByDomain: true });
    expect(refused.status).toBe(400);
    expect(refused.json.error.issues).toEqual([
      { path: 'joinByDomain', message: 'needs a Google Workspace account; this one has no domain' },
    ]);
    const made = await signUp('carol', { name: 'Carol Consulting' });
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({ tenantId: 'u:3001', owners: ['carol@freelance.example'] });
    // Nothing crosses teams: Carol does not see Acme's invoice.
    expect((await status('carol', 'H-1')).status).toBe(404);
    const bad = await signUp('mallory', { name: '', extra: true });
    expect(bad.status).toBe(400);
  });

  it('lets an owner invite someone of another domain, who is in once they accept; not a member who is not an owner', async () => {
    expect((await team('bob')).status).toBe(403);
    const invited = await call('POST', '/v1/tenant/invitations', { user: 'alice', body: { email: 'Bob@Globex.example' } });
    expect(invited.status).toBe(200);
    expect(invited.json.invited).toEqual([expect.objectContaining({ email: 'bob@globex.example', invitedBy: 'alice@acme.example' })]);
    // Not yet in: an invitation changes nothing until the invited person accepts it.
    const waiting = await team('bob');
    expect(waiting.status).toBe(403);
    expect(waiting.json.error).toMatchObject({
      code: 'not_signed_up',
      message: 'bob@globex.example was invited to Acme Supplies: join it in the sidebar, or sign your own team up.',
    });
    expect((await call('GET', '/v1/tenant/invitation', { user: 'bob' })).json).toMatchObject({
      tenantId: 'd:acme.example',
      name: 'Acme Supplies',
      invitedBy: 'alice@acme.example',
    });
    expect((await call('POST', '/v1/tenant/invitation/accept', { user: 'bob' })).json).toMatchObject({ tenantId: 'd:acme.example' });
    expect((await team('bob')).json).toMatchObject({ tenantId: 'd:acme.example', name: 'Acme Supplies' });
    expect((await status('bob', 'H-1')).status).toBe(200);
    expect((await call('POST', '/v1/tenant/invitation/accept', { user: 'bob' })).status).toBe(409);

    // An owner cannot pull anyone out of their own team (nor their ledger into theirs): Carol stays in hers.
    expect((await call('POST', '/v1/tenant/invitations', { user: 'alice', body: { email: 'carol@freelance.example' } })).status).toBe(200);
    expect((await team('carol')).json.tenantId).toBe('u:3001');
    expect((await call('POST', '/v1/tenant/invitation/accept', { user: 'carol' })).status).toBe(409);

    const notOwner = await call('POST', '/v1/tenant/invitations', { user: 'alan', body: { email: 'mallory@evil.example' } });
    expect(notOwner.status).toBe(403);
    expect(notOwner.json.error.message).toMatch(/Only an owner of Acme Supplies \(alice@acme\.example\)/);
    const taken = await call('POST', '/v1/tenant/invitations', { user: 'carol', body: { email: 'bob@globex.example' } });
    expect(taken.status).toBe(409);
    expect(taken.json.error.message).toBe(
      'bob@globex.example already belongs to another Dunning Desk team: they must be removed from it first.',
    );
    expect((await team('bob')).json.tenantId).toBe('d:acme.example');
    const malformed = await call('POST', '/v1/tenant/invitations', { user: 'alice', body: { email: 'bob\r\nBcc: x@y.example' } });
    expect(malformed.status).toBe(400);
  });

  it('lets an owner remove a member of the domain and an invited one: refused at once, an owner never', async () => {
    const gone = await call('DELETE', '/v1/tenant/members/alan@acme.example', { user: 'alice' });
    expect(gone.status).toBe(200);
    expect(gone.json.removed).toEqual([expect.objectContaining({ email: 'alan@acme.example', removedBy: 'alice@acme.example' })]);
    const alan = await status('alan', 'H-1');
    expect(alan.status).toBe(403);
    expect(alan.json.error.message).toMatch(/An owner of Acme Supplies removed alan@acme\.example/);

    expect((await call('DELETE', '/v1/tenant/members/bob@globex.example', { user: 'alice' })).status).toBe(200);
    expect((await status('bob', 'H-1')).status).toBe(403);
    expect((await call('DELETE', '/v1/tenant/members/alice@acme.example', { user: 'alice' })).status).toBe(409);

    // An invitation refused (Alan's address is another team's invitation meanwhile) does not let him back in by his domain.
    expect((await call('POST', '/v1/tenant/invitations', { user: 'carol', body: { email: 'alan@acme.example' } })).status).toBe(200);
    expect((await call('POST', '/v1/tenant/invitations', { user: 'alice', body: { email: 'alan@acme.example' } })).status).toBe(409);
    expect((await status('alan', 'H-1')).status).toBe(403);
    expect((await call('DELETE', '/v1/tenant/members/alan@acme.example', { user: 'carol' })).status).toBe(200);

    // The way back: invited again, Alan is in.
    expect((await call('POST', '/v1/tenant/invitations', { user: 'alice', body: { email: 'alan@acme.example' } })).status).toBe(200);
    expect((await status('alan', 'H-1')).status).toBe(200);
  });

  it('suspends a team: its people are refused with the reason and nothing is sent for it; another team is not touched', async () => {
    await sync('alice', 'S-ACME', 'ap@suspended-acme.example');
    await sync('carol', 'S-CAROL', 'ap@carols-customer.example');
    await setTenantStatus({ tenants }, 'd:acme.example', { status: 'suspended', reason: "the service's bill is unpaid" });
    // Within a minute everywhere: what a warm function kept of Alice's team is kept that long.
    api.clock.advance(61_000);
    const refused = await status('alice', 'S-ACME');
    expect(refused.status).toBe(403);
    expect(refused.json.error.message).toBe(
      "Acme Supplies's use of Dunning Desk is suspended: the service's bill is unpaid. Nothing is sent for it meanwhile.",
    );
    expect((await status('carol', 'S-CAROL')).status).toBe(200);

    const harness = dispatcherHarness(api, { tenants });
    await harness.run();
    harness.close();
    expect(await sesMailbox((a) => a === 'ap@suspended-acme.example')).toHaveLength(0);
    expect(await sesMailbox((a) => a === 'ap@carols-customer.example')).toHaveLength(1);
    const reminders = await harness.deps.main.reminders({ tenant: 'd:acme.example', ledgerId: LEDGER, invoiceNumber: 'S-ACME' });
    expect(reminders.find((r) => r.stepId === 'due')).toMatchObject({
      state: 'SKIPPED',
      reason: expect.stringContaining("the team's use of Dunning Desk is suspended (the service's bill is unpaid)"),
    });

    await setTenantStatus({ tenants }, 'd:acme.example', { status: 'active' });
    api.clock.advance(61_000);
    expect((await status('alice', 'S-ACME')).status).toBe(200);
  });

  it("counts each team's requests against its own rate: over it, 429 with Retry-After; another team is not slowed", async () => {
    api.clock.advance(5_000);
    const burst = [];
    for (let i = 0; i < 6; i += 1) burst.push(await api.call('GET', '/v1/tenant', { user: 'alice' }));
    expect(burst.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 429]);
    const refused = await api.app.request('/v1/tenant', { headers: { authorization: `Bearer ${await api.token('alan')}` } });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(((await refused.json()) as { error: { message: string } }).error.message).toBe(
      "Your team made more than 5 requests in one second, its plan's limit. Try again in a second.",
    );
    // The same second, another team.
    expect((await api.call('GET', '/v1/tenant', { user: 'carol' })).status).toBe(200);
    api.clock.advance(1_000);
    expect((await api.call('GET', '/v1/tenant', { user: 'alice' })).status).toBe(200);
  });

  it('keeps a person in the team they signed up on their own when their domain signs up later', async () => {
    expect((await signUp('mallory', { name: 'Mallory on her own' })).json).toMatchObject({ tenantId: 'u:6666' });
    expect((await signUp('erin', { name: 'Evil Corp', joinByDomain: true })).json).toMatchObject({ tenantId: 'd:evil.example' });
    expect((await team('mallory')).json.tenantId).toBe('u:6666');
    expect((await team('erin')).json.tenantId).toBe('d:evil.example');
  });
});
