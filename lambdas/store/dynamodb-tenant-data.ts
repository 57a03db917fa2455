import { BatchWriteCommand, type DynamoDBDocumentClient, paginateScan, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ChainedEvent } from '../audit/hash-chain';
import type { DeletionRecord, StoredItem, TenantData } from '../services/ports/tenant-data';
import { keys } from './keys';
import { unprocessedBackoffMs } from './paged-reads';
import { mapLimited } from '../map-limited';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A team's data by scanning both tables with a filter on its key prefix: reads each table once
 * (an export or a deletion is rare and on request), and finds every ledger, however it was made.
 * `T#<team>` and `T#<team>#...` are matched exactly, so team `u:1` never takes `u:10`'s items.
 */
export class DynamoDbTenantData implements TenantData {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly mainTable: string,
    private readonly auditTable: string,
  ) {}

  async mainItems(tenantId: string): Promise<StoredItem[]> {
    const items: StoredItem[] = [];
    for await (const page of paginateScan(
      { client: this.client },
      {
        TableName: this.mainTable,
        // The team's partitions; who was invited to it, its sending domain and its reply alias, kept outside them.
        FilterExpression:
          'pk = :team OR begins_with(pk, :within) OR ((begins_with(pk, :who) OR begins_with(pk, :domain)) AND tenantId = :id) OR (begins_with(pk, :alias) AND tenant = :id)',
        ExpressionAttributeValues: {
          ':team': keys.tenant(tenantId),
          ':within': `${keys.tenant(tenantId)}#`,
          ':who': 'WHO#',
          ':domain': 'SENDER-DOMAIN#',
          ':alias': 'REPLY-ALIAS#',
          ':id': tenantId,
        },
        ConsistentRead: true,
      },
    ))
      items.push(...((page.Items ?? []) as StoredItem[]));
    return items;
  }

  async auditEvents(tenantId: string) {
    const events: (ChainedEvent & { pk: string; expiresAt?: number })[] = [];
    for await (const page of paginateScan(
      { client: this.client },
      {
        TableName: this.auditTable,
        FilterExpression: 'begins_with(pk, :within)',
        ExpressionAttributeValues: { ':within': `${keys.tenant(tenantId)}#` },
        ConsistentRead: true,
      },
    ))
      events.push(...((page.Items ?? []) as (ChainedEvent & { pk: string; expiresAt?: number })[]));
    return events;
  }

  async deleteMainItems(itemKeys: readonly { pk: string; sk: string }[]) {
    for (let i = 0; i < itemKeys.length; i += 25) {
      let pending = itemKeys.slice(i, i + 25).map(({ pk, sk }) => ({ DeleteRequest: { Key: { pk, sk } } }));
      for (let attempt = 0; pending.length > 0; attempt += 1) {
        if (attempt >= 10) throw new Error('DynamoDB left deletions unprocessed after 10 attempts');
        if (attempt > 0) await sleep(unprocessedBackoffMs(attempt));
        const result = await this.client.send(new BatchWriteCommand({ RequestItems: { [this.mainTable]: pending } }));
        pending = (result.UnprocessedItems?.[this.mainTable] ?? []) as typeof pending;
      }
    }
  }

  async expireAuditEvents(eventKeys: readonly { pk: string; seq: number }[], expiresAtS: number) {
    // One UpdateItem per event (BatchWriteItem cannot update): sixteen at a time, not one after another.
    await mapLimited(eventKeys, 16, ({ pk, seq }) =>
      this.client
        .send(
          new UpdateCommand({
            TableName: this.auditTable,
            Key: { pk, seq },
            // Only later, never sooner: a second deletion request does not shorten what the first kept.
            UpdateExpression: 'SET expiresAt = :at',
            ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(expiresAt) OR expiresAt < :at)',
            ExpressionAttributeValues: { ':at': expiresAtS },
          }),
        )
        .catch((error: unknown) => {
          if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
        }),
    );
  }

  async putDeletionRecord(record: DeletionRecord) {
    await this.client.send(
      new PutCommand({
        TableName: this.mainTable,
        Item: { pk: `DELETED-TEAM#${encodeURIComponent(record.tenantId)}`, sk: record.deletedAt, ...record },
      }),
    );
  }
}
