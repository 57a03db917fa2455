/**
 * Sending a sync's invoices: chunks with request ids a resumed run repeats, the time budget, the
 * backend's refusals, and the status the run leaves for Settings and the sidebar. Used by the
 * whole-ledger sync and by the edit trigger, which differ only in how they read the sheet.
 */
import { type InvoiceSnapshot, MAX_SYNC_BATCH, type SheetFacts, SyncInvoicesResponse } from '../../../shared/api/contract';
import { cellString, FIELD_LABELS, LEDGER_FIELDS, type LedgerField } from '../../../shared/ledger/ledger-columns';
import { describeRowIssue, type RowIssue } from '../../../shared/ledger/read-ledger';
import { callBackend } from '../backend/backend-client';
import type { AddonPorts } from '../server/ports';
import { digest64 } from './fingerprint';
import { type FailedRow, readCursor, readStatus, saveCursor, saveStatus, type SyncStatus } from './sync-state';
import type { StoredFingerprint } from './sync-store';

/** Apps Script stops a run at 6 minutes; a sync's chunks end within 4.5 and the rest resumes next time. */
export const SYNC_TIME_BUDGET_MS = 270_000;
/** Well under the API's 1 MB body limit and UrlFetch's 50 MB. */
const MAX_CHUNK_BYTES = 800_000;

export interface SyncOptions {
  trigger: SyncStatus['trigger'];
  /** When the execution started: the budget counts from there. */
  startedAt: number;
  /** Only these sheet rows (an edit); every row when absent. */
  rows?: readonly number[];
  budgetMs?: number;
  /** At most this many invoices a chunk (the API's limit when absent): tests resume and stop at chunk edges without thousands of rows. */
  chunkInvoices?: number;
}

interface Chunk {
  invoices: InvoiceSnapshot[];
  fingerprints: string[];
}

/** Greedy chunks by count and bytes; the same plan always gives the same chunks, so a resumed run skips exactly what was confirmed. */
function chunk(invoices: readonly InvoiceSnapshot[], fingerprints: readonly string[], most: number): Chunk[] {
  const chunks: Chunk[] = [];
  let current: Chunk = { invoices: [], fingerprints: [] };
  let bytes = 0;
  invoices.forEach((invoice, i) => {
    const size = JSON.stringify(invoice).length + 1;
    if (current.invoices.length >= most || (current.invoices.length > 0 && bytes + size > MAX_CHUNK_BYTES)) {
      chunks.push(current);
      current = { invoices: [], fingerprints: [] };
      bytes = 0;
    }
    current.invoices.push(invoice);
    current.fingerprints.push(fingerprints[i] ?? '');
    bytes += size;
  });
  if (current.invoices.length > 0) chunks.push(current);
  return chunks;
}

/** "invoices.3.dueDate" -> the 4th invoice of the chunk. */
function rejectedIndexes(issues: readonly { path: string; message: string }[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const issue of issues) {
    const m = /^invoices\.(\d+)(?:\.(.+))?$/.exec(issue.path);
    if (m) out.set(Number(m[1]), `${fieldWords(m[2])} ${issue.message}`);
  }
  return out;
}

/** "contactEmail" -> "Contact email", as the sync status names a column to the person reading it; an unknown path as it is. */
function fieldWords(path: string | undefined): string {
  if (!path) return 'The invoice';
  const field = path.split('.')[0] ?? '';
  return (LEDGER_FIELDS as readonly string[]).includes(field) ? FIELD_LABELS[field as LedgerField] : path;
}

/** What a run sends, and what it found before sending. */
export interface SyncWork {
  ledgerId: string;
  sheet: SheetFacts;
  changed: InvoiceSnapshot[];
  prints: string[];
  unchanged: number;
  failed: FailedRow[];
}

/**
 * Sends the changed invoices and saves the run's status. A whole-ledger run (`partial` false)
 * saves a cursor after each confirmed chunk and resumes from it; an edit's run does not, since
 * the hourly sync sends whatever it left. Returns the status and the fingerprints confirmed.
 */
export function sendInvoices(
  ports: AddonPorts,
  baseUrl: string,
  work: SyncWork,
  options: SyncOptions,
  partial: boolean,
): { status: SyncStatus; confirmed: Map<string, StoredFingerprint> } {
  const properties = ports.PropertiesService.getDocumentProperties();
  const run = planRun(properties, work, options, partial);
  const sending = sendChunks(ports, properties, baseUrl, run, options, partial);
  const failed = [...work.failed, ...sending.refused];
  const remaining = work.changed.length - sending.done;
  if (!partial && remaining === 0) saveCursor(properties, undefined);
  const status = outcome(ports, options, readStatus(properties), {
    changed: work.changed.length,
    unchanged: work.unchanged,
    remaining,
    ...sending,
    failed,
  });
  saveStatus(properties, status);
  return { status, confirmed: sending.confirmed };
}

