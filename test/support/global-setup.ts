/**
 * Starts the real local servers the integration tests talk to, once per jest run: dynalite (a
 * DynamoDB implementation on LevelDB, in memory here, with transactions: `localDynamo`) and aws-ses-v2-local (SES). Each test file
 * makes its own tables with unique names, and its own recipients, so files run in parallel.
 */
import { startSesServer } from '../../lambdas/local/ses-local-server';
import { localDynamo } from '../../lambdas/local/local-dynamo';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export default async function globalSetup(): Promise<void> {
  const server = localDynamo();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.env.DYNAMODB_ENDPOINT = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  (globalThis as { __dynalite?: Server }).__dynalite = server;
  // aws-ses-v2-local: accepts SES v1 SendEmail / SendRawEmail and lists what it got at /store.
  const ses = await startSesServer({ host: '127.0.0.1', port: 0 });
  process.env.SES_ENDPOINT = `http://127.0.0.1:${(ses.address() as AddressInfo).port}`;
  (globalThis as { __ses?: Server }).__ses = ses;
}
