import { setTimeout as sleep } from 'node:timers/promises';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  paginateQuery,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';

/** Every page of a Query, in order, through the SDK's paginator. */
export async function queryAll(client: DynamoDBDocumentClient, input: QueryCommandInput): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for await (const page of paginateQuery({ client }, input)) items.push(...(page.Items ?? []));
  return items;
}

/** Before asking again for keys DynamoDB left unprocessed: exponential backoff with full jitter, as AWS advises, up to 2 s. */
export function unprocessedBackoffMs(attempt: number, random = Math.random()): number {
  return Math.floor(Math.min(2_000, 50 * 2 ** attempt) * random);
}

/**
 * BatchGetItem for any number of keys: 100 a call, and the keys DynamoDB leaves unprocessed under
 * load asked for again. Consistent reads: these feed decisions (send or not, what changed).
 */
export async function batchGetAll(
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly Record<string, unknown>[],
  pause: (ms: number) => Promise<unknown> = sleep,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let pending: Record<string, unknown>[] | undefined = keys.slice(i, i + 100);
    for (let attempt = 0; pending && pending.length > 0 && attempt < 10; attempt += 1) {
      // Unprocessed keys mean the table is throttling: asking again at once would be throttled too.
      if (attempt > 0) await pause(unprocessedBackoffMs(attempt));
      const result: BatchGetCommandOutput = await client.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }),
      );
      items.push(...(result.Responses?.[tableName] ?? []));
      pending = result.UnprocessedKeys?.[tableName]?.Keys;
    }
    if (pending && pending.length > 0) throw new Error('DynamoDB left keys unprocessed after 10 attempts');
  }
  return items;
}
