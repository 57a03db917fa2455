import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { USERS } from './api';
import type { BackendCommand } from './backend-thread';
import type { Fault, SeenRequest } from './fault-proxy';
import { SharedClock } from '../../lambdas/local/shared-clock';

/**
 * Starts the backend (dynalite, API, fault proxy) on its own thread and talks to it: the test's
 * thread is free to block in the emulated UrlFetchApp while the backend answers. The clock is
 * shared memory, so the emulation's Utilities.sleep and the backend's timestamps agree.
 */
export async function startBackendThread(now = '2026-11-24T15:00:00Z', tenancy: 'allow-list' | 'hosted' = 'allow-list') {
  const clock = SharedClock.at(now);
  const worker = new Worker(join(process.cwd(), 'test/support/backend-thread-loader.mjs'), {
    workerData: { clockBuffer: clock.buffer, tenancy },
  });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  // A crashed backend fails every waiting call with its error, rather than leaving tests to time out.
  const failAll = (error: Error) => {
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  };
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`the backend thread exited (code ${code})`)));
  const url = await new Promise<string>((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (message: { ready?: string; id?: number; result?: unknown; error?: string }) => {
      if (message.ready) return resolve(message.ready);
      const waiting = message.id === undefined ? undefined : pending.get(message.id);
      if (!waiting || message.id === undefined) return;
      pending.delete(message.id);
      if (message.error) waiting.reject(new Error(message.error));
      else waiting.resolve(message.result);
    });
  });
  const send = <T>(message: BackendCommand): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      nextId += 1;
      pending.set(nextId, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ ...message, id: nextId });
    });
  return {
    url,
    clock,
    token: (user: keyof typeof USERS) => send<string>({ command: 'token', user }),
    fault: (...faults: Fault[]) => send<number>({ command: 'fault', faults }),
    slow: (ms: number) => send<number>({ command: 'slow', ms }),
    seen: () => send<SeenRequest[]>({ command: 'seen' }),
    /** Runs the dispatcher once on the backend's thread; its summary (counts) comes back. */
    dispatch: () => send<Record<string, number>>({ command: 'dispatch' }),
    reset: () => send<null>({ command: 'reset' }),
    /** A request to the API as alice (a fresh token at the shared clock's time), answered in-process. */
    call: <T = Record<string, unknown>>(method: string, path: string, body?: unknown) =>
      send<{ status: number; json: T }>({ command: 'call', method, path, ...(body !== undefined && { body }) }),
    /** The stored record of one invoice, or null. */
    record: <T = unknown>(tenant: string, ledgerId: string, invoiceNumber: string) =>
      send<T | null>({ command: 'record', tenant, ledgerId, invoiceNumber }),
    async close() {
      await send<null>({ command: 'close' });
      await worker.terminate();
    },
  };
}

export type BackendThread = Awaited<ReturnType<typeof startBackendThread>>;

/**
 * The backend thread for one test file: started before its tests (with a token for `user`) and
 * closed after them. Read `backend` and `token` inside tests, not at module load.
 */
export function useBackendThread(
  user: keyof typeof USERS = 'alice',
  tenancy: 'allow-list' | 'hosted' = 'allow-list',
): { backend: BackendThread; token: string } {
  const handle = { backend: undefined as unknown as BackendThread, token: '' };
  beforeAll(async () => {
    handle.backend = await startBackendThread(undefined, tenancy);
    handle.token = await handle.backend.token(user);
  }, 30_000);
  afterAll(async () => {
    await handle.backend.close();
  });
  return handle;
}