/** Rows the reader could not read: each named with its invoice number (if any) and every reason. */
export function rowsNotSent(
  issues: readonly RowIssue[],
  numberColumn: number | undefined,
  cellsOf: (row: number) => readonly unknown[] | undefined,
  inScope: (row: number) => boolean = () => true,
): FailedRow[] {
  const errorRows = new Map<number, string[]>();
  for (const issue of issues) {
    if (issue.severity !== 'error' || !inScope(issue.row)) continue;
    errorRows.set(issue.row, [...(errorRows.get(issue.row) ?? []), describeRowIssue(issue)]);
  }
  return [...errorRows].map(([row, reasons]) => ({
    row,
    invoiceNumber: numberColumn === undefined ? '' : cellString(cellsOf(row)?.[numberColumn]).trim(),
    reason: `not sent: ${reasons.join('; ')}`,
  }));
}

interface RunPlan {
  ledgerId: string;
  sheet: SheetFacts;
  chunks: Chunk[];
  plan: string;
  total: number;
  runKey: string;
  runStartedAt: string;
  /** Chunks a resumed run already had confirmed, and their invoices. */
  skipChunks: number;
  done: number;
}

/**
 * The run's chunks and request ids, resuming after the last chunk a killed run had confirmed:
 * the same plan (the same changed invoices) means the first `done` invoices already arrived.
 */
function planRun(properties: GoogleAppsScript.Properties.Properties, work: SyncWork, options: SyncOptions, partial: boolean): RunPlan {
  const { changed, prints } = work;
  const plan = digest64(changed.map((s, i) => `${s.invoiceNumber}:${s.row}:${prints[i] ?? ''}`).join('\n'));
  const cursor = readCursor(properties);
  const chunks = chunk(changed, prints, Math.min(options.chunkInvoices ?? MAX_SYNC_BATCH, MAX_SYNC_BATCH));
  const resuming = cursor !== undefined && cursor.plan === plan && !partial;
  // Request ids name this ledger, this plan and the run that began it: a resumed run repeats
  // them (and is answered from the backend's idempotency record), while a later run with the
  // same content (a value changed and changed back) is new work, not a replay.
  const runStartedAt = resuming ? cursor.startedAt : new Date(options.startedAt).toISOString();
  // The spreadsheet's zone and currency go with every chunk (the backend keeps its own zone once
  // it has one); they are part of the key, so a resumed run never repeats an id with other facts.
  const { ledgerId, sheet } = work;
  const runKey = digest64(`${ledgerId}\n${plan}\n${runStartedAt}\n${sheet.timeZone}\n${sheet.currency}`);
  let done = 0;
  let skipChunks = 0;
  if (resuming) {
    for (const c of chunks) {
      if (done + c.invoices.length > cursor.done) break;
      done += c.invoices.length;
      skipChunks += 1;
    }
  }
  return { ledgerId, sheet, chunks, plan, total: changed.length, runKey, runStartedAt, skipChunks, done };
}

interface Sending {
  sent: number;
  done: number;
  /** Why the run stopped early: 'time' (the budget), or the backend's answer. */
  stopped?: string;
  refused: FailedRow[];
  confirmed: Map<string, StoredFingerprint>;
  held: NonNullable<SyncInvoicesResponse['customersHeld']>;
  /** Of those sent, how many the backend already had as they are (an edit that changed nothing it keeps). */
  alreadyKnown: number;
}

/**
 * Sends the chunks in order, each started only if, taking as long as the slowest so far, it
 * ends within the budget. A chunk the backend refuses for some invoices is resent without them;
 * after each confirmed chunk the cursor is saved, so a run killed here resumes after it.
 */
function sendChunks(
  ports: AddonPorts,
  properties: GoogleAppsScript.Properties.Properties,
  baseUrl: string,
  run: RunPlan,
  options: SyncOptions,
  partial: boolean,
): Sending {
  const nowIso = () => new Date(ports.now()).toISOString();
  const result: Sending = { sent: 0, done: run.done, refused: [], confirmed: new Map(), held: [], alreadyKnown: 0 };
  const confirm = (c: Chunk, except: ReadonlySet<number> = new Set()) =>
    c.invoices.forEach((inv, i) => {
      if (!except.has(i)) result.confirmed.set(inv.invoiceNumber, { fingerprint: c.fingerprints[i] ?? '', sentAt: nowIso() });
    });
  run.chunks.slice(0, run.skipChunks).forEach((c) => confirm(c));

  let slowestChunkMs = 0;
  for (let index = run.skipChunks; index < run.chunks.length; index += 1) {
    const current = run.chunks[index] as Chunk;
    const chunkStart = ports.now();
    if (chunkStart + slowestChunkMs - options.startedAt > (options.budgetMs ?? SYNC_TIME_BUDGET_MS)) {
      result.stopped = 'time';
      break;
    }
    const { answer, refused } = sendChunk(ports, baseUrl, run, current, `sync-${run.runKey}-${index}`);
    if (!answer.ok && refused.size < current.invoices.length) {
      result.stopped = answer.failure.message;
      break;
    }
    if (answer.ok) {
      result.held.push(...(answer.value.customersHeld ?? []));
      result.alreadyKnown += answer.value.unchanged;
    }
    for (const [i, reason] of refused) {
      const inv = current.invoices[i];
      if (inv) result.refused.push({ row: inv.row, invoiceNumber: inv.invoiceNumber, reason: `refused by the backend: ${reason}` });
    }
    confirm(current, new Set(refused.keys()));
    result.sent += current.invoices.length - refused.size;
    result.done += current.invoices.length;
    if (!partial) saveCursor(properties, { plan: run.plan, done: result.done, total: run.total, startedAt: run.runStartedAt });
    slowestChunkMs = Math.max(slowestChunkMs, ports.now() - chunkStart);
  }
  return result;
}

