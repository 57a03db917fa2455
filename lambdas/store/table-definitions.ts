import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The two tables' keys and indexes, written once: the CDK stack, the local stack and the tests
 * all build their tables from these, so an index the code queries always exists. Items and
 * access patterns are described in docs/DATA.md.
 */
export interface TableDefinition {
  partitionKey: { name: string; type: 'S' | 'N' };
  sortKey: { name: string; type: 'S' | 'N' };
  indexes: { name: string; partitionKey: { name: string; type: 'S' | 'N' }; sortKey: { name: string; type: 'S' | 'N' } }[];
  /**
   * Attribute holding an epoch-seconds expiry, for items that may expire. On the audit table only
   * a deleted team's events carry it (set by the operator's deletion, outside the events' hashes):
   * they are kept for the retention period, then go.
   */
  ttlAttribute?: string;
}

export const MAIN_TABLE: TableDefinition = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  indexes: [
    // Sparse: only PENDING reminders carry duePk/dueSk, so the dispatcher reads only what is due.
    { name: 'due', partitionKey: { name: 'duePk', type: 'S' }, sortKey: { name: 'dueSk', type: 'S' } },
  ],
  ttlAttribute: 'expiresAt',
};

export const AUDIT_TABLE: TableDefinition = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'seq', type: 'N' },
  indexes: [
    // Every chain of one ledger, for ledger-wide export and verification.
    { name: 'byLedger', partitionKey: { name: 'lk', type: 'S' }, sortKey: { name: 'lsk', type: 'S' } },
  ],
  ttlAttribute: 'expiresAt',
};

export function createTableInput(tableName: string, def: TableDefinition): CreateTableCommandInput {
  const attributes = new Map<string, 'S' | 'N'>();
  for (const key of [def.partitionKey, def.sortKey, ...def.indexes.flatMap((i) => [i.partitionKey, i.sortKey])])
    attributes.set(key.name, key.type);
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType })),
    KeySchema: [
      { AttributeName: def.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: def.sortKey.name, KeyType: 'RANGE' },
    ],
    ...(def.indexes.length > 0 && {
      GlobalSecondaryIndexes: def.indexes.map((i) => ({
        IndexName: i.name,
        KeySchema: [
          { AttributeName: i.partitionKey.name, KeyType: 'HASH' as const },
          { AttributeName: i.sortKey.name, KeyType: 'RANGE' as const },
        ],
        Projection: { ProjectionType: 'ALL' as const },
      })),
    }),
  };
}
