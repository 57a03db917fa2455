import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { createTestTables, type TestTables } from '../support/dynamodb';

/**
 * The local DynamoDB's TransactWriteItems (dynalite has none) against what AWS documents, through
 * the SDK our code uses: all or nothing, a reason per item, one operation per item, the
 * idempotency token, and no one seeing it half done.
 */
describe('local DynamoDB: TransactWriteItems', () => {
  let t: TestTables;
  beforeAll(async () => {
    t = await createTestTables();
  });
  const get = async (table: string, pk: string, sk: string) =>
    (await t.client.send(new GetCommand({ TableName: table, Key: { pk, sk }, ConsistentRead: true }))).Item;
  const audit = async (pk: string, seq: number) =>
    (await t.client.send(new GetCommand({ TableName: t.auditTable, Key: { pk, seq }, ConsistentRead: true }))).Item;
  const transact = (input: TransactWriteCommandInput) => t.client.send(new TransactWriteCommand(input));

  it('writes every item across both tables, conditions and all, or none of them', async () => {
    await t.client.send(new PutCommand({ TableName: t.mainTable, Item: { pk: 'A', sk: 'rem', state: 'SENDING', n: 1 } }));
    const items = (state: string): TransactWriteCommandInput['TransactItems'] => [
      {
        Update: {
          TableName: t.mainTable,
          Key: { pk: 'A', sk: 'rem' },
          UpdateExpression: 'SET #s = :sent, n = n + :one',
          ConditionExpression: '#s = :expected',
          ExpressionAttributeNames: { '#s': 'state' },
          ExpressionAttributeValues: { ':sent': 'SENT', ':one': 1, ':expected': state },
        },
      },
      { Put: { TableName: t.auditTable, Item: { pk: 'A', seq: 1, type: 'email.sent' }, ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { TableName: t.mainTable, Item: { pk: 'A', sk: 'next', state: 'PENDING' } } },
    ];

    const refused = await transact({ TransactItems: items('PENDING') }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TransactionCanceledException);
    expect((refused as TransactionCanceledException).CancellationReasons?.map((r) => r.Code)).toEqual([
      'ConditionalCheckFailed',
      'None',
      'None',
    ]);
    expect(await get(t.mainTable, 'A', 'rem')).toEqual({ pk: 'A', sk: 'rem', state: 'SENDING', n: 1 });
    expect(await audit('A', 1)).toBeUndefined();
    expect(await get(t.mainTable, 'A', 'next')).toBeUndefined();

    await transact({ TransactItems: items('SENDING') });
    expect(await get(t.mainTable, 'A', 'rem')).toEqual({ pk: 'A', sk: 'rem', state: 'SENT', n: 2 });
    expect(await audit('A', 1)).toMatchObject({ type: 'email.sent' });
    expect(await get(t.mainTable, 'A', 'next')).toMatchObject({ state: 'PENDING' });

    // The audit put's condition now fails: nothing of the second try is written.
    await t.client.send(new PutCommand({ TableName: t.mainTable, Item: { pk: 'A', sk: 'rem', state: 'SENDING', n: 5 } }));
    const again = await transact({ TransactItems: items('SENDING') }).catch((e: unknown) => e);
    expect((again as TransactionCanceledException).CancellationReasons?.map((r) => r.Code)).toEqual([
      'None',
      'ConditionalCheckFailed',
      'None',
    ]);
    expect(await get(t.mainTable, 'A', 'rem')).toMatchObject({ state: 'SENDING', n: 5 });
  });

  it('checks a condition on an item it does not write, present or absent', async () => {
    await t.client.send(new PutCommand({ TableName: t.mainTable, Item: { pk: 'B', sk: 'invoice', version: 3 } }));
    const write = (version: number) =>
      transact({
        TransactItems: [
          {
            ConditionCheck: {
              TableName: t.mainTable,
              Key: { pk: 'B', sk: 'invoice' },
              ConditionExpression: 'version = :v',
              ExpressionAttributeValues: { ':v': version },
            },
          },
          {
            ConditionCheck: { TableName: t.mainTable, Key: { pk: 'B', sk: 'suppressed' }, ConditionExpression: 'attribute_not_exists(pk)' },
          },
          { Put: { TableName: t.mainTable, Item: { pk: 'B', sk: 'batch', v: version } } },
        ],
      });
    await expect(write(2)).rejects.toBeInstanceOf(TransactionCanceledException);
    expect(await get(t.mainTable, 'B', 'batch')).toBeUndefined();
    await write(3);
    expect(await get(t.mainTable, 'B', 'batch')).toMatchObject({ v: 3 });
    // The checked items are as they were, and the absent one was not made.
    expect(await get(t.mainTable, 'B', 'invoice')).toEqual({ pk: 'B', sk: 'invoice', version: 3 });
    expect(await get(t.mainTable, 'B', 'suppressed')).toBeUndefined();
  });

  it('refuses two operations on one item, and more than 100 items, naming why', async () => {
    const twice = transact({
      TransactItems: [
        { Put: { TableName: t.mainTable, Item: { pk: 'C', sk: 'x', a: 1 } } },
        {
          Update: {
            TableName: t.mainTable,
            Key: { pk: 'C', sk: 'x' },
            UpdateExpression: 'SET a = :b',
            ExpressionAttributeValues: { ':b': 2 },
          },
        },
      ],
    });
    await expect(twice).rejects.toThrow('Transaction request cannot include multiple operations on one item');
    const many = Array.from({ length: 101 }, (_, i) => ({ Put: { TableName: t.mainTable, Item: { pk: 'C', sk: `n${i}` } } }));
    await expect(transact({ TransactItems: many })).rejects.toThrow(/between 1 and 100/);
    expect(await get(t.mainTable, 'C', 'x')).toBeUndefined();
    expect(await get(t.mainTable, 'C', 'n0')).toBeUndefined();
  });

  it('undoes what it applied when a later write fails, and says why', async () => {
    await t.client.send(new PutCommand({ TableName: t.mainTable, Item: { pk: 'D', sk: 'kept', v: 1 } }));
    const failing = transact({
      TransactItems: [
        { Put: { TableName: t.mainTable, Item: { pk: 'D', sk: 'kept', v: 2 } } },
        { Put: { TableName: t.mainTable, Item: { pk: 'D', sk: 'new', v: 2 } } },
        // Adding a number to a string: DynamoDB refuses it only when it applies it.
        {
          Update: {
            TableName: t.mainTable,
            Key: { pk: 'D', sk: 'kept2' },
            UpdateExpression: 'SET v = :s + :n',
            ExpressionAttributeValues: { ':s': 'a', ':n': 1 },
          },
        },
      ],
    });
    await expect(failing).rejects.toThrow();
    expect(await get(t.mainTable, 'D', 'kept')).toEqual({ pk: 'D', sk: 'kept', v: 1 });
    expect(await get(t.mainTable, 'D', 'new')).toBeUndefined();
  });

  it('answers a retry with the same token as done without writing again, and refuses the token for another request', async () => {
    const token = `tok-${Date.now()}`;
    const items = (sk: string): TransactWriteCommandInput['TransactItems'] => [
      { Put: { TableName: t.mainTable, Item: { pk: 'E', sk }, ConditionExpression: 'attribute_not_exists(pk)' } },
    ];
    await transact({ TransactItems: items('once'), ClientRequestToken: token });
    // Without the token, its condition would now fail: a retry whose first answer was lost.
    await transact({ TransactItems: items('once'), ClientRequestToken: token });
    await expect(transact({ TransactItems: items('once') })).rejects.toBeInstanceOf(TransactionCanceledException);
    await expect(transact({ TransactItems: items('other'), ClientRequestToken: token })).rejects.toThrow(/same client token/);
  });

  it('is never seen half done: a read during it sees all of it or none', async () => {
    const items = Array.from({ length: 50 }, (_, i) => ({ Put: { TableName: t.mainTable, Item: { pk: 'F', sk: `i${i}` } } }));
    let done = false;
    let halfSeen = 0;
    let reads = 0;
    const reading = (async () => {
      while (!done) {
        // The first item written, then the last: seeing the first without the last is half a transaction.
        const first = await get(t.mainTable, 'F', 'i0');
        const last = await get(t.mainTable, 'F', 'i49');
        if (first && !last) halfSeen += 1;
        reads += 1;
      }
    })();
    await transact({ TransactItems: items }).finally(() => (done = true));
    await reading;
    expect(reads).toBeGreaterThan(0);
    expect(halfSeen).toBe(0);
  });
});