/** One chunk to the backend; refused by it for some invoices (a 400 naming them), resent without them. */
function sendChunk(ports: AddonPorts, baseUrl: string, run: RunPlan, current: Chunk, requestId: string) {
  const post = (id: string, invoices: InvoiceSnapshot[]) =>
    callBackend(
      ports,
      baseUrl,
      { method: 'post', path: '/v1/invoices/sync', body: { requestId: id, ledgerId: run.ledgerId, sheet: run.sheet, invoices } },
      SyncInvoicesResponse,
    );
  let answer = post(requestId, current.invoices);
  let refused = new Map<number, string>();
  if (!answer.ok && answer.failure.status === 400) {
    refused = rejectedIndexes(answer.failure.issues);
    const rest = current.invoices.filter((_, i) => !refused.has(i));
    if (refused.size > 0 && rest.length > 0) answer = post(`${requestId}-r`, rest);
    else if (refused.size === 0) refused = new Map(current.invoices.map((_, i) => [i, answer.ok ? '' : answer.failure.message]));
  }
  return { answer, refused };
}

/** The run as the sync status says it: its state, a sentence for people, the rows not sent. */
function outcome(
  ports: AddonPorts,
  options: SyncOptions,
  previous: SyncStatus | undefined,
  run: {
    changed: number;
    unchanged: number;
    remaining: number;
    failed: FailedRow[];
    sent: number;
    stopped?: string;
    held: NonNullable<SyncInvoicesResponse['customersHeld']>;
    alreadyKnown: number;
  },
): SyncStatus {
  const { changed, unchanged, remaining, failed, sent, stopped, held } = run;
  failed.sort((a, b) => a.row - b.row);
  const state: SyncStatus['state'] =
    stopped && stopped !== 'time'
      ? sent > 0
        ? 'partial'
        : 'failed'
      : remaining > 0
        ? 'partial'
        : changed === 0 && failed.length === 0
          ? 'nothing-to-do'
          : 'synced';
  const message =
    stopped === 'time'
      ? `Sent ${sent} invoices; ${remaining} more will go at the next hourly sync (or Sync now).`
      : stopped
        ? `${stopped} Sent ${sent}; ${remaining} still to send.`
        : changed === 0
          ? failed.length > 0
            ? 'Nothing was sent.'
            : 'Everything was already up to date.'
          : sentSentence(sent, run.alreadyKnown);
  const at = new Date(ports.now()).toISOString();
  return {
    at,
    trigger: options.trigger,
    state,
    sent,
    unchanged,
    remaining,
    failedRows: failed,
    failedRowCount: failed.length,
    message: `${message}${heldSentence(held)}${failed.length > 0 ? ` ${failed.length} row${failed.length === 1 ? '' : 's'} could not be sent.` : ''}`,
    ...(state === 'synced' || state === 'nothing-to-do'
      ? { lastSuccessAt: at }
      : previous?.lastSuccessAt
        ? { lastSuccessAt: previous.lastSuccessAt }
        : {}),
  };
}

/** "Sent 3 changed invoices.", saying so when Dunning Desk already had some of them as they are. */
function sentSentence(sent: number, alreadyKnown: number): string {
  const plural = sent === 1 ? '' : 's';
  if (alreadyKnown === 0 || alreadyKnown > sent) return `Sent ${sent} changed invoice${plural}.`;
  if (alreadyKnown === sent)
    return `Sent ${sent} invoice${plural}; ${sent === 1 ? 'it was' : 'they were'} already up to date in Dunning Desk.`;
  return `Sent ${sent} changed invoices (${alreadyKnown} ${alreadyKnown === 1 ? 'was' : 'were'} already up to date in Dunning Desk).`;
}

/** " Harbor Coffee is now held as bankrupt (row of INV-1042): nothing more is sent about any of its invoices." */
function heldSentence(held: NonNullable<SyncInvoicesResponse['customersHeld']>): string {
  if (held.length === 0) return '';
  const each = held.map(
    (h) => `${h.customer} as ${h.hold === 'bankruptcy' ? 'bankrupt' : 'not to be contacted'} (${h.invoiceNumber}'s Status)`,
  );
  return ` Now held: ${each.join('; ')}. Nothing more is sent about any of ${held.length === 1 ? 'its' : 'their'} invoices until lifted in the sidebar.`;
}
