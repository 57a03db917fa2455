/**
 * The edit trigger's sync: it reads the edited rows and the header row, not the ledger, so an
 * edit costs the same on a ledger of 100 rows or 100,000 (Apps Script's trigger quota is per
 * day, and a busy team edits all day). What the rows mean comes from the ledger's shape, which
 * the last whole-ledger sync saved. Where the rows alone cannot be trusted it says so:
 * - the header row was edited, moved or changed: the edit waits for the hourly sync, which reads
 *   the whole ledger again (and the status says so);
 * - no shape yet, other reading settings or locale since, a paste of many rows, or an edited
 *   invoice number found on another row too: the whole ledger is read now, as every edit was
 *   before, since only the whole ledger tells which of two rows keeps a number.
 * Rows inserted or deleted fire no edit; the hourly sync sends the rows that moved.
 */
import { readLedgerRows } from '../../../shared/ledger/read-ledger';
import { err, ok, type Result } from '../../../shared/result';
import { escapeRegExp } from '../../../shared/text';
import { ledgerOptions } from '../ledger/load-ledger';
import { type AddonSettings, readSettings } from '../settings/addon-settings';
import { type AddonPorts, withDocumentLock } from '../server/ports';
import { invoiceFingerprint, snapshotOf } from './fingerprint';
import { headerText, type LedgerShape, readingKey, readShape, shapeWidth } from './ledger-shape';
import { syncLedger } from './sync-ledger';
import { rowsNotSent, sendInvoices } from './sync-run';
import { readStatus, saveStatus, type SyncStatus } from './sync-state';
import { appendToSyncStore } from './sync-store';

/** More rows than this in one edit (a paste): the whole ledger is read, since each number is looked for elsewhere. */
export const EDIT_ROWS_READ_ALONE = 50;

export interface Edit {
  sheet: GoogleAppsScript.Spreadsheet.Sheet;
  row: number;
  numRows: number;
  column: number;
}

type Reading =
  | { kind: 'rows'; work: EditedRows }
  /** `rows`: the edited rows left for the hourly sync (those below the header). */
  | { kind: 'wait'; why: string; rows: number }
  | { kind: 'whole-ledger' }
  | { kind: 'nothing'; why: string };

interface EditedRows {
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet;
  /** The spreadsheet's zone, as the rows were read in it. */
  timeZone: string;
  read: ReturnType<typeof readLedgerRows>;
  values: unknown[][];
  numberColumn: number | undefined;
}

export function syncEdit(ports: AddonPorts, edit: Edit): Result<SyncStatus> {
  const properties = ports.PropertiesService.getDocumentProperties();
  const settings = readSettings(properties);
  if (!settings.backendUrl) return err('No backend is set up yet. Add its address in Dunning Desk > Settings.');
  const baseUrl = settings.backendUrl;
  const startedAt = ports.now();
  const rows = Array.from({ length: edit.numRows }, (_, i) => edit.row + i);

  const locked = withDocumentLock(ports, (): Result<SyncStatus | 'whole-ledger'> => {
    const reading = readEdit(ports, settings, edit);
    if (reading.kind === 'whole-ledger') return ok('whole-ledger');
    if (reading.kind !== 'rows') {
      const status = notSent(ports, reading.kind === 'wait' ? { rows: reading.rows } : undefined, reading.why);
      if (reading.kind === 'wait') saveStatus(properties, status);
      return ok(status);
    }
    const { spreadsheet, timeZone, read, values, numberColumn } = reading.work;
    const changed = read.invoices.map(snapshotOf);
    const work = {
      ledgerId: spreadsheet.getId(),
      sheet: { timeZone, currency: settings.currency },
      changed,
      prints: changed.map(invoiceFingerprint),
      unchanged: 0,
      failed: rowsNotSent(read.issues, numberColumn, (row) => values[row - edit.row]),
    };
    const { status, confirmed } = sendInvoices(ports, baseUrl, work, { trigger: 'edit', startedAt, rows }, true);
    appendToSyncStore(spreadsheet, confirmed);
    return ok(status);
  });
  if (!locked.ok) return err(locked.error);
  if (!locked.value.ok || locked.value.value !== 'whole-ledger') return locked.value as Result<SyncStatus>;
  return syncLedger(ports, { trigger: 'edit', startedAt, rows });
}

/**
 * The edited rows read with the saved shape, or why they cannot be. Constant in the ledger's
 * size: the header row, the edited rows across the ledger's columns, and one search of the
 * invoice-number column (done by Sheets, which returns only the matching cells).
 */
