import {
  BatchGetCommand, type BatchGetCommandOutput, type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';

/** Every page of a Query, in order. */
export async function queryAll(client: DynamoDBDocumentClient, input: QueryCommandInput): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/**
 * BatchGetItem for any number of keys: 100 a call, and the keys DynamoDB leaves unprocessed under
 * load asked for again. Consistent reads: these feed decisions (send or not, what changed).
 */
export async function batchGetAll(client: DynamoDBDocumentClient, tableName: string, keys: readonly Record<string, unknown>[]): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let pending: Record<string, unknown>[] | undefined = keys.slice(i, i + 100);
    for (let attempt = 0; pending && pending.length > 0 && attempt < 10; attempt += 1) {
      const result: BatchGetCommandOutput = await client.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }));
      items.push(...(result.Responses?.[tableName] ?? []));
      pending = result.UnprocessedKeys?.[tableName]?.Keys;
    }
    if (pending && pending.length > 0) throw new Error('DynamoDB left keys unprocessed after 10 attempts');
  }
  return items;
}
