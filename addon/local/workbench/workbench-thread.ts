/**
 * The workbench on a thread of its own: the add-on's UrlFetchApp blocks the thread it runs on
 * until the answer comes, so the API it calls must live on another (the main thread, in
 * `npm start`). Tokens and dispatcher runs are asked of the main thread by message.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SharedClock } from '../../../lambdas/local/shared-clock';
import { serveApp } from '../../../lambdas/local/serve-api';
import type { SesEventKind } from '../../../lambdas/local/ses-event-simulator';
import type { ReplyKind } from '../../../lambdas/local/reply-simulator';
import { CalendarDate } from '../../../shared/time/calendar-date';
import { createWorkbench } from './workbench-app';

export interface WorkbenchThreadData {
  clockBuffer: SharedArrayBuffer;
  apiUrl: string;
  sesUrl: string;
  port: number;
  code: string;
  distDir: string;
  pageHtml: string;
  ledgerRows?: string[][];
  /** The day the demo ledger is written around; kept with the data so a restart sees the same invoices. */
  demoToday?: string;
  /** The spreadsheet's zone (File > Settings in Sheets). */
  timeZone?: string;
  /** Hosted: the teams' DNS can be published from the page. */
  teamsDns?: boolean;
}

export type MainRequest =
  | { id: number; ask: 'token' }
  | { id: number; ask: 'dispatch' }
  | { id: number; ask: 'sent-times' }
  | { id: number; ask: 'ses-event'; messageId: string; kind: SesEventKind }
  | { id: number; ask: 'reply'; messageId: string; kind: ReplyKind }
  | { id: number; ask: 'publish-dkim' };
export type MainReply = { id: number; value?: unknown; error?: string };
export type ThreadMessage = { ready: string } | { failed: string } | MainRequest;

const port = parentPort;
if (!port) throw new Error('workbench-thread must run as a worker thread');
const data = workerData as WorkbenchThreadData;

const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
let nextId = 0;
type Ask = MainRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;
const ask = <T>(what: Ask) =>
  new Promise<T>((resolve, reject) => {
    nextId += 1;
    waiting.set(nextId, { resolve: resolve as (value: unknown) => void, reject });
    port.postMessage({ id: nextId, ...what });
  });
port.on('message', (message: MainReply | { command: 'close' }) => {
  if ('command' in message) {
    void server?.close().then(() => process.exit(0));
    return;
  }
  const w = waiting.get(message.id);
  if (!w) return;
  waiting.delete(message.id);
  if (message.error) w.reject(new Error(message.error));
  else w.resolve(message.value);
});

let server: Awaited<ReturnType<typeof serveApp>> | undefined;
try {
  const workbench = createWorkbench({
    clock: new SharedClock(data.clockBuffer),
    apiUrl: data.apiUrl,
    sesUrl: data.sesUrl,
    code: data.code,
    distDir: data.distDir,
    pageHtml: data.pageHtml,
    ...(data.ledgerRows && { ledgerRows: data.ledgerRows }),
    ...(data.demoToday && { demoToday: CalendarDate.parse(data.demoToday) }),
    ...(data.timeZone && { timeZone: data.timeZone }),
    token: () => ask<string>({ ask: 'token' }),
    dispatchNow: () => ask<{ emails: number; sent: number; skipped: number }>({ ask: 'dispatch' }),
    sentTimes: () => ask<Record<string, string>>({ ask: 'sent-times' }),
    sesEvent: (messageId, kind) => ask<{ handled: number; to: string }>({ ask: 'ses-event', messageId, kind }),
    reply: (messageId, kind) =>
      ask<{ recorded: number; autoReplies: number; dropped: number; from: string }>({ ask: 'reply', messageId, kind }),
    ...(data.teamsDns && { publishDkim: () => ask<{ domains: string[] }>({ ask: 'publish-dkim' }) }),
  });
  await workbench.setUp();
  server = await serveApp(workbench.app, data.port);
  port.postMessage({ ready: server.url } satisfies ThreadMessage);
} catch (error) {
  port.postMessage({ failed: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies ThreadMessage);
}
