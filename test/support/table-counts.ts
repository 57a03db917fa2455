import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { TestTables } from './dynamodb';

/**
 * Every item in both tables, for "a rejected request wrote nothing" checks. A Scan is fine in a
 * test; no request path of the product scans.
 */
export async function tableContents(tables: TestTables): Promise<string> {
  const all: unknown[] = [];
  for (const TableName of [tables.mainTable, tables.auditTable]) {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await tables.client.send(new ScanCommand({ TableName, ExclusiveStartKey: start, ConsistentRead: true }));
      all.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
  }
  return JSON.stringify(all.map((item) => JSON.stringify(item)).sort());
}
