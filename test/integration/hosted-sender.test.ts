import { LocalSendingDomains } from '../../lambdas/local/local-sending-domains';
import { changeTenant } from '../../lambdas/services/tenant-service';
import { DynamoDbTenantStore } from '../../lambdas/store/dynamodb-tenant-store';
import { HOSTED_FROM, LEDGER, rid, snapshot, startTestApi, type TestApi } from '../support/api';
import { dispatcherHarness, sesMailbox } from '../support/dispatcher';

/**
 * Hosted: each team may send from a domain of its own. Alice owns Acme (acme.example's team,
 * Alan a member of it); Carol has a team of her own. SES's domain identities and the teams'
 * DNS are the local stand-in (verified once every DKIM CNAME is published); everything else is
 * the real API and dispatcher over dynalite and the local SES.
 */
describe('hosted teams: a sending identity per team', () => {
  let api: TestApi;
  let tenants: DynamoDbTenantStore;
  let carolsTeam = '';
  const domains = new LocalSendingDomains();
  beforeAll(async () => {
    api = await startTestApi('2026-11-24T15:00:00Z', undefined, { tenancy: 'hosted', sendingDomains: domains });
    tenants = new DynamoDbTenantStore(api.tables.client, api.tables.mainTable);
    api.clock.advance(1_000);
    await api.call('POST', '/v1/tenants', { user: 'alice', body: { name: 'Acme Supplies', joinByDomain: true } });
    api.clock.advance(1_000);
    const carol = await api.call('POST', '/v1/tenants', { user: 'carol', body: { name: 'Carol Consulting' } });
    carolsTeam = String(carol.json.tenantId);
  });
  afterAll(() => api.close());

  type User = 'alice' | 'alan' | 'carol';
  const call = (method: string, path: string, user: User, body?: unknown) => {
    api.clock.advance(1_000);
    return api.call(method, path, { user, ...(body !== undefined && { body }) });
  };
  const setSender = (user: User, address: string) => call('PUT', '/v1/tenant/sender', user, { address });
  /** An invoice due today for a customer of the user's team: the dispatcher's next run sends its first reminder. */
  const owed = (user: User, invoiceNumber: string, contactEmail: string) =>
    call('POST', '/v1/invoices/sync', user, { requestId: rid(), ledgerId: LEDGER, invoices: [snapshot(invoiceNumber, { contactEmail })] });
  const dispatch = async () => {
    const harness = dispatcherHarness(api, { tenants, sendingDomains: domains, fromAddress: HOSTED_FROM });
    await harness.run();
    harness.close();
  };
  const fromOf = async (to: string) => (await sesMailbox((a) => a === to)).map((e) => e.from);

  it("shows an owner the DNS records to publish; until SES finds them, the team's emails come from the service with its name", async () => {
    const before = await call('GET', '/v1/tenant', 'alice');
    expect(before.json).toMatchObject({ serviceSender: HOSTED_FROM });
    expect(before.json.sender).toBeUndefined();

    const set = await setSender('alice', 'Accounts@Mail.Acme.example');
    expect(set.status).toBe(200);
    const { sender } = set.json;
    expect(sender).toMatchObject({ address: 'accounts@mail.acme.example', domain: 'mail.acme.example', state: 'pending' });
    expect(sender.records).toHaveLength(3);
    for (const record of sender.records) {
      expect(record.type).toBe('CNAME');
      expect(record.name).toMatch(/^[0-9a-f]{32}\._domainkey\.mail\.acme\.example$/);
      expect(record.value).toBe(`${String(record.name).split('.')[0]}.dkim.amazonses.com`);
    }
    expect(domains.known()).toEqual(['mail.acme.example']);

    await owed('alice', 'ID-1', 'ap@first-customer.example');
    await owed('carol', 'ID-2', 'ap@carols-first.example');
    await dispatch();
    expect(await fromOf('ap@first-customer.example')).toEqual([expect.stringContaining(`<${HOSTED_FROM}>`)]);
    expect(await fromOf('ap@carols-first.example')).toEqual([expect.stringContaining(`<${HOSTED_FROM}>`)]);
  });

  it('refuses what must not be: a member, another team taking the domain, the service domain, a malformed address', async () => {
    const member = await setSender('alan', 'alan@acme.example');
    expect(member.status).toBe(403);
    expect(member.json.error.message).toMatch(
      /Only an owner of Acme Supplies \(alice@acme\.example\) may change where its emails come from/,
    );

    // SES identities are the whole account's: a second team naming the same domain would send as the first.
    const taken = await setSender('carol', 'billing@mail.acme.example');
    expect(taken.status).toBe(409);
    expect(taken.json.error.message).toBe("mail.acme.example is another Dunning Desk team's sending domain: nothing changed.");

    const service = await setSender('carol', 'carol@dunningdesk-hosted.example');
    expect(service.status).toBe(400);
    expect(service.json.error.issues).toEqual([
      { path: 'address', message: "dunningdesk-hosted.example is the service's own domain; name an address at your team's domain" },
    ]);
    // SES failing to take a new domain leaves it unclaimed: no team holds a domain it has no sender for.
    const start = domains.start.bind(domains);
    domains.start = () => Promise.reject(new Error('Rate exceeded'));
    try {
      expect((await setSender('carol', 'billing@carol-new.example')).status).toBeGreaterThanOrEqual(500);
    } finally {
      domains.start = start;
    }
    expect(await tenants.claimDomain('carol-new.example', 'd:acme.example')).toBe('ok');
    await tenants.releaseDomain('carol-new.example', 'd:acme.example');
    expect((await call('GET', '/v1/tenant', 'carol')).json.sender).toBeUndefined();

    const injected = await setSender('carol', 'carol@freelance.example\r\nBcc: all@x.example');
    expect(injected.status).toBe(400);
    expect(injected.json.error.issues[0].path).toBe('address');
    expect((await call('GET', '/v1/tenant', 'carol')).json.sender).toBeUndefined();
  });

  it("sends each team's email from its own verified domain, the other team's from the service", async () => {
    const { sender } = (await call('GET', '/v1/tenant', 'alice')).json;
    domains.dns.publish(sender.records);
    const checked = await call('POST', '/v1/tenant/sender/check', 'alice');
    expect(checked.json.sender).toMatchObject({ state: 'verified', verifiedAt: expect.any(String) });

    // Carol's team publishes its records and never presses Check or opens Settings: the dispatcher
    // asks SES itself, once the pending state is 15 minutes old (SES answers one such check a second).
    const carols = (await setSender('carol', 'billing@carol-consulting.example')).json.sender;
    expect(carols.state).toBe('pending');
    domains.dns.publish(carols.records);
    api.clock.advance(61_000);

    await owed('alice', 'ID-3', 'ap@second-customer.example');
    await owed('carol', 'ID-4', 'ap@carols-second.example');
    await dispatch();
    expect(await fromOf('ap@second-customer.example')).toEqual([expect.stringContaining('<accounts@mail.acme.example>')]);
    expect(await fromOf('ap@carols-second.example')).toEqual([expect.stringContaining(`<${HOSTED_FROM}>`)]);
    expect((await tenants.getTenant(carolsTeam))?.sender?.state).toBe('pending');

    api.clock.advance(15 * 60_000);
    await owed('carol', 'ID-7', 'ap@carols-once-verified.example');
    await dispatch();
    expect(await fromOf('ap@carols-once-verified.example')).toEqual([expect.stringContaining('<billing@carol-consulting.example>')]);
    expect((await call('GET', '/v1/tenant', 'carol')).json.sender.state).toBe('verified');

    // A test email comes from where the real one would.
    const test = await call('POST', '/v1/reminders/test', 'alice', {
      requestId: rid(),
      ledgerId: LEDGER,
      invoiceNumber: 'ID-3',
      stepId: 'due',
    });
    expect(test.status).toBe(200);
    const [received] = (await sesMailbox((a) => a === 'alice@acme.example')).filter((e) => e.messageId === test.json.messageId);
    expect(received?.from).toContain('<accounts@mail.acme.example>');
  });

  it("keeps a team's sending state on record when SES does not answer, and holds a team it cannot read", async () => {
    // A day on, Acme's verified state is stale, and its plan allows one email today. SES throttles
    // the check: the email goes from Acme's address all the same, and the plan still holds.
    api.clock.advance(25 * 3600_000);
    await changeTenant(tenants, 'd:acme.example', ({ version: _v, ...team }) => ({ ...team, limits: { ...team.limits, emailsPerDay: 1 } }));
    const silent = {
      start: () => domains.start(''),
      remove: () => Promise.resolve(),
      state: () => Promise.reject(new Error('Throttling: Rate exceeded')),
    };
    await owed('alice', 'ID-7', 'ap@fourth-customer.example');
    await owed('alice', 'ID-9', 'ap@sixth-customer.example');
    const harness = dispatcherHarness(api, { tenants, sendingDomains: silent, fromAddress: HOSTED_FROM });
    await harness.run();
    harness.close();
    const froms = [...(await fromOf('ap@fourth-customer.example')), ...(await fromOf('ap@sixth-customer.example'))];
    expect(froms).toEqual([expect.stringContaining('<accounts@mail.acme.example>')]);
    await changeTenant(tenants, 'd:acme.example', ({ version: _v, ...team }) => ({
      ...team,
      limits: { ...team.limits, emailsPerDay: 200 },
    }));

    // The team's record cannot be read: its plan cannot be kept to, so its reminders wait, saying why.
    await owed('alice', 'ID-8', 'ap@fifth-customer.example');
    const unreadable = {
      getTenant: () => Promise.reject(new Error('ProvisionedThroughputExceededException')),
      putTenant: () => Promise.resolve('ok' as const),
    };
    const held = dispatcherHarness(api, { tenants: unreadable, sendingDomains: domains, fromAddress: HOSTED_FROM });
    await held.run();
    const waiting = await held.deps.main.reminders({ tenant: 'd:acme.example', ledgerId: LEDGER, invoiceNumber: 'ID-8' });
    held.close();
    expect(await fromOf('ap@fifth-customer.example')).toEqual([]);
    expect(waiting.find((r) => r.state === 'PENDING')?.reason).toMatch(/^waiting: the team's record could not be read/);
  });

  it("falls back to the service's address when a verified domain's records are gone, found by the daily check", async () => {
    const { sender } = (await call('GET', '/v1/tenant', 'carol')).json;
    domains.dns.unpublish(sender.records.map((r: { name: string }) => r.name));
    // Within the day the verified state is trusted; past it, the dispatcher asks SES again.
    api.clock.advance(25 * 3600_000);
    await owed('carol', 'ID-6', 'ap@carols-third.example');
    await dispatch();
    expect(await fromOf('ap@carols-third.example')).toEqual([expect.stringContaining(`<${HOSTED_FROM}>`)]);
    const now = (await call('GET', '/v1/tenant', 'carol')).json.sender;
    expect(now.state).toBe('pending');
    expect(now).not.toHaveProperty('verifiedAt');
  });

  it('gives the way back: removed, SES forgets the domain, emails come from the service again, and the domain is free', async () => {
    const removed = await call('DELETE', '/v1/tenant/sender', 'alice');
    expect(removed.status).toBe(200);
    expect(removed.json.sender).toBeUndefined();
    expect(domains.known()).toEqual(['carol-consulting.example']);

    await owed('alice', 'ID-5', 'ap@third-customer.example');
    await dispatch();
    expect(await fromOf('ap@third-customer.example')).toEqual([expect.stringContaining(`<${HOSTED_FROM}>`)]);
    expect(await tenants.claimDomain('mail.acme.example', 'u:3001')).toBe('ok');
  });
});
