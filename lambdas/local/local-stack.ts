import { Logger } from '@aws-lambda-powertools/logger';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import type { AddressInfo } from 'node:net';
import { ApiConfig } from '../api/api-config';
import { makeApi } from '../api/make-api';
import type { Clock } from '../clock';
import { documentClient } from '../store/document-client';
import { AUDIT_TABLE, createTableInput, MAIN_TABLE } from '../store/table-definitions';
import { LocalTokenIssuer } from './local-token-issuer';
import { type RunningServer, serveApp } from './serve-api';

export interface LocalStackOptions {
  apiPort: number;
  dynamoPort: number;
  issuerPort: number;
  /** LevelDB folder for dynalite; in memory when absent. */
  dataPath?: string;
  clock: Clock;
}

/** The signed-in user of the local stack: a Workspace user of an allowed domain. */
export const LOCAL_USER = { sub: 'local-user-1', email: 'you@dunningdesk.example', hd: 'dunningdesk.example' };

export interface LocalStack {
  apiUrl: string;
  dynamoUrl: string;
  jwksUrl: string;
  issuer: LocalTokenIssuer;
  stop(): Promise<void>;
}

/**
 * The backend on this machine with embedded defaults: dynalite for DynamoDB (tables made from the
 * same definitions the stack deploys), a local issuer standing in for Google's tokens, and the
 * same API app, configured exactly as in production but for the URLs.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const dynamo = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(options.dataPath && { path: options.dataPath }) });
  await new Promise<void>((resolve) => dynamo.listen(options.dynamoPort, '127.0.0.1', resolve));
  const dynamoUrl = `http://127.0.0.1:${(dynamo.address() as AddressInfo).port}`;
  const raw = new DynamoDBClient({ endpoint: dynamoUrl, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const existing = new Set((await raw.send(new ListTablesCommand({}))).TableNames ?? []);
  for (const [name, def] of [['dunning-desk-main', MAIN_TABLE], ['dunning-desk-audit', AUDIT_TABLE]] as const) {
    if (!existing.has(name)) await raw.send(new CreateTableCommand(createTableInput(name, def)));
  }
  const issuer = await LocalTokenIssuer.start(options.clock, undefined, options.issuerPort);
  const config = ApiConfig.parse({
    MAIN_TABLE: 'dunning-desk-main',
    AUDIT_TABLE: 'dunning-desk-audit',
    GOOGLE_JWKS_URL: issuer.jwksUrl,
    OAUTH_CLIENT_IDS: issuer.audience,
    ALLOWED_DOMAINS: LOCAL_USER.hd,
    APP_VERSION: 'local',
  });
  const api: RunningServer = await serveApp(makeApi(config, documentClient(raw), options.clock, new Logger({ serviceName: 'dunning-desk-api', logLevel: 'WARN' })), options.apiPort);
  return {
    apiUrl: api.url,
    dynamoUrl,
    jwksUrl: issuer.jwksUrl,
    issuer,
    async stop() {
      await api.close();
      await issuer.close();
      await new Promise<void>((resolve) => dynamo.close(() => resolve()));
      raw.destroy();
    },
  };
}
