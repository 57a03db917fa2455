import { err, ok, type Result } from '../result';
import { cellString, type ColumnMapping, FIELD_LABELS, fieldForHeader } from './ledger-columns';

export interface DetectedHeader {
  /** 0-based index of the header row in the values passed in. */
  rowIndex: number;
  mapping: ColumnMapping;
  /** Header cells that name no field we know ("Notes"): shown so the user can map them. */
  unrecognized: { column: number; header: string }[];
}

/** How far down to look: exports put a title, a date and blank rows above the headers. */
const MAX_HEADER_SEARCH_ROWS = 30;


/**
 * Finds the row that names the most ledger fields within the first rows, and maps each column
 * by its header. The first column claiming a field wins, so a later "Total" does not
 * displace "Amount". The error says which required columns could not be found.
 */
export function detectHeader(rows: readonly (readonly unknown[])[]): Result<DetectedHeader> {
  let best: DetectedHeader | undefined;
  let bestScore = 0;
  const limit = Math.min(rows.length, MAX_HEADER_SEARCH_ROWS);
  for (let r = 0; r < limit; r += 1) {
    const row = rows[r] ?? [];
    const mapping: ColumnMapping = {};
    const unrecognized: DetectedHeader['unrecognized'] = [];
    let score = 0;
    row.forEach((cell, column) => {
      const field = fieldForHeader(cell);
      if (field && mapping[field] === undefined) {
        mapping[field] = column;
        score += 1;
      } else if (cellString(cell).trim() !== '') {
        unrecognized.push({ column, header: cellString(cell).trim() });
      }
    });
    if (score > bestScore) {
      bestScore = score;
      best = { rowIndex: r, mapping, unrecognized };
    }
  }
  if (!best || bestScore < 3) {
    return err(`No header row found in the first ${MAX_HEADER_SEARCH_ROWS} rows: expected columns such as Invoice number, Customer, Due date and Amount or Balance.`);
  }
  const missing = missingRequired(best.mapping);
  if (missing.length > 0) return err(`Header row ${best.rowIndex + 1} has no column for ${missing.join(', ')}.`);
  return ok(best);
}

/** Names of the required columns a mapping lacks, for the error and the settings dialog. */
export function missingRequired(mapping: ColumnMapping): string[] {
  const missing: string[] = [];
  if (mapping.invoiceNumber === undefined) missing.push(FIELD_LABELS.invoiceNumber);
  // Without a due date column, invoice date plus terms still tell when it fell due.
  if (mapping.dueDate === undefined && (mapping.invoiceDate === undefined || mapping.terms === undefined)) {
    missing.push(FIELD_LABELS.dueDate);
  }
  if (mapping.amount === undefined && mapping.balance === undefined) missing.push('Amount or Balance');
  if (mapping.customer === undefined) missing.push('Customer');
  return missing;
}
