import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { LOCAL_USER, type LocalStack } from '../../../lambdas/local/local-stack';
import type { SharedClock } from '../../../lambdas/local/shared-clock';
import { buildAddonCode } from '../../../scripts/build/build-addon';
import { buildSidebar } from '../../../scripts/build/build-sidebar';
import { buildWorkbenchPage } from '../../../scripts/build/build-workbench';
import type { MainReply, ThreadMessage, WorkbenchThreadData } from './workbench-thread';

export interface RunningWorkbench {
  url: string;
  stop(): Promise<void>;
}

/**
 * Builds the add-on as `npm run build` does (Code.js, Sidebar.html, Settings.html) and the
 * workbench page, then runs them on a worker thread against `stack`, answering its requests
 * for identity tokens (from the local issuer, at the clock's now) and dispatcher runs.
 */
export interface WorkbenchStartOptions {
  port: number;
  /** The user's ledger as CSV rows; the demo when absent. */
  ledgerRows?: string[][];
  /** The day the demo is written around (YYYY-MM-DD); the clock's today when absent. */
  demoToday?: string;
  /** The spreadsheet's zone; America/New_York when absent. */
  timeZone?: string;
}

export async function startWorkbench(
  stack: LocalStack,
  clock: SharedClock,
  { port, ledgerRows, demoToday, timeZone }: WorkbenchStartOptions,
): Promise<RunningWorkbench> {
  const distDir = await mkdtemp(join(tmpdir(), 'dunning-desk-workbench-'));
  const [{ code }, pageHtml] = await Promise.all([buildAddonCode(), buildWorkbenchPage(), buildSidebar(distDir)]);
  const data: WorkbenchThreadData = {
    clockBuffer: clock.buffer,
    apiUrl: stack.apiUrl,
    sesUrl: stack.sesUrl,
    port,
    code,
    distDir,
    pageHtml,
    ...(ledgerRows && { ledgerRows }),
    ...(demoToday && { demoToday }),
    ...(timeZone && { timeZone }),
    ...(stack.publishDkim && { teamsDns: true }),
  };
  const worker = new Worker(new URL('./workbench-thread-loader.mjs', import.meta.url), { workerData: data });

  const url = await new Promise<string>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the workbench thread exited (code ${code}) before it was ready`)));
    worker.on('message', (message: ThreadMessage) => {
      if ('ready' in message) resolve(message.ready);
      else if ('failed' in message) reject(new Error(`the workbench could not start: ${message.failed}`));
      else {
        const answer: Promise<unknown> =
          message.ask === 'token'
            ? stack.issuer.token({ ...LOCAL_USER, expiresIn: 3600 })
            : message.ask === 'dispatch'
              ? stack.dispatchNow()
              : message.ask === 'sent-times'
                ? Promise.resolve(stack.sentTimes())
                : message.ask === 'reply'
                  ? stack.simulateReply(message.messageId, message.kind)
                  : message.ask === 'publish-dkim'
                    ? Promise.resolve(stack.publishDkim?.() ?? { domains: [] })
                    : stack.simulateSesEvent(message.messageId, message.kind);
        answer.then(
          (value) => worker.postMessage({ id: message.id, value } satisfies MainReply),
          (error: unknown) =>
            worker.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) } satisfies MainReply),
        );
      }
    });
  });
  worker.removeAllListeners('exit');
  worker.removeAllListeners('error');

  return {
    url,
    async stop() {
      worker.postMessage({ command: 'close' });
      await Promise.race([new Promise((resolve) => worker.once('exit', resolve)), new Promise((resolve) => setTimeout(resolve, 2000))]);
      await worker.terminate();
      await rm(distDir, { recursive: true, force: true });
    },
  };
}
