import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { ApiConfig } from '../../lambdas/api/api-config';
import { makeApi } from '../../lambdas/api/make-api';
import { keys } from '../../lambdas/store/keys';
import { documentClient } from '../../lambdas/store/document-client';
import { LEDGER, rid, snapshot, startTestApi, type TestApi } from '../support/api';
import { dispatcherHarness } from '../support/dispatcher';
import { faultyLink } from '../support/network-faults';

const TENANT = 'd:acme.example';

describe('records that hold up: verification no edit can blind, requests done once', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi('2026-11-24T15:00:00Z');
  });
  afterEach(() => api.close());

  const sync = async (...numbers: string[]) => {
    const res = await api.call('POST', '/v1/invoices/sync', {
      body: {
        requestId: rid(),
        ledgerId: LEDGER,
        invoices: numbers.map((n, i) => snapshot(n, { row: i + 2, contactEmail: `verify-${n.toLowerCase()}-${rid()}@debtor.example` })),
      },
    });
    expect(res.status).toBe(200);
  };
  const verifyLedger = async () => (await api.call('GET', `/v1/audit/verify?ledgerId=${LEDGER}`)).json;
  const chainPk = (invoiceNumber: string) => keys.auditChain({ tenant: TENANT, ledgerId: LEDGER, invoiceNumber });
  const audit = (item: Record<string, unknown>) => api.tables.client.send(new PutCommand({ TableName: api.tables.auditTable, Item: item }));
  const auditItem = async (invoiceNumber: string, seq: number) =>
    (await api.tables.client.send(new GetCommand({ TableName: api.tables.auditTable, Key: { pk: chainPk(invoiceNumber), seq } }))).Item ??
    {};

  it('is intact for a ledger nobody touched', async () => {
    await sync('V-1', 'V-2');
    expect(await verifyLedger()).toMatchObject({ intact: true });
  });

  it('still names an edited event after its index attributes were removed to hide it', async () => {
    await sync('V-1', 'V-2');
    await api.tables.client.send(
      new UpdateCommand({
        TableName: api.tables.auditTable,
        Key: { pk: chainPk('V-2'), seq: 1 },
        UpdateExpression: 'SET #t = :t REMOVE lk, lsk',
        ExpressionAttributeNames: { '#t': 'type' },
        ExpressionAttributeValues: { ':t': 'invoice.forgotten' },
      }),
    );
    const result = await verifyLedger();
    expect(result).toMatchObject({
      intact: false,
      firstBroken: { invoiceNumber: 'V-2', seq: 1, reason: expect.stringMatching(/changed after it was recorded/) },
    });
    expect(result.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ invoiceNumber: 'V-2', reason: expect.stringMatching(/missing from the ledger index/) }),
      ]),
    );
  });

  it('names the chain an event was transplanted into, not the one it came from', async () => {
    await sync('V-1', 'V-2');
    const stolen = await auditItem('V-1', 1);
    const head = await api.tables.client.send(new GetCommand({ TableName: api.tables.auditTable, Key: { pk: chainPk('V-2'), seq: 1 } }));
    // Copied into V-2's chain as its next event, linked to V-2's head, keeping V-1's attributes.
    const nextSeq =
      2 + (head.Item ? (await api.call('GET', `/v1/history?ledgerId=${LEDGER}&invoiceNumber=V-2`)).json.events.length - 1 : 0);
    await audit({ ...stolen, pk: chainPk('V-2'), seq: nextSeq, prevHash: (await auditItem('V-2', nextSeq - 1)).hash });
    expect((await verifyLedger()).firstBroken).toMatchObject({
      invoiceNumber: 'V-2',
      seq: nextSeq,
      reason: expect.stringMatching(/changed after it was recorded/),
    });
  });

  it('names an invoice whose chain is missing', async () => {
    await sync('V-1', 'V-2');
    const events = (await api.call('GET', `/v1/history?ledgerId=${LEDGER}&invoiceNumber=V-1`)).json.events as { seq: number }[];
    for (const e of events)
      await api.tables.client.send(new DeleteCommand({ TableName: api.tables.auditTable, Key: { pk: chainPk('V-1'), seq: e.seq } }));
    expect((await verifyLedger()).firstBroken).toMatchObject({
      invoiceNumber: 'V-1',
      seq: 0,
      reason: expect.stringMatching(/chain is missing/),
    });
  });

  describe('held against the write-once checkpoints the audit stream feeds', () => {
    const lastSeq = async (n: string) =>
      Math.max(
        ...((await api.call('GET', `/v1/history?ledgerId=${LEDGER}&invoiceNumber=${n}`)).json.events as { seq: number }[]).map(
          (e) => e.seq,
        ),
      );

    it('names a truncated tail, which the hash chain alone cannot see, and the deletion the stream saw', async () => {
      await sync('V-1', 'V-2');
      await api.auditStream.drain(); // the stream delivers the appends to the checkpoint function
      const last = await lastSeq('V-1');
      await api.tables.client.send(new DeleteCommand({ TableName: api.tables.auditTable, Key: { pk: chainPk('V-1'), seq: last } }));

      const result = await verifyLedger();
      expect(result).toMatchObject({ intact: false, checkpointsCompared: 3 }); // V-1, V-2 and the ledger's own chain
      expect(result.problems).toEqual([
        {
          invoiceNumber: 'V-1',
          seq: last,
          reason: expect.stringMatching(
            new RegExp(
              `^its last event is missing: the audit checkpoint holds event ${last} \\(recorded .*\\), the table ends at event ${last - 1}$`,
            ),
          ),
        },
        {
          invoiceNumber: 'V-1',
          seq: last,
          reason: expect.stringMatching(new RegExp(`^event ${last} was deleted from the audit table on 2026-11-24T15:00:00.000Z`)),
        },
      ]);
      // The evidence pack says the same, and does not call the record intact.
      const pack = (await api.call('GET', `/v1/evidence?ledgerId=${LEDGER}&invoiceNumber=V-1`)).json;
      expect(pack).toMatchObject({ intact: false, verdict: expect.stringMatching(/BROKEN for invoice V-1 .*its last event is missing/) });
    });

    it('names an edit the stream saw, beside the hash that no longer matches', async () => {
      await sync('V-1');
      await api.auditStream.drain();
      await api.tables.client.send(
        new UpdateCommand({
          TableName: api.tables.auditTable,
          Key: { pk: chainPk('V-1'), seq: 1 },
          UpdateExpression: 'SET #t = :t',
          ExpressionAttributeNames: { '#t': 'type' },
          ExpressionAttributeValues: { ':t': 'invoice.forgotten' },
        }),
      );
      const result = await verifyLedger();
      expect(result.problems).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ invoiceNumber: 'V-1', seq: 1, reason: expect.stringMatching(/changed after it was recorded/) }),
          expect.objectContaining({
            invoiceNumber: 'V-1',
            seq: 1,
            reason: expect.stringMatching(/^event 1 was edited in the audit table/),
          }),
        ]),
      );
    });

    it('still names the deletions of an invoice whose chain is gone and whose row was removed from the main table', async () => {
      await sync('V-1', 'V-2');
      await api.auditStream.drain();
      const last = await lastSeq('V-2');
      for (let seq = 1; seq <= last; seq += 1)
        await api.tables.client.send(new DeleteCommand({ TableName: api.tables.auditTable, Key: { pk: chainPk('V-2'), seq } }));
      await api.tables.client.send(
        new DeleteCommand({
          TableName: api.tables.mainTable,
          Key: { pk: keys.ledger({ tenant: TENANT, ledgerId: LEDGER }), sk: keys.invoiceSk('V-2') },
        }),
      );
      const result = await verifyLedger();
      expect(result.intact).toBe(false);
      expect(result.problems.filter((p: { invoiceNumber: string }) => p.invoiceNumber === 'V-2')).toHaveLength(last);
    });

    it('is intact, and says how many chains matched their checkpoint, for a ledger nobody touched', async () => {
      await sync('V-1', 'V-2');
      await api.auditStream.drain();
      expect(await verifyLedger()).toEqual({ intact: true, eventsChecked: expect.any(Number), checkpointsCompared: 3 });
      const pack = (await api.call('GET', `/v1/evidence?ledgerId=${LEDGER}&invoiceNumber=V-1`)).json;
      expect(pack.verdict).toMatch(/1 of 1 chain also matched its write-once checkpoint/);
    });
  });

  it('names a reminder the main table says was SENT with no email.sent in its chain', async () => {
    await sync('V-1');
    const main = dispatcherHarness(api).deps.main;
    const scope = { tenant: TENANT, ledgerId: LEDGER, invoiceNumber: 'V-1' };
    const due = await main.getReminder(scope, 'due');
    if (!due) throw new Error('no due reminder');
    await main.putReminder(
      { ...due, state: 'SENT', sesMessageId: 'forged', updatedAt: '2026-11-24T15:00:01.000Z' },
      ['PENDING'],
      due.updatedAt,
    );
    expect((await verifyLedger()).firstBroken).toMatchObject({
      invoiceNumber: 'V-1',
      seq: 0,
      reason: expect.stringMatching(/marked SENT in the main table, but its chain has no email.sent/),
    });
  });

  it('does the work of a request once even when its answer could not be stored; the retry is told it is in progress', async () => {
    // The API's DynamoDB traffic through a proxy that refuses every write of a finished request's answer.
    const link = await faultyLink(process.env.DYNAMODB_ENDPOINT ?? '', ({ operation, body }) =>
      operation === 'PutItem' && body.includes('"DONE"') ? 'reset-before' : 'pass',
    );
    try {
      const client = documentClient(
        new DynamoDBClient({ endpoint: link.url, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
      );
      const config = ApiConfig.parse({
        MAIN_TABLE: api.tables.mainTable,
        AUDIT_TABLE: api.tables.auditTable,
        GOOGLE_JWKS_URL: api.issuer.jwksUrl,
        OAUTH_CLIENT_IDS: api.issuer.audience,
        ALLOWED_DOMAINS: 'acme.example',
      });
      const app = makeApi(config, client, api.clock, { logger: new Logger({ logLevel: 'SILENT' }) });
      const body = JSON.stringify({ requestId: rid(), ledgerId: LEDGER, invoices: [snapshot('ONCE-1')] });
      const send = async () =>
        app.request('/v1/invoices/sync', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${await api.token('alice')}` },
          body,
        });
      expect((await send()).status).toBe(200);
      const retry = await send();
      expect(retry.status).toBe(409);
      expect(retry.headers.get('retry-after')).toBe('2');
      const tracked = (await api.call('GET', `/v1/history?ledgerId=${LEDGER}&invoiceNumber=ONCE-1`)).json.events.filter(
        (e: { type: string }) => e.type === 'invoice.tracked',
      );
      expect(tracked).toHaveLength(1);
    } finally {
      await link.close();
    }
  });

  it('treats a request id whose record has expired as new, though the table has not deleted it yet', async () => {
    const requestId = rid();
    expect(
      (await api.call('POST', '/v1/invoices/sync', { body: { requestId, ledgerId: LEDGER, invoices: [snapshot('EXP-1')] } })).status,
    ).toBe(200);
    api.clock.advance(25 * 3600_000);
    // A different request under the same id: a mismatch while the record lives, new once it has expired.
    const res = await api.call('POST', '/v1/invoices/sync', { body: { requestId, ledgerId: LEDGER, invoices: [snapshot('EXP-2')] } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ upserted: 1 });
  });

  it('refuses a 300 KB settings body with the field and the reason, and keeps the settings it had', async () => {
    await sync('SET-1');
    const before = (await api.call('GET', `/v1/settings?ledgerId=${LEDGER}`)).json;
    const templates = Object.fromEntries(
      Array.from({ length: 30 }, (_, i) => [`big-${i}`, { subject: 'Invoice {{invoice_number}}', body: 'x'.repeat(9_990) }]),
    );
    const body = { requestId: rid(), ledgerId: LEDGER, settings: { ...before, templates: { ...before.templates, ...templates } } };
    expect(JSON.stringify(body).length).toBeGreaterThan(300_000);
    const res = await api.call('PUT', '/v1/settings', { body });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toMatch(/settings.*too large to keep/);
    expect((await api.call('GET', `/v1/settings?ledgerId=${LEDGER}`)).json).toEqual(before);
  });

  it('answers 20 concurrent writes to one invoice with 200s or a 409 with Retry-After, never a 500', async () => {
    await sync('HOT-1');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        api.call('POST', '/v1/contacts', {
          body: { requestId: rid(), ledgerId: LEDGER, invoiceNumber: 'HOT-1', channel: 'call', outcome: 'no_answer', notes: `try ${i}` },
        }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(10);
  });
});
