/**
 * What was last sent for each invoice (its fingerprint), kept in a hidden sheet: a ledger of
 * 50,000 invoices needs about 1 MB, over the 500 KB that all document properties may hold.
 * Read with one getValues, written with one setValues. Someone who unhides and edits it can
 * only cause a resend, which the backend answers as "unchanged".
 */
export const SYNC_SHEET = 'Dunning Desk sync';
const HEADER = ['Invoice number', 'Fingerprint', 'Sent at'];

export interface StoredFingerprint {
  fingerprint: string;
  sentAt: string;
}

export function readSyncStore(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet): Map<string, StoredFingerprint> {
  const sheet = spreadsheet.getSheetByName(SYNC_SHEET);
  const store = new Map<string, StoredFingerprint>();
  if (!sheet) return store;
  const values = sheet.getDataRange().getValues();
  for (const [invoiceNumber, fingerprint, sentAt] of values.slice(1)) {
    if (typeof invoiceNumber === 'string' && invoiceNumber !== '' && typeof fingerprint === 'string') {
      store.set(invoiceNumber, { fingerprint, sentAt: String(sentAt) });
    }
  }
  return store;
}

export function writeSyncStore(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, store: ReadonlyMap<string, StoredFingerprint>): void {
  let sheet = spreadsheet.getSheetByName(SYNC_SHEET);
  if (!sheet) {
    const active = spreadsheet.getActiveSheet();
    sheet = spreadsheet.insertSheet(SYNC_SHEET);
    sheet.hideSheet();
    spreadsheet.setActiveSheet(active);
  }
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
