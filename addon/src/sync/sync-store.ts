/**
 * What was last sent for each invoice (its fingerprint), kept in a hidden sheet: a ledger of
 * 50,000 invoices needs about 1 MB, over the 500 KB that all document properties may hold.
 * Read with one getValues, written with one setValues. Someone who unhides and edits it can
 * only cause a resend, which the backend answers as "unchanged".
 */
export const SYNC_SHEET = 'Dunning Desk sync';
const HEADER = ['Invoice number', 'Fingerprint', 'Sent at'];
const APPEND_HEADROOM = 500;

export interface StoredFingerprint {
  fingerprint: string;
  sentAt: string;
}

export interface SyncStore {
  fingerprints: Map<string, StoredFingerprint>;
  /** Rows below the header: more than `fingerprints` holds once edits have appended newer ones. */
  rows: number;
}

/** An invoice listed twice (an edit appended its newer fingerprint) counts by its last row. */
export function readSyncStore(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet): SyncStore {
  const sheet = spreadsheet.getSheetByName(SYNC_SHEET);
  const fingerprints = new Map<string, StoredFingerprint>();
  if (!sheet) return { fingerprints, rows: 0 };
  const values = sheet.getDataRange().getValues().slice(1);
  for (const [invoiceNumber, fingerprint, sentAt] of values) {
    if (typeof invoiceNumber === 'string' && invoiceNumber !== '' && typeof fingerprint === 'string') {
      fingerprints.set(invoiceNumber, { fingerprint, sentAt: String(sentAt) });
    }
  }
  return { fingerprints, rows: values.length };
}

/**
 * An edit's confirmed fingerprints, added below the others without reading them: the same calls
 * whatever the store's size. The next whole-ledger sync rewrites the store without the older rows.
 */
export function appendToSyncStore(
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet,
  added: ReadonlyMap<string, StoredFingerprint>,
): void {
  if (added.size === 0) return;
  const sheet = spreadsheet.getSheetByName(SYNC_SHEET) ?? newStoreSheet(spreadsheet);
  const last = Math.max(sheet.getLastRow(), 1);
  const maxRows = sheet.getMaxRows();
  // Room for this edit and the next few hundred, so most appends insert nothing.
  if (last + added.size > maxRows) sheet.insertRowsAfter(maxRows, last + added.size - maxRows + APPEND_HEADROOM);
  const range = sheet.getRange(last + 1, 1, added.size, HEADER.length);
  range.setNumberFormat('@');
  range.setValues([...added].map(([n, s]) => [n, s.fingerprint, s.sentAt]));
}

function newStoreSheet(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet): GoogleAppsScript.Spreadsheet.Sheet {
  const active = spreadsheet.getActiveSheet();
  const sheet = spreadsheet.insertSheet(SYNC_SHEET);
  sheet.hideSheet();
  spreadsheet.setActiveSheet(active);
  sheet.getRange(1, 1, 1, HEADER.length).setValues([HEADER]);
  return sheet;
}

export function writeSyncStore(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, store: ReadonlyMap<string, StoredFingerprint>): void {
  const sheet = spreadsheet.getSheetByName(SYNC_SHEET) ?? newStoreSheet(spreadsheet);
  const rows = [HEADER, ...[...store.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([n, s]) => [n, s.fingerprint, s.sentAt])];
  // Sized to exactly what is written, with the same calls whatever the size: new rows after the
  // old ones, then the old ones (and what they held) deleted. No branch on the ledger's size.
  const oldRows = sheet.getMaxRows();
  sheet.insertRowsAfter(oldRows, rows.length);
  sheet.deleteRows(1, oldRows);
  // Plain text: "1e5" or "00123" must stay what they are, not turn into numbers.
  const range = sheet.getRange(1, 1, rows.length, HEADER.length);
  range.setNumberFormat('@');
  range.setValues(rows);
}
