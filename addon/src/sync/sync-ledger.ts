import type { InvoiceSnapshot } from '../../../shared/api/contract';
import type { LedgerReadout } from '../../../shared/ledger/read-ledger';
import { err, ok, type Result } from '../../../shared/result';
import { loadLedger } from '../ledger/load-ledger';
import { readSettings } from '../settings/addon-settings';
import { type AddonPorts, withDocumentLock } from '../server/ports';
import { invoiceFingerprint, snapshotOf } from './fingerprint';
import { readingKey, saveShape, shapeOf } from './ledger-shape';
import { rowsNotSent, sendInvoices, type SyncOptions } from './sync-run';
import type { SyncStatus } from './sync-state';
import { readSyncStore, type StoredFingerprint, type SyncStore, writeSyncStore } from './sync-store';

export { SYNC_TIME_BUDGET_MS, type SyncOptions } from './sync-run';

/**
 * Pushes the ledger's invoices to the backend, sending only those whose facts changed since
 * they were last confirmed (fingerprints in the hidden sync sheet). Under the document lock, so
 * an edit trigger and the hourly trigger never overlap. Chunks of at most 500 invoices carry a
 * request id derived from their content, so a chunk resent after a crash is answered from the
 * backend's idempotency record. After each confirmed chunk the cursor is saved (a property,
 * not a sheet write): a run killed at any point resumes after the last confirmed chunk, and a
 * run that reaches 4.5 minutes stops and leaves the rest to the next one. A chunk the backend
 * refuses for some invoices is resent without them, and each refused row is reported. Having
 * read the whole ledger, it saves the ledger's shape, which lets an edit read only its own rows.
 */
export function syncLedger(ports: AddonPorts, options: SyncOptions): Result<SyncStatus> {
  const properties = ports.PropertiesService.getDocumentProperties();
  const settings = readSettings(properties);
  if (!settings.backendUrl) return err('No backend is set up yet. Add its address in Dunning Desk > Settings.');
  const baseUrl = settings.backendUrl;

  const locked = withDocumentLock(ports, (): Result<SyncStatus> => {
    const loaded = loadLedger(ports, settings);
    if (!loaded.ok) return loaded;
    const { spreadsheet, readout, values, sheetName, locale } = loaded.value;
    const only = options.rows ? new Set(options.rows) : undefined;
    const inScope = (row: number) => !only || only.has(row);
    saveShape(properties, shapeOf(readout, values, sheetName, readingKey(settings, sheetName, locale)));

    const failed = rowsNotSent(readout.issues, readout.header.mapping.invoiceNumber, (row) => values[row - 1], inScope);
    const store = readSyncStore(spreadsheet);
    const { changed, prints, unchanged } = changedInvoices(readout, store.fingerprints, inScope);
    const work = {
      ledgerId: spreadsheet.getId(),
      sheet: { timeZone: spreadsheet.getSpreadsheetTimeZone(), currency: settings.currency },
      changed,
      prints,
      unchanged,
      failed,
    };
    const { status, confirmed } = sendInvoices(ports, baseUrl, work, options, Boolean(only));
    rememberConfirmed(spreadsheet, store, confirmed, only ? undefined : readout.invoices);
    return ok(status);
  });
  return locked.ok ? locked.value : err(locked.error);
}

/** The invoices whose facts differ from the fingerprint last confirmed, with their new fingerprints. */
function changedInvoices(readout: LedgerReadout, store: ReadonlyMap<string, StoredFingerprint>, inScope: (row: number) => boolean) {
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
  return { changed, prints, unchanged };
}

/**
 * The fingerprints confirmed by the backend, kept in the hidden sync sheet. On a whole-ledger run
 * (`present` given), invoices no longer on the ledger (rows deleted) are forgotten; the backend
 * keeps their history. Rows appended by edits are folded in whenever the store is rewritten.
 */
function rememberConfirmed(
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet,
  store: SyncStore,
  confirmed: ReadonlyMap<string, StoredFingerprint>,
  present: readonly { invoiceNumber: string }[] | undefined,
): void {
  const merged = new Map(store.fingerprints);
  if (present) {
    const numbers = new Set(present.map((i) => i.invoiceNumber));
    for (const key of merged.keys()) if (!numbers.has(key)) merged.delete(key);
  }
  for (const [key, value] of confirmed) merged.set(key, value);
  const stale = present !== undefined && store.rows > store.fingerprints.size;
  if (confirmed.size > 0 || merged.size !== store.fingerprints.size || stale) writeSyncStore(spreadsheet, merged);
}
