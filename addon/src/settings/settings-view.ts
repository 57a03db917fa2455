import { describeIssues } from '../../../shared/api/contract';
import { FIXED_BACKEND_URL } from './fixed-backend';
import type { LedgerCheck, SettingsInput, SettingsView } from '../../../shared/api/settings-contract';
import type { SidebarResult } from '../../../shared/api/sidebar-contract';
import { missingRequired } from '../../../shared/ledger/detect-header';
import { cellString, type ColumnMapping, FIELD_LABELS, LEDGER_FIELDS, type LedgerField } from '../../../shared/ledger/ledger-columns';
import { describeRowIssue } from '../../../shared/ledger/read-ledger';
import { columnLetter } from '../aging/aging-rules';
import { loadLedger } from '../ledger/load-ledger';
import { automationState, setAutomation } from '../server/automation';
import type { AddonPorts } from '../server/ports';
import { readStatus } from '../sync/sync-state';
import { AddonSettings, readSettings, writeSettings } from './addon-settings';

const MAX_UNREADABLE_SHOWN = 50;
// Amount or Balance is also needed (either will do): missingRequired says so when both are absent.
const REQUIRED: ReadonlySet<LedgerField> = new Set(['invoiceNumber', 'dueDate']);

/**
 * What the Settings dialog shows: the settings in effect, the column mapping (saved, or what
 * the header reader detected), the header cells to pick from, and how the ledger reads with
 * them, down to each row it could not read and why. One read of the ledger sheet.
 */
export function settingsView(ports: AddonPorts): SettingsView {
  const properties = ports.PropertiesService.getDocumentProperties();
  const settings = readSettings(properties);
  const spreadsheet = ports.SpreadsheetApp.getActiveSpreadsheet();
  const spreadsheetTimeZone = spreadsheet.getSpreadsheetTimeZone();
  const loaded = loadLedger(ports, settings);
  const sheetName = loaded.ok ? loaded.value.sheetName : (settings.sheetName ?? spreadsheet.getActiveSheet().getName());

  let mapping: ColumnMapping = settings.mapping ?? {};
  let headerRow = settings.headerRow ?? 1;
  let headers: SettingsView['headers'] = [];
  let ledger: LedgerCheck;
  if (loaded.ok) {
    const { readout, values } = loaded.value;
    mapping = readout.header.mapping;
    headerRow = readout.header.rowIndex + 1;
    headers = (values[readout.header.rowIndex] ?? []).map((cell, column) => ({ column, letter: columnLetter(column), text: cellString(cell).trim() }));
    const byRow = new Map<number, string[]>();
    for (const issue of readout.issues) {
      if (issue.severity === 'error') byRow.set(issue.row, [...(byRow.get(issue.row) ?? []), describeRowIssue(issue)]);
    }
    ledger = {
      state: 'read',
      sheetName,
      headerRow,
      invoiceCount: readout.invoices.length,
      unreadable: [...byRow].slice(0, MAX_UNREADABLE_SHOWN).map(([row, reasons]) => ({ row, reasons })),
      unreadableCount: byRow.size,
      warningCount: readout.issues.filter((i) => i.severity === 'warning').length,
    };
  } else {
    ledger = { state: 'unreadable', sheetName, message: loaded.error };
  }

  const status = readStatus(properties);
  return {
    values: {
      sheetName,
      headerRow,
      boundaries: settings.aging.boundaries,
      dueSoonDays: settings.aging.dueSoonDays ?? null,
      currency: settings.currency,
      backendUrl: settings.backendUrl ?? '',
      statusColumns: settings.statusColumns,
    },
    backendUrlFixed: FIXED_BACKEND_URL !== undefined,
    mappingSource: settings.mapping ? 'saved' : 'detected',
    fields: LEDGER_FIELDS.map((field) => ({ field, label: FIELD_LABELS[field], column: mapping[field] ?? null, required: REQUIRED.has(field) })),
    headers,
    sheets: spreadsheet.getSheets().filter((s) => !s.isSheetHidden()).map((s) => s.getName()),
    spreadsheetTimeZone,
    ledger,
    automation: automationState(ports),
    lastSync: status ? { at: status.at, state: status.state, message: status.message, failedRows: status.failedRows } : null,
  };
}

/** Form field names for the stored settings' paths: `aging.boundaries` is the Boundaries box. */
function formField(path: string): string {
  return path.replace(/^aging\./, '');
}

/**
 * Validates the form with the stored settings' schema plus what only the sheet can say (the
 * sheet exists, each required column is mapped, no column holds two facts). Any refusal names
 * the form field and the reason, and nothing is saved. Automatic sync (the edit and hourly
 * triggers) is on exactly when a backend is set.
 */
export function saveSettingsFromForm(ports: AddonPorts, input: SettingsInput): SidebarResult<SettingsView> {
  const spreadsheet = ports.SpreadsheetApp.getActiveSpreadsheet();
  const fields: Record<string, string> = {};
  const sheetName = input.sheetName.trim();
  if (!spreadsheet.getSheetByName(sheetName)) fields.sheetName = `there is no sheet named "${sheetName}"`;

  const mapping: ColumnMapping = {};
  const claimed = new Map<number, LedgerField>();
  for (const [key, column] of Object.entries(input.mapping)) {
    if (column === null) continue;
    if (!(LEDGER_FIELDS as readonly string[]).includes(key)) {
      fields[`mapping.${key}`] = 'is not a ledger column Dunning Desk knows';
      continue;
    }
    const field = key as LedgerField;
    const other = claimed.get(column);
    if (other) fields[`mapping.${field}`] = `column ${columnLetter(column)} is already ${FIELD_LABELS[other]}`;
    claimed.set(column, field);
    mapping[field] = column;
  }
  const missing = missingRequired(mapping);
  if (missing.length > 0) fields.mapping = `needs a column for ${missing.join(', ')}`;

  const candidate = {
    sheetName,
    headerRow: input.headerRow,
    mapping,
    aging: { boundaries: input.boundaries, ...(input.dueSoonDays !== null && { dueSoonDays: input.dueSoonDays }) },
    currency: input.currency.trim().toUpperCase(),
    ...(input.backendUrl.trim() && { backendUrl: input.backendUrl.trim() }),
    statusColumns: input.statusColumns,
  };
  const parsed = AddonSettings.safeParse(candidate);
  if (!parsed.success) for (const issue of describeIssues(parsed.error)) fields[formField(issue.path)] ??= issue.message;
  if (Object.keys(fields).length > 0) {
    return { ok: false, error: { code: 'invalid', message: 'Nothing was saved: fix the fields marked below.', fields } };
  }

  const saved = writeSettings(ports.PropertiesService.getDocumentProperties(), candidate);
  if (!saved.ok) return { ok: false, error: { code: 'invalid', message: saved.error } };
  const automation = setAutomation(ports, Boolean(saved.value.backendUrl));
  if (!automation.ok) return { ok: false, error: { code: 'triggers', message: `Settings were saved, but automatic sync could not be set up: ${automation.error}` } };
  return { ok: true, data: settingsView(ports) };
}
