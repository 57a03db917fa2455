import { CreateTableCommand, DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ReadWriteGate } from './read-write-gate';
import { type Answer, type TokenMemory, transactWriteItems } from './transact-write';
import { createTableInput, type TableDefinition } from '../store/table-definitions';

export interface LocalDynamoOptions {
  /** LevelDB folder; in memory when absent. */
  path?: string;
}

/**
 * The local DynamoDB of `npm start`, the tests and the benchmarks: dynalite, plus the one call it
 * lacks that the dispatcher uses, TransactWriteItems (`transact-write.ts`). Every other request
 * goes to dynalite as it came; while a transaction is applied, they wait, as a transaction's
 * items are never seen half written in DynamoDB.
 */
export function localDynamo(options: LocalDynamoOptions = {}): Server {
  const inner = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(options.path && { path: options.path }) });
  const handle = inner.listeners('request')[0] as (req: IncomingMessage, res: ServerResponse) => void;
  const innerUrl = new Promise<string>((resolve) =>
    inner.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(inner.address() as AddressInfo).port}`)),
  );
  const gate = new ReadWriteGate();
  const state = { tokens: new Map() as TokenMemory, keyNames: new Map<string, string[]>() };

  const transact = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    const release = await gate.acquire(true);
    let answer: Answer;
    try {
      const url = await innerUrl;
      // dynalite wants a well-formed signature; the caller's own headers are one.
      const signed = Object.fromEntries(
        ['authorization', 'x-amz-date', 'x-amz-security-token'].flatMap((h) => (req.headers[h] ? [[h, String(req.headers[h])]] : [])),
      );
      const call = async (action: string, payload: Record<string, unknown>): Promise<Answer> => {
        const response = await fetch(url, {
          method: 'POST',
          headers: { ...signed, 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `DynamoDB_20120810.${action}` },
          body: JSON.stringify(payload),
        });
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
      };
      answer = await transactWriteItems(JSON.parse(body) as Record<string, unknown>, call, { ...state, nowMs: Date.now() });
    } catch (e) {
      answer = { status: 500, body: { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: String(e) } };
    } finally {
      release();
    }
    res.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.0' });
    res.end(JSON.stringify(answer.body));
  };

  const outer = createServer((req, res) => {
    if (String(req.headers['x-amz-target'] ?? '').endsWith('.TransactWriteItems')) {
      // Only a request that broke off while being read gets here: there is no one to answer.
      transact(req, res).catch(() => res.destroy());
      return;
    }
    void gate.acquire(false).then((release) => {
      res.once('finish', release);
      res.once('close', release);
      handle(req, res);
    });
  });
  outer.once('close', () => inner.close());
  return outer;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
}

/**
 * Makes a table on the local DynamoDB and returns once it is ACTIVE. dynalite answers CreateTable
 * while the table is still CREATING (as DynamoDB does) and refuses requests to it until then, so
 * a request made at once can meet ResourceNotFoundException on a busy machine.
 */
export async function createActiveTable(raw: DynamoDBClient, tableName: string, def: TableDefinition): Promise<void> {
  await raw.send(new CreateTableCommand(createTableInput(tableName, def)));
  for (let waited = 0; waited < 10_000; waited += 10) {
    const { Table } = await raw.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`table ${tableName} is not ACTIVE after 10 s`);
}
