import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createActiveTable } from '../../lambdas/local/local-dynamo';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { documentClient } from '../../lambdas/store/document-client';
import { DynamoDbAuditStore } from '../../lambdas/store/dynamodb-audit-store';
import { DynamoDbMainStore } from '../../lambdas/store/dynamodb-main-store';
import { AUDIT_TABLE, MAIN_TABLE } from '../../lambdas/store/table-definitions';

/**
 * Local servers in their own processes, so a benchmark's CPU figures are the code under test
 * alone, not dynalite's or the SES stand-in's.
 */
export async function startInChild(label: string, script: string): Promise<{ url: string; stop(): void }> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /LISTENING (\S+)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`${label} exited with ${code}`)));
  });
  return { url, stop: () => child.kill() };
}

export const dynaliteScript = `
import { localDynamo } from '${new URL('../../lambdas/local/local-dynamo.ts', import.meta.url).pathname}';
const s = localDynamo();
s.listen(0, '127.0.0.1', () => console.log('LISTENING http://127.0.0.1:' + s.address().port));`;

export const sesScript = `
import pkg from 'aws-ses-v2-local';
const server = pkg.default ?? pkg; // CommonJS with a default export
const s = await server({ host: '127.0.0.1', port: 0 });
console.log('LISTENING http://127.0.0.1:' + s.address().port);`;

/** A fresh pair of the stack's tables (named `<prefix>-main-<id>`, `<prefix>-audit-<id>`) and their stores. */
export async function benchTables(raw: DynamoDBClient, prefix: string) {
  const suffix = randomUUID().slice(0, 8);
  const tables = { main: `${prefix}-main-${suffix}`, audit: `${prefix}-audit-${suffix}` };
  await createActiveTable(raw, tables.main, MAIN_TABLE);
  await createActiveTable(raw, tables.audit, AUDIT_TABLE);
  const client = documentClient(raw);
  return { suffix, tables, client, main: new DynamoDbMainStore(client, tables.main), audit: new DynamoDbAuditStore(client, tables.audit) };
}
