import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchGetAll, unprocessedBackoffMs } from '../../../lambdas/store/paged-reads';

/** A stand-in for the document client answering BatchGet as DynamoDB does under throttling: some keys left unprocessed. */
function throttlingClient(unprocessedRounds: number) {
  const calls: { keys: unknown[]; at: number }[] = [];
  const client = {
    send: (command: { input: { RequestItems: Record<string, { Keys: { id: string }[] }> } }) => {
      const keys = command.input.RequestItems.t?.Keys ?? [];
      calls.push({ keys, at: Date.now() });
      const [done, left] = calls.length <= unprocessedRounds ? [keys.slice(0, 1), keys.slice(1)] : [keys, []];
      return Promise.resolve({
        Responses: { t: done.map((k) => ({ ...k, found: true })) },
        ...(left.length > 0 && { UnprocessedKeys: { t: { Keys: left } } }),
      });
    },
  } as unknown as DynamoDBDocumentClient;
  return { client, calls };
}

describe('batch reads under throttling', () => {
  it('asks again for the keys left unprocessed, after a growing, jittered pause, until every key is read', async () => {
    const { client, calls } = throttlingClient(2);
    const pauses: number[] = [];
    const items = await batchGetAll(client, 't', [{ id: 'a' }, { id: 'b' }, { id: 'c' }], (ms) => Promise.resolve(pauses.push(ms)));
    expect(items.map((i) => i.id)).toEqual(['a', 'b', 'c']);
    expect(calls.map((c) => c.keys.length)).toEqual([3, 2, 1]);
    // A pause before each second ask, none before the first: at most 100 ms, then 200 ms.
    expect(pauses).toHaveLength(2);
    expect(pauses[0]).toBeLessThan(100);
    expect(pauses[1]).toBeLessThan(200);
  });

  it('pauses with full jitter, doubling from 50 ms and never more than 2 s', () => {
    expect([1, 2, 3, 6, 10].map((a) => unprocessedBackoffMs(a, 0.999))).toEqual([99, 199, 399, 1998, 1998]);
    expect(unprocessedBackoffMs(4, 0)).toBe(0);
  });

  it('gives up after 10 attempts with an error rather than returning part of the answer', async () => {
    const { client } = throttlingClient(100);
    await expect(
      batchGetAll(
        client,
        't',
        Array.from({ length: 12 }, (_, i) => ({ id: `k${i}` })),
        () => Promise.resolve(),
      ),
    ).rejects.toThrow('DynamoDB left keys unprocessed after 10 attempts');
  });
});
