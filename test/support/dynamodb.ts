import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createActiveTable } from '../../lambdas/local/local-dynamo';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { AUDIT_TABLE, MAIN_TABLE } from '../../lambdas/store/table-definitions';
import { documentClient } from '../../lambdas/store/document-client';

export interface TestTables {
  client: DynamoDBDocumentClient;
  raw: DynamoDBClient;
  mainTable: string;
  auditTable: string;
}

/** A client for the dynalite server started by the global setup, and fresh tables for one test file. */
export async function createTestTables(): Promise<TestTables> {
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  if (!endpoint) throw new Error('DYNAMODB_ENDPOINT is not set: the jest global setup starts dynalite');
  const raw = new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const suffix = randomUUID().slice(0, 8);
  const mainTable = `main-${suffix}`;
  const auditTable = `audit-${suffix}`;
  await createActiveTable(raw, mainTable, MAIN_TABLE);
  await createActiveTable(raw, auditTable, AUDIT_TABLE);
  return { client: documentClient(raw), raw, mainTable, auditTable };
}