function readEdit(ports: AddonPorts, settings: AddonSettings, edit: Edit): Reading {
  const spreadsheet = edit.sheet.getParent();
  const sheetName = edit.sheet.getName();
  const { options, locale } = ledgerOptions(spreadsheet, settings, true);
  const shape = readShape(ports.PropertiesService.getDocumentProperties());
  if (!shape || shape.sheetName !== sheetName || shape.readWith !== readingKey(settings, sheetName, locale))
    return { kind: 'whole-ledger' };
  const width = shapeWidth(shape);
  const outside = "The edit is outside the ledger's invoice rows and columns: nothing to send.";
  if (edit.row + edit.numRows - 1 < shape.headerRow || edit.column > width) return { kind: 'nothing', why: outside };
  if (edit.row <= shape.headerRow)
    return { kind: 'wait', why: headerWhy('was edited'), rows: Math.max(0, edit.row + edit.numRows - 1 - shape.headerRow) };
  if (edit.numRows > EDIT_ROWS_READ_ALONE) return { kind: 'whole-ledger' };
  if (!headerStill(edit.sheet, shape, width)) return { kind: 'wait', why: headerWhy('has moved or changed'), rows: edit.numRows };

  const values = edit.sheet.getRange(edit.row, 1, edit.numRows, width).getValues();
  const read = readLedgerRows(values, edit.row, {
    options,
    headerRow: shape.headerCells,
    mapping: shape.mapping,
    dateOrder: shape.dateOrder,
    decimalSeparator: shape.decimalSeparator,
  });
  const numberColumn = shape.mapping.invoiceNumber;
  if (numberColumn !== undefined) {
    const numbers = [...read.invoices.map((i) => i.invoiceNumber), ...displayedNumbers(edit, numberColumn, read.invoices, values)];
    if (numberedElsewhere(edit.sheet, shape.headerRow, numberColumn, numbers, read.invoices.length)) return { kind: 'whole-ledger' };
  }
  return { kind: 'rows', work: { spreadsheet, timeZone: options.timeZone, read, values, numberColumn } };
}

function headerWhy(what: string): string {
  return `The ledger's header row ${what}, so the edit goes with the next hourly sync (or Sync now), which reads the whole ledger again.`;
}

/** One read of the header row: still where it was, saying what it said. */
function headerStill(sheet: GoogleAppsScript.Spreadsheet.Sheet, shape: LedgerShape, width: number): boolean {
  try {
    const cells = headerText(sheet.getRange(shape.headerRow, 1, 1, width).getValues()[0] ?? []);
    return cells.length === shape.headerCells.length && cells.every((c, i) => c === shape.headerCells[i]);
  } catch {
    // Columns deleted since: the header cannot be where it was.
    return false;
  }
}

/**
 * How the edited rows' invoice numbers that are numbers look in the sheet. Sheets' find matches
 * what cells display and the reader reads what they hold: for a text number the two agree, but
 * a number under a number format displays otherwise ("1,042", "01042"), and a search for "1042"
 * alone would miss another row holding it. Other rows of the column display it the same way
 * when the column has one format, as ledgers do. One read of the edited number cells, and only
 * when one of them holds a number. Only rows read as invoices count: each is one match of its own.
 */
function displayedNumbers(
  edit: Edit,
  numberColumn: number,
  invoices: readonly { row: number }[],
  values: readonly (readonly unknown[])[],
): string[] {
  const cellOf = (row: number) => values[row - edit.row]?.[numberColumn];
  if (!invoices.some((i) => typeof cellOf(i.row) === 'number')) return [];
  const shown = edit.sheet.getRange(edit.row, numberColumn + 1, values.length, 1).getDisplayValues();
  return invoices
    .flatMap((i) => (typeof cellOf(i.row) === 'number' ? [(shown[i.row - edit.row]?.[0] ?? '').trim()] : []))
    .filter((t) => t !== '');
}

/**
 * Whether an edited invoice's number is also on a row outside the edit. Each of the `edited`
 * invoices' own cells matches once (by what it holds or what it displays), so any match beyond
 * those is another row with the number. The pattern allows the spaces the reader trims.
 */
function numberedElsewhere(
  sheet: GoogleAppsScript.Spreadsheet.Sheet,
  headerRow: number,
  numberColumn: number,
  texts: readonly string[],
  edited: number,
): boolean {
  if (edited === 0) return false;
  const numbers = [...new Set(texts)];
  const pattern = `\\s*(?:${numbers.map(escapeRegExp).join('|')})\\s*`;
  const below = sheet.getLastRow() - headerRow;
  if (below < 1) return false;
  const found = sheet
    .getRange(headerRow + 1, numberColumn + 1, below, 1)
    .createTextFinder(pattern)
    .useRegularExpression(true)
    .matchEntireCell(true)
    .matchCase(true)
    .findAll();
  return found.length > edited;
}

/**
 * An edit not sent now, as the status says it: waiting for the hourly sync (partial, even when
 * only the header was edited, since every edit waits until the ledger is read again), or with
 * nothing to send.
 */
function notSent(ports: AddonPorts, waiting: { rows: number } | undefined, why: string): SyncStatus {
  const previous = readStatus(ports.PropertiesService.getDocumentProperties());
  return {
    at: new Date(ports.now()).toISOString(),
    trigger: 'edit',
    state: waiting ? 'partial' : 'nothing-to-do',
    sent: 0,
    unchanged: 0,
    remaining: waiting?.rows ?? 0,
    failedRows: [],
    failedRowCount: 0,
    message: why,
    ...(previous?.lastSuccessAt && { lastSuccessAt: previous.lastSuccessAt }),
  };
}
