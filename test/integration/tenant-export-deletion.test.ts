import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { LocalRawMessages } from '../../lambdas/local/reply-simulator';
import { LocalSendingDomains } from '../../lambdas/local/local-sending-domains';
import { AUDIT_RETENTION_YEARS, deleteTeam, exportTeam } from '../../lambdas/services/tenant-data-service';
import { keys } from '../../lambdas/store/keys';
import { DynamoDbTenantData } from '../../lambdas/store/dynamodb-tenant-data';
import { DynamoDbTenantStore } from '../../lambdas/store/dynamodb-tenant-store';
import { HOSTED_FROM, LEDGER, rid, snapshot, startTestApi, type TestApi } from '../support/api';
import { dispatcherHarness } from '../support/dispatcher';

/**
 * A team's data on request (hosted): everything exported with its chains verified, then deleted,
 * its audit events kept for the retention period. Acme (Alice's domain team) and Carol's team
 * share the tables; nothing of Carol's is exported with Acme or touched by its deletion.
 */
describe("hosted teams: a team's export and its deletion on request", () => {
  let api: TestApi;
  let tenants: DynamoDbTenantStore;
  let data: DynamoDbTenantData;
  const domains = new LocalSendingDomains();
  /** The inbound bucket: a reply each team's customer sent, stored as SES's receipt rule stores it. */
  const replies = new LocalRawMessages();
  const stored = { acme: '', carol: '' };
  const ACME = 'd:acme.example';
  const CAROL = 'u:3001';
  type User = 'alice' | 'carol';
  const call = (method: string, path: string, user: User, body?: unknown) => {
    api.clock.advance(1_000);
    return api.call(method, path, { user, ...(body !== undefined && { body }) });
  };
  const sync = (user: User, invoiceNumber: string, contactEmail: string) =>
    call('POST', '/v1/invoices/sync', user, { requestId: rid(), ledgerId: LEDGER, invoices: [snapshot(invoiceNumber, { contactEmail })] });

  beforeAll(async () => {
    api = await startTestApi('2026-11-24T15:00:00Z', undefined, { tenancy: 'hosted', sendingDomains: domains });
    tenants = new DynamoDbTenantStore(api.tables.client, api.tables.mainTable);
    data = new DynamoDbTenantData(api.tables.client, api.tables.mainTable, api.tables.auditTable);
    await call('POST', '/v1/tenants', 'alice', { name: 'Acme Supplies', joinByDomain: true });
    await call('POST', '/v1/tenants', 'carol', { name: 'Carol Consulting' });
    await call('POST', '/v1/tenant/invitations', 'alice', { email: 'bob@globex.example' });
    await call('PUT', '/v1/tenant/sender', 'alice', { address: 'accounts@mail.acme.example' });
    await sync('alice', 'X-1', 'ap@one.team-data.example');
    await sync('alice', 'X-2', 'ap@two.team-data.example');
    await sync('carol', 'X-1', 'ap@carols.team-data.example');
    await call('POST', '/v1/contacts', 'alice', {
      requestId: rid(),
      ledgerId: LEDGER,
      invoiceNumber: 'X-1',
      channel: 'call',
      reached: 'Sam, accounts payable',
      outcome: 'reached',
      notes: 'Says it is being paid this week.',
    });
    const harness = dispatcherHarness(api, { tenants, sendingDomains: domains, fromAddress: HOSTED_FROM });
    await harness.run();
    // A reply from each team's customer, recorded on the invoice as the inbound function records it.
    for (const [team, tenant] of [
      ['acme', ACME],
      ['carol', CAROL],
    ] as const) {
      stored[team] = replies.store(Buffer.from(`From: ap@${team}.team-data.example\r\nSubject: Re: invoice X-1\r\n\r\nPaid on Friday.`));
      await harness.deps.audit.append(
        { tenant, ledgerId: LEDGER, invoiceNumber: 'X-1' },
        {
          id: `email.replied:${stored[team]}`,
          type: 'email.replied',
          at: new Date(api.clock.now()).toISOString(),
          actor: { sub: 'inbound-email', email: `ap@${team}.team-data.example` },
          source: 'inbound-email',
          data: { from: `ap@${team}.team-data.example`, words: 'Paid on Friday.', rawMessage: stored[team] },
        },
      );
    }
    harness.close();
  });
  afterAll(() => api.close());

  it('exports everything of the team, and only its, with every chain verified; a tampered event is named', async () => {
    const exported = await exportTeam({ data, tenants, clock: api.clock }, ACME);
    expect(exported.team).toMatchObject({ tenantId: ACME, name: 'Acme Supplies', sender: { domain: 'mail.acme.example' } });
    const sks = exported.mainItems.map((i) => i.sk);
    expect(sks).toEqual(expect.arrayContaining(['TENANT', 'INV#X-1', 'INV#X-2', 'REM#X-1#due', 'REM#X-2#due']));
    // Kept outside the team's partitions, found all the same: Bob's invitation and the sending domain.
    expect(exported.mainItems.map((i) => i.pk)).toEqual(
      expect.arrayContaining(['WHO#bob%40globex.example', 'SENDER-DOMAIN#mail.acme.example']),
    );
    expect(exported.mainItems.every((i) => i.pk.startsWith('T#d%3Aacme.example') || !i.pk.startsWith('T#'))).toBe(true);
    expect(JSON.stringify(exported)).not.toContain('ap@carols.team-data.example');

    const { verification } = exported;
    // Each invoice's chain, and the ledger's own (its settings' changes).
    expect(verification.chains.map((c) => c.invoiceNumber)).toEqual(['~ledger', 'X-1', 'X-2']);
    expect(verification).toMatchObject({ verified: 3, broken: 0 });
    expect(verification.events).toBe(exported.auditEvents.length);
    expect(exported.auditEvents.map((e) => e.type)).toEqual(expect.arrayContaining(['contact.logged', 'email.sent']));

    // Someone with the table's keys edits an event: the export says which, and why.
    await api.tables.client.send(
      new UpdateCommand({
        TableName: api.tables.auditTable,
        Key: { pk: keys.auditChain({ tenant: ACME, ledgerId: LEDGER, invoiceNumber: 'X-2' }), seq: 1 },
        UpdateExpression: 'SET #d.#n = :n',
        ExpressionAttributeNames: { '#d': 'data', '#n': 'tampered' },
        ExpressionAttributeValues: { ':n': 'edited later' },
      }),
    );
    const again = await exportTeam({ data, tenants, clock: api.clock }, ACME);
    expect(again.verification).toMatchObject({ verified: 2, broken: 1 });
    expect(again.verification.chains.find((c) => c.invoiceNumber === 'X-2')).toMatchObject({
      verified: false,
      problem: expect.stringMatching(/^event 1: /),
    });
  });

  it('deletes the team on request: its items gone, its people refused, its domain removed; its audit kept seven years; Carol untouched', async () => {
    const carolBefore = await exportTeam({ data, tenants, clock: api.clock }, CAROL);
    const summary = await deleteTeam(
      { data, tenants, domains, replies, clock: api.clock },
      ACME,
      'alice@acme.example, by email on 2026-11-24',
    );
    const untilYear = new Date(api.clock.now()).getUTCFullYear() + AUDIT_RETENTION_YEARS;
    expect(summary).toMatchObject({
      tenantId: ACME,
      domainRemoved: 'mail.acme.example',
      auditKeptUntil: expect.stringMatching(new RegExp(`^${untilYear}-`)),
    });
    expect(summary.mainItemsDeleted).toBeGreaterThan(5);
    expect(await data.mainItems(ACME)).toEqual([]);
    expect(domains.known()).not.toContain('mail.acme.example');
    // The reply as received is gone; what its event says of it (who, the new words, the hash) is kept with the trail.
    expect(summary.repliesDeleted).toBe(1);
    expect(await replies.open(stored.acme)).toBeUndefined();
    expect(await replies.open(stored.carol)).toBeDefined();

    // The audit events stay, each with its expiry, and still verify.
    const kept = await data.auditEvents(ACME);
    expect(kept).toHaveLength(summary.auditEventsKept);
    const expiry = Math.floor(Date.parse(summary.auditKeptUntil) / 1000);
    expect(kept.every((e) => e.expiresAt === expiry)).toBe(true);
    const afterwards = await exportTeam({ data, tenants, clock: api.clock }, ACME);
    expect(afterwards.team).toBeUndefined();
    expect(afterwards.verification.chains.find((c) => c.invoiceNumber === 'X-1')?.verified).toBe(true);

    // Within a minute every warm function has forgotten the team: its people must sign up anew.
    api.clock.advance(61_000);
    const refused = await call('GET', `/v1/reminders?ledgerId=${LEDGER}&invoiceNumber=X-1`, 'alice');
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('not_signed_up');

    // Carol's team: every item and event as it was, no expiry on her events.
    const carolAfter = await exportTeam({ data, tenants, clock: api.clock }, CAROL);
    expect(carolAfter.mainItems).toHaveLength(carolBefore.mainItems.length);
    expect(carolAfter.verification).toMatchObject({ verified: carolBefore.verification.chains.length, broken: 0 });
    expect((await data.auditEvents(CAROL)).some((e) => e.expiresAt !== undefined)).toBe(false);
    expect((await call('GET', `/v1/reminders?ledgerId=${LEDGER}&invoiceNumber=X-1`, 'carol')).status).toBe(200);

    // The deletion is on record, outside every team.
    const { Items } = await api.tables.client.send(
      new QueryCommand({
        TableName: api.tables.mainTable,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'DELETED-TEAM#d%3Aacme.example' },
      }),
    );
    expect(Items?.[0]).toMatchObject({
      tenantId: ACME,
      name: 'Acme Supplies',
      requestedBy: 'alice@acme.example, by email on 2026-11-24',
      repliesDeleted: 1,
    });
  });

  it('deletes again what a request in flight wrote meanwhile, never shortening the retention already set', async () => {
    // A write that raced the deletion: an invoice item under the deleted team.
    await api.tables.client.send(
      new UpdateCommand({
        TableName: api.tables.mainTable,
        Key: { pk: keys.ledger({ tenant: ACME, ledgerId: LEDGER }), sk: 'INV#LATE' },
        UpdateExpression: 'SET late = :y',
        ExpressionAttributeValues: { ':y': true },
      }),
    );
    const before = await data.auditEvents(ACME);
    api.clock.advance(-86_400_000 * 30);
    const second = await deleteTeam({ data, tenants, domains, clock: api.clock }, ACME, 'operator: second pass');
    api.clock.advance(86_400_000 * 30);
    expect(second.mainItemsDeleted).toBe(1);
    expect(await data.mainItems(ACME)).toEqual([]);
    const after = await data.auditEvents(ACME);
    expect(after.map((e) => e.expiresAt)).toEqual(before.map((e) => e.expiresAt));
  });
});
