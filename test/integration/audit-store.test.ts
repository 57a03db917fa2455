import { UpdateCommand, DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { verifyChain, type AuditEventBody } from '../../lambdas/audit/hash-chain';
import { DynamoDbAuditStore } from '../../lambdas/store/dynamodb-audit-store';
import { keys } from '../../lambdas/store/keys';
import { createTestTables, type TestTables } from '../support/dynamodb';

const scope = { tenant: 'd:acme.example', ledgerId: 'ledger-0001', invoiceNumber: '#1000' };
const body = (n: number): AuditEventBody => ({
  type: 'contact.logged',
  at: new Date(Date.UTC(2026, 10, 24, 12, 0, n)).toISOString(),
  actor: { sub: '123', email: 'ar@acme.example' },
  source: 'sidebar',
  data: { channel: 'call', n },
});

describe('the audit store on DynamoDB (dynalite)', () => {
  let tables: TestTables;
  let store: DynamoDbAuditStore;
  beforeAll(async () => {
    tables = await createTestTables();
    store = new DynamoDbAuditStore(tables.client, tables.auditTable);
  });

  it('chains appends: each links to the previous hash, starting from the genesis hash', async () => {
    const s = { ...scope, invoiceNumber: 'chain-basic' };
    const first = await store.append(s, body(1));
    const second = await store.append(s, body(2));
    expect(first).toMatchObject({ seq: 1, prevHash: '0'.repeat(64) });
    expect(second).toMatchObject({ seq: 2, prevHash: first.hash });
    expect(verifyChain(await store.chain(s))).toBeUndefined();
  });

  it('keeps all 50 of 50 concurrent appends to one invoice, in one unforked chain', async () => {
    const s = { ...scope, invoiceNumber: 'chain-concurrent' };
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.append(s, body(i))));
    const chain = await store.chain(s);
    expect(chain.map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set(chain.map((e) => e.data.n)).size).toBe(50);
    expect(verifyChain(chain)).toBeUndefined();
  }, 30_000);

  it('stays one chain when two processes with stale cached heads take turns appending', async () => {
    const s = { ...scope, invoiceNumber: 'chain-two-processes' };
    const other = new DynamoDbAuditStore(tables.client, tables.auditTable);
    for (let i = 1; i <= 6; i += 1) await (i % 2 === 0 ? other : store).append(s, body(i));
    const chain = await store.chain(s);
    expect(chain.map((e) => [e.seq, e.data.n])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 4],
      [5, 5],
      [6, 6],
    ]);
    expect(verifyChain(chain)).toBeUndefined();
  });

  it('names the event whose stored content was edited in the table', async () => {
    const s = { ...scope, invoiceNumber: 'chain-tampered' };
    for (let i = 1; i <= 5; i += 1) await store.append(s, body(i));
    await tables.client.send(
      new UpdateCommand({
        TableName: tables.auditTable,
        Key: { pk: keys.auditChain(s), seq: 3 },
        UpdateExpression: 'SET #data.#channel = :c',
        ExpressionAttributeNames: { '#data': 'data', '#channel': 'channel' },
        ExpressionAttributeValues: { ':c': 'letter' },
      }),
    );
    expect(verifyChain(await store.chain(s))).toEqual({
      invoiceNumber: s.invoiceNumber,
      seq: 3,
      reason: expect.stringMatching(/changed after it was recorded/),
    });
  });

  it('names the gap where an event was deleted', async () => {
    const s = { ...scope, invoiceNumber: 'chain-deleted' };
    for (let i = 1; i <= 4; i += 1) await store.append(s, body(i));
    await tables.client.send(new DeleteCommand({ TableName: tables.auditTable, Key: { pk: keys.auditChain(s), seq: 2 } }));
    expect(verifyChain(await store.chain(s))).toEqual({
      invoiceNumber: s.invoiceNumber,
      seq: 3,
      reason: expect.stringMatching(/event 2 is missing/),
    });
  });

  it('pages history newest first', async () => {
    const s = { ...scope, invoiceNumber: 'chain-paged' };
    for (let i = 1; i <= 5; i += 1) await store.append(s, body(i));
    const first = await store.page(s, 2);
    expect(first.events.map((e) => e.seq)).toEqual([5, 4]);
    const second = await store.page(s, 2, first.nextBeforeSeq);
    expect(second.events.map((e) => e.seq)).toEqual([3, 2]);
    const third = await store.page(s, 2, second.nextBeforeSeq);
    expect(third.events.map((e) => e.seq)).toEqual([1]);
    expect(third.nextBeforeSeq).toBeUndefined();
  });

  it('lists every chain of a ledger for export, and no other tenant’s', async () => {
    const a = { tenant: 't-a', ledgerId: 'ledger-shared-id', invoiceNumber: 'A-1' };
    const b = { tenant: 't-b', ledgerId: 'ledger-shared-id', invoiceNumber: 'A-1' };
    await store.append(a, body(1));
    await store.append({ ...a, invoiceNumber: 'A-2' }, body(2));
    await store.append(b, body(3));
    const events = await store.ledger(a);
    expect(events.map((e) => [e.tenant, e.invoiceNumber, e.seq])).toEqual([
      ['t-a', 'A-1', 1],
      ['t-a', 'A-2', 1],
    ]);
  });
});
