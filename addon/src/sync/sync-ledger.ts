import { type InvoiceSnapshot, MAX_SYNC_BATCH, type SheetFacts, SyncInvoicesResponse } from '../../../shared/api/contract';
import { cellString } from '../../../shared/ledger/ledger-columns';
import { describeRowIssue } from '../../../shared/ledger/read-ledger';
import { err, ok, type Result } from '../../../shared/result';
import { callBackend } from '../backend/backend-client';
import { loadLedger } from '../ledger/load-ledger';
import { readSettings } from '../settings/addon-settings';
import { type AddonPorts, withDocumentLock } from '../server/ports';
import { digest64, invoiceFingerprint, snapshotOf } from './fingerprint';
import { type FailedRow, readCursor, readStatus, saveCursor, saveStatus, type SyncStatus } from './sync-state';
import { readSyncStore, type StoredFingerprint, writeSyncStore } from './sync-store';

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
}

interface Chunk {
  invoices: InvoiceSnapshot[];
  fingerprints: string[];
}

/** Greedy chunks by count and bytes; the same plan always gives the same chunks, so a resumed run skips exactly what was confirmed. */
function chunk(invoices: readonly InvoiceSnapshot[], fingerprints: readonly string[]): Chunk[] {
  const chunks: Chunk[] = [];
  let current: Chunk = { invoices: [], fingerprints: [] };
  let bytes = 0;
  invoices.forEach((invoice, i) => {
    const size = JSON.stringify(invoice).length + 1;
    if (current.invoices.length >= MAX_SYNC_BATCH || (current.invoices.length > 0 && bytes + size > MAX_CHUNK_BYTES)) {
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
    if (m) out.set(Number(m[1]), `${m[2] ?? 'invoice'} ${issue.message}`);
  }
  return out;
}

/**
 * Pushes the ledger's invoices to the backend, sending only those whose facts changed since
 * they were last confirmed (fingerprints in the hidden sync sheet). Under the document lock, so
 * an edit trigger and the hourly trigger never overlap. Chunks of at most 500 invoices carry a
 * request id derived from their content, so a chunk resent after a crash is answered from the
 * backend's idempotency record. After each confirmed chunk the cursor is saved (a property,
 * not a sheet write): a run killed at any point resumes after the last confirmed chunk, and a
 * run that reaches 4.5 minutes stops and leaves the rest to the next one. A chunk the backend
 * refuses for some invoices is resent without them, and each refused row is reported.
 */
export function syncLedger(ports: AddonPorts, options: SyncOptions): Result<SyncStatus> {
  const properties = ports.PropertiesService.getDocumentProperties();
  const settings = readSettings(properties);
  if (!settings.backendUrl) return err('No backend is set up yet. Add its address in Dunning Desk > Settings.');
  const baseUrl = settings.backendUrl;

  const locked = withDocumentLock(ports, (): Result<SyncStatus> => {
    const loaded = loadLedger(ports, settings);
    if (!loaded.ok) return loaded;
    const { spreadsheet, readout } = loaded.value;
    const ledgerId = spreadsheet.getId();
    const only = options.rows ? new Set(options.rows) : undefined;
    const inScope = (row: number) => !only || only.has(row);

    const failed: FailedRow[] = [];
    const errorRows = new Map<number, string[]>();
    for (const issue of readout.issues) {
      if (issue.severity !== 'error' || !inScope(issue.row)) continue;
      errorRows.set(issue.row, [...(errorRows.get(issue.row) ?? []), describeRowIssue(issue)]);
    }
    const values = loaded.value.values;
    const numberColumn = readout.header.mapping.invoiceNumber;
    for (const [row, reasons] of errorRows) {
      const number = numberColumn === undefined ? '' : cellString(values[row - 1]?.[numberColumn]).trim();
      failed.push({ row, invoiceNumber: number, reason: `not sent: ${reasons.join('; ')}` });
    }

    const store = readSyncStore(spreadsheet);
    const changed: InvoiceSnapshot[] = [];
    const prints: string[] = [];
    let unchanged = 0;
    for (const invoice of readout.invoices) {
      if (!inScope(invoice.row)) continue;
      const snapshot = snapshotOf(invoice);
      const print = invoiceFingerprint(snapshot);
      if (store.get(invoice.invoiceNumber)?.fingerprint === print) unchanged += 1;
      else {
        changed.push(snapshot);
        prints.push(print);
      }
    }

    const plan = digest64(changed.map((s, i) => `${s.invoiceNumber}:${s.row}:${prints[i] ?? ''}`).join('\n'));
    const cursor = readCursor(properties);
    const chunks = chunk(changed, prints);
    let done = 0;
    let skipChunks = 0;
    // Resume: the same plan means the first `done` invoices already reached the backend.
    const resuming = Boolean(cursor && cursor.plan === plan && !only);
    // Request ids name this ledger, this plan and the run that began it: a resumed run repeats
    // them (and is answered from the backend's idempotency record), while a later run with the
    // same content (a value changed and changed back) is new work, not a replay.
    const runStartedAt = resuming && cursor ? cursor.startedAt : new Date(options.startedAt).toISOString();
    // The spreadsheet's zone and currency go with every chunk (the backend keeps its own zone once
    // it has one); they are part of the key, so a resumed run never repeats an id with other facts.
    const sheet: SheetFacts = { timeZone: spreadsheet.getSpreadsheetTimeZone(), currency: settings.currency };
    const runKey = digest64(`${ledgerId}\n${plan}\n${runStartedAt}\n${sheet.timeZone}\n${sheet.currency}`);
    if (resuming && cursor) {
      for (const c of chunks) {
        if (done + c.invoices.length > cursor.done) break;
        done += c.invoices.length;
        skipChunks += 1;
      }
    }

    const nowIso = () => new Date(ports.now()).toISOString();
    const confirmed = new Map<string, StoredFingerprint>();
    const confirm = (c: Chunk, except: ReadonlySet<number> = new Set()) =>
      c.invoices.forEach((inv, i) => {
        if (!except.has(i)) confirmed.set(inv.invoiceNumber, { fingerprint: c.fingerprints[i] ?? '', sentAt: nowIso() });
      });
    chunks.slice(0, skipChunks).forEach((c) => confirm(c));

    let stopped: string | undefined;
    let sent = 0;
    // Customers the backend held because a row's Status says Bankrupt or Do not contact: said in the outcome.
    const held: NonNullable<SyncInvoicesResponse['customersHeld']> = [];
    // A chunk is started only if, taking as long as the slowest one so far, it ends within the budget.
    let slowestChunkMs = 0;
    for (let index = skipChunks; index < chunks.length; index += 1) {
      const current = chunks[index] as Chunk;
      const chunkStart = ports.now();
      if (chunkStart + slowestChunkMs - options.startedAt > (options.budgetMs ?? SYNC_TIME_BUDGET_MS)) {
        stopped = 'time';
        break;
      }
      const requestId = `sync-${runKey}-${index}`;
      let answer = callBackend(
        ports,
        baseUrl,
        { method: 'post', path: '/v1/invoices/sync', body: { requestId, ledgerId, sheet, invoices: current.invoices } },
        SyncInvoicesResponse,
      );
      let refused = new Map<number, string>();
      if (!answer.ok && answer.failure.status === 400) {
        refused = rejectedIndexes(answer.failure.issues);
        const rest = current.invoices.filter((_, i) => !refused.has(i));
        if (refused.size > 0 && rest.length > 0) {
          answer = callBackend(
            ports,
            baseUrl,
            { method: 'post', path: '/v1/invoices/sync', body: { requestId: `${requestId}-r`, ledgerId, sheet, invoices: rest } },
            SyncInvoicesResponse,
          );
        } else if (refused.size === 0) {
          refused = new Map(current.invoices.map((_, i) => [i, answer.ok ? '' : answer.failure.message]));
        }
      }
      if (!answer.ok && refused.size < current.invoices.length) {
        stopped = answer.failure.message;
        break;
      }
      if (answer.ok) held.push(...(answer.value.customersHeld ?? []));
      for (const [i, reason] of refused) {
        const inv = current.invoices[i];
        if (inv) failed.push({ row: inv.row, invoiceNumber: inv.invoiceNumber, reason: `refused by the backend: ${reason}` });
      }
      confirm(current, new Set(refused.keys()));
      sent += current.invoices.length - refused.size;
      done += current.invoices.length;
      if (!only) saveCursor(properties, { plan, done, total: changed.length, startedAt: runStartedAt });
      slowestChunkMs = Math.max(slowestChunkMs, ports.now() - chunkStart);
    }

    const merged = new Map(store);
    if (!only) {
      // Invoices no longer on the ledger (rows deleted) are forgotten; the backend keeps their history.
      const present = new Set(readout.invoices.map((i) => i.invoiceNumber));
      for (const key of merged.keys()) if (!present.has(key)) merged.delete(key);
    }
    for (const [key, value] of confirmed) merged.set(key, value);
    if (confirmed.size > 0 || merged.size !== store.size) writeSyncStore(spreadsheet, merged);
    const remaining = changed.length - done;
    if (!only && remaining === 0) saveCursor(properties, undefined);

    failed.sort((a, b) => a.row - b.row);
    const previous = readStatus(properties);
    const state: SyncStatus['state'] =
      stopped && stopped !== 'time'
        ? sent > 0
          ? 'partial'
          : 'failed'
        : remaining > 0
          ? 'partial'
          : changed.length === 0 && failed.length === 0
            ? 'nothing-to-do'
            : 'synced';
    const message =
      stopped === 'time'
        ? `Sent ${sent} invoices; ${remaining} more will go at the next hourly sync (or Sync now).`
        : stopped
          ? `${stopped} Sent ${sent}; ${remaining} still to send.`
          : changed.length === 0
            ? 'Everything was already up to date.'
            : `Sent ${sent} changed invoice${sent === 1 ? '' : 's'}.`;
    const status: SyncStatus = {
      at: nowIso(),
      trigger: options.trigger,
      state,
      sent,
      unchanged,
      remaining,
      failedRows: failed,
      failedRowCount: failed.length,
      message: `${message}${heldSentence(held)}${failed.length > 0 ? ` ${failed.length} row${failed.length === 1 ? '' : 's'} could not be sent.` : ''}`,
      ...(state === 'synced' || state === 'nothing-to-do'
        ? { lastSuccessAt: nowIso() }
        : previous?.lastSuccessAt
          ? { lastSuccessAt: previous.lastSuccessAt }
          : {}),
    };
    saveStatus(properties, status);
    return ok(status);
  });
  return locked.ok ? locked.value : err(locked.error);
}

/** " Harbor Coffee is now held as bankrupt (row of INV-1042): nothing more is sent about any of its invoices." */
function heldSentence(held: NonNullable<SyncInvoicesResponse['customersHeld']>): string {
  if (held.length === 0) return '';
  const each = held.map(
    (h) => `${h.customer} as ${h.hold === 'bankruptcy' ? 'bankrupt' : 'not to be contacted'} (${h.invoiceNumber}'s Status)`,
  );
  return ` Now held: ${each.join('; ')}. Nothing more is sent about any of ${held.length === 1 ? 'its' : 'their'} invoices until lifted in the sidebar.`;
}
