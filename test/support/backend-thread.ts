/**
 * The backend for add-on tests, on a worker thread of its own: dynalite, the token issuer, the
 * real API and the fault proxy. It cannot share the test's thread, because the emulated
 * UrlFetchApp blocks that thread (as Apps Script's is blocked) while the request is answered.
 * Loaded through tsx; commands arrive as messages from backend-thread-client.ts.
 */
import { localDynamo } from '../../lambdas/local/local-dynamo';
import type { AddressInfo } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { startTestApi, USERS } from './api';
import { dispatcherHarness } from './dispatcher';
import { serveWithFaults, type Fault } from './fault-proxy';
import { SharedClock } from '../../lambdas/local/shared-clock';

export type BackendCommand =
  | { command: 'token'; user: keyof typeof USERS }
  | { command: 'fault'; faults: Fault[] }
  | { command: 'slow'; ms: number }
  | { command: 'seen' }
  | { command: 'reset' }
  | { command: 'dispatch' }
  | { command: 'call'; method: string; path: string; body?: unknown }
  | { command: 'record'; tenant: string; ledgerId: string; invoiceNumber: string }
  | { command: 'close' };

const port = parentPort;
if (!port) throw new Error('backend-thread.ts runs as a worker thread');
const data = workerData as { clockBuffer: SharedArrayBuffer; tenancy?: 'allow-list' | 'hosted' };
const clock = new SharedClock(data.clockBuffer);

const dynamo = localDynamo();
await new Promise<void>((resolve) => dynamo.listen(0, '127.0.0.1', resolve));
process.env.DYNAMODB_ENDPOINT = `http://127.0.0.1:${(dynamo.address() as AddressInfo).port}`;
const api = await startTestApi(undefined, clock, { tenancy: data.tenancy ?? 'allow-list' });
const proxy = await serveWithFaults(api.app, clock);

async function run(message: BackendCommand): Promise<unknown> {
  switch (message.command) {
    case 'token':
      return api.issuer.token(USERS[message.user]);
    case 'fault':
      proxy.faults.push(...message.faults);
      return proxy.faults.length;
    case 'slow':
      proxy.settings.slowMs = message.ms;
      return message.ms;
    case 'seen':
      return proxy.seen;
    case 'reset':
      proxy.seen.length = 0;
      proxy.faults.length = 0;
      proxy.settings.slowMs = 0;
      return null;
    case 'dispatch': {
      // One dispatcher run over this thread's tables, as the schedule would run it; the local SES receives.
      const harness = dispatcherHarness(api);
      try {
        const { sendsByTenant: _perTenant, ...summary } = await harness.run();
        return summary;
      } finally {
        harness.close();
      }
    }
    case 'call': {
      // A request as the sidebar makes it, signed in as alice at the shared clock's time.
      const { status, json } = await api.call(message.method, message.path, message.body === undefined ? {} : { body: message.body });
      return { status, json };
    }
    case 'record': {
      // What the store holds for one invoice (its escalation record), for tests that check it.
      const harness = dispatcherHarness(api);
      try {
        return (
          (await harness.deps.main.getInvoice({
            tenant: message.tenant,
            ledgerId: message.ledgerId,
            invoiceNumber: message.invoiceNumber,
          })) ?? null
        );
      } finally {
        harness.close();
      }
    }
    case 'close':
      await proxy.close();
      await api.close();
      await new Promise((resolve) => dynamo.close(resolve));
      return null;
  }
}

port.on('message', (message: BackendCommand & { id: number }) => {
  run(message).then(
    (result) => port.postMessage({ id: message.id, result }),
    (error: unknown) =>
      port.postMessage({ id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
port.postMessage({ ready: proxy.url });
