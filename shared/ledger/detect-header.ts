import { err, ok, type Result } from '../result';
import { isEmailAddress } from '../text';
import { cellString, type ColumnMapping, FIELD_LABELS, fieldForHeader, fieldsForAmbiguousHeader, type LedgerField } from './ledger-columns';

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
 * displace "Amount". A header that means different things in different ledgers ("Due",
 * "Contact", "Amount Due") takes its first meaning the row leaves free, once every plain header
 * is placed; a "Contact" column of addresses is the email, one of names the customer. The error
 * says which required columns could not be found.
 */
export function detectHeader(rows: readonly (readonly unknown[])[]): Result<DetectedHeader> {
  let best: DetectedHeader | undefined;
  let bestScore = 0;
  const limit = Math.min(rows.length, MAX_HEADER_SEARCH_ROWS);
  for (let r = 0; r < limit; r += 1) {
    const { mapping, unrecognized, score } = mapHeaderRow(rows[r] ?? [], rows.slice(r + 1, r + 21));
    if (score > bestScore) {
      bestScore = score;
      best = { rowIndex: r, mapping, unrecognized };
    }
  }
  if (!best || bestScore < 3) {
    return err(
      `No header row found in the first ${MAX_HEADER_SEARCH_ROWS} rows: expected columns such as Invoice number, Customer, Due date and Amount or Balance. Map the columns by hand in Settings.`,
    );
  }
  const missing = missingRequired(best.mapping);
  if (missing.length > 0) return err(`Header row ${best.rowIndex + 1} has no column for ${missing.join(', ')}.`);
  return ok(best);
}

function mapHeaderRow(row: readonly unknown[], below: readonly (readonly unknown[])[]) {
  const mapping: ColumnMapping = {};
  const unrecognized: DetectedHeader['unrecognized'] = [];
  const ambiguous: { column: number; fields: readonly LedgerField[] }[] = [];
  let score = 0;
  row.forEach((cell, column) => {
    const field = fieldForHeader(cell);
    const fields = fieldsForAmbiguousHeader(cell);
    if (field && mapping[field] === undefined) {
      mapping[field] = column;
      score += 1;
    } else if (fields) {
      ambiguous.push({ column, fields });
    } else if (cellString(cell).trim() !== '') {
      unrecognized.push({ column, header: cellString(cell).trim() });
    }
  });
  for (const { column, fields } of ambiguous) {
    const holdsAddresses = fields.includes('contactEmail') && mostlyAddresses(below.map((r) => r[column]));
    const field = fields.find((f) => mapping[f] === undefined && (f === 'contactEmail') === holdsAddresses);
    if (field) {
      mapping[field] = column;
      score += 1;
    } else {
      unrecognized.push({ column, header: cellString(row[column]).trim() });
    }
  }
  return { mapping, unrecognized, score };
}

/** Whether most filled cells of a column are email addresses (or "Name <address>"). */
function mostlyAddresses(cells: readonly unknown[]): boolean {
  const filled = cells.map((c) => cellString(c).trim()).filter((t) => t !== '');
  const addresses = filled.filter((t) => isEmailAddress(/<([^>]+)>/.exec(t)?.[1] ?? t));
  return filled.length > 0 && addresses.length * 2 > filled.length;
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
