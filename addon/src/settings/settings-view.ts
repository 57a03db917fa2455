import { describeIssues } from '../../../shared/api/contract';
import { FIXED_BACKEND_URL } from './fixed-backend';
import type { LedgerCheck, SettingsInput, SettingsView } from '../../../shared/api/settings-contract';
import type { SidebarResult } from '../../../shared/api/sidebar-contract';
import { missingRequired } from '../../../shared/ledger/detect-header';
import { cellString, type ColumnMapping, FIELD_LABELS, LEDGER_FIELDS, type LedgerField } from '../../../shared/ledger/ledger-columns';
import { describeRowIssue, type LedgerReadout, SKIPPED_KIND_WORDS } from '../../../shared/ledger/read-ledger';
import { formatMoney } from '../../../shared/money/money';
import { STATUS_MEANINGS, type StatusMeaning } from '../../../shared/ledger/paid-and-status';
import { err, ok, type Result } from '../../../shared/result';
import { columnLetter } from '../aging/aging-rules';
import { type LoadedLedger, loadLedger } from '../ledger/load-ledger';
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
export function settingsView(ports: AddonPorts, unsaved?: AddonSettings): SettingsView {
  const properties = ports.PropertiesService.getDocumentProperties();
  const settings = unsaved ?? readSettings(properties);
  const spreadsheet = ports.SpreadsheetApp.getActiveSpreadsheet();
  const loaded = loadLedger(ports, settings);
  const sheetName = loaded.ok ? loaded.value.sheetName : (settings.sheetName ?? spreadsheet.getActiveSheet().getName());
  const read = loaded.ok ? ledgerAsRead(loaded.value, sheetName) : ledgerUnread(spreadsheet, settings, sheetName, loaded.error);

  const status = readStatus(properties);
  return {
    values: {
      sheetName,
      headerRow: read.headerRow,
      boundaries: settings.aging.boundaries,
      dueSoonDays: settings.aging.dueSoonDays ?? null,
      currency: settings.currency,
      backendUrl: settings.backendUrl ?? '',
      statusColumns: settings.statusColumns,
      dateOrder: settings.dateOrder ?? 'auto',
      decimalSeparator: settings.decimalSeparator ?? 'auto',
      statusWords: Object.entries(settings.statusWords ?? {})
        .map(([word, meaning]) => `${word} = ${STATUS_MEANINGS[meaning]}`)
        .join('\n'),
    },
    notes: read.notes,
    preview: read.preview,
    backendUrlFixed: FIXED_BACKEND_URL !== undefined,
    mappingSource: settings.mapping ? 'saved' : 'detected',
    fields: LEDGER_FIELDS.map((field) => ({
      field,
      label: FIELD_LABELS[field],
      column: (read.mapping ?? settings.mapping ?? {})[field] ?? null,
      required: REQUIRED.has(field),
    })),
    headers: read.headers,
    sheets: spreadsheet
      .getSheets()
      .filter((s) => !s.isSheetHidden())
      .map((s) => s.getName()),
    spreadsheetTimeZone: spreadsheet.getSpreadsheetTimeZone(),
    ledger: read.ledger,
    automation: automationState(ports),
    lastSync: status ? { at: status.at, state: status.state, message: status.message, failedRows: status.failedRows } : null,
  };
}

interface LedgerPart {
  ledger: LedgerCheck;
  headerRow: number;
  headers: SettingsView['headers'];
  /** The columns as read; absent when the ledger could not be read (the saved ones, if any, are shown). */
  mapping?: ColumnMapping;
  notes: string[];
  preview: SettingsView['preview'];
}

const headerCells = (cells: readonly unknown[]): SettingsView['headers'] =>
  cells.map((cell, column) => ({ column, letter: columnLetter(column), text: cellString(cell).trim() }));

/** How the ledger read: its header, each row it could not read and why, the first rows as read. */
function ledgerAsRead({ readout, values, locale }: LoadedLedger, sheetName: string): LedgerPart {
  const byRow = new Map<number, string[]>();
  for (const issue of readout.issues) {
    if (issue.severity === 'error') byRow.set(issue.row, [...(byRow.get(issue.row) ?? []), describeRowIssue(issue)]);
  }
  const headerRow = readout.header.rowIndex + 1;
  return {
    ledger: {
      state: 'read',
      sheetName,
      headerRow,
      invoiceCount: readout.invoices.length,
      unreadable: [...byRow].slice(0, MAX_UNREADABLE_SHOWN).map(([row, reasons]) => ({ row, reasons })),
      unreadableCount: byRow.size,
      warningCount: readout.issues.filter((i) => i.severity === 'warning').length,
    },
    headerRow,
    headers: headerCells(values[readout.header.rowIndex] ?? []),
    mapping: readout.header.mapping,
    notes: readout.notes.map((n) => n.text),
    preview: previewRows(readout, locale),
  };
}

/** No header found: the chosen row's cells (row 1 until one is chosen) are offered, so the columns can be mapped by hand. */
function ledgerUnread(
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet,
  settings: AddonSettings,
  sheetName: string,
  message: string,
): LedgerPart {
  const headerRow = settings.headerRow ?? 1;
  const sheet = spreadsheet.getSheetByName(sheetName);
  const cells =
    sheet && sheet.getLastRow() >= headerRow && sheet.getLastColumn() > 0
      ? (sheet.getRange(headerRow, 1, 1, sheet.getLastColumn()).getValues()[0] ?? [])
      : [];
  return { ledger: { state: 'unreadable', sheetName, message }, headerRow, headers: headerCells(cells), notes: [], preview: [] };
}

const PREVIEW_ROWS = 6;

/** The first rows below the header, each as the reader took it, so a wrong mapping shows before it is saved. */
function previewRows(readout: LedgerReadout, locale: string): SettingsView['preview'] {
  const first = readout.header.rowIndex + 2;
  const rows: SettingsView['preview'] = [];
  for (let row = first; rows.length < PREVIEW_ROWS && row < first + 50; row += 1) {
    const invoice = readout.invoices.find((i) => i.row === row);
    const skipped = readout.skipped.find((s) => s.row === row);
    const issues = readout.issues.filter((i) => i.row === row && i.severity === 'error');
    if (invoice) {
      rows.push({
        row,
        read: `${invoice.invoiceNumber} · ${invoice.customer} · due ${invoice.dueDate} · balance ${formatMoney(invoice.balance, locale)} · ${invoice.status.replace(/_/g, ' ')}`,
      });
    } else if (skipped && skipped.reason !== 'blank') {
      rows.push({ row, read: `skipped: ${SKIPPED_KIND_WORDS[skipped.reason]}` });
    } else if (issues.length > 0) {
      rows.push({ row, read: `not read: ${issues.map(describeRowIssue).join('; ')}` });
    }
  }
  return rows;
}

/** Form field names for the stored settings' paths: `aging.boundaries` is the Boundaries box. */
function formField(path: string): string {
  return path.replace(/^aging\./, '');
}

/** "with lawyer = on hold", one a line, as stored words; the first line that is not one is named. */
function statusWordsFromForm(text: string): Result<Record<string, StatusMeaning>> {
  const words: Record<string, StatusMeaning> = {};
  const meanings = Object.entries(STATUS_MEANINGS) as [StatusMeaning, string][];
  const lines = text.split('\n');
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const parts = /^(.+?)\s*=\s*(.+)$/.exec(line);
    if (!parts) return err(`line ${i + 1}: write it as "word = meaning", for example "with lawyer = on hold"`);
    const said = (parts[2] ?? '').trim().toLowerCase();
    const meaning = meanings.find(([key, label]) => label === said || key === said)?.[0];
    if (!meaning)
      return err(
        `line ${i + 1}: "${(parts[2] ?? '').trim().slice(0, 40)}" is not a meaning (${meanings.map(([, label]) => label).join(', ')})`,
      );
    const word = (parts[1] ?? '').trim();
    if (word.length > 40) return err(`line ${i + 1}: a status word is at most 40 characters`);
    words[word] = meaning;
  }
  return ok(words);
}

/**
 * The form as settings: validated with the stored settings' schema plus what only the sheet can
 * say (the sheet exists, each required column is mapped, no column holds two facts). Each
 * refusal names the form field and the reason.
 */
function settingsFromForm(
  ports: AddonPorts,
  input: SettingsInput,
): { settings: AddonSettings; fields?: undefined } | { fields: Record<string, string> } {
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
  const statusWords = statusWordsFromForm(input.statusWords);
  if (!statusWords.ok) fields.statusWords = statusWords.error;

  const candidate = {
    sheetName,
    ...(input.headerRow !== null && { headerRow: input.headerRow }),
    mapping,
    aging: { boundaries: input.boundaries, ...(input.dueSoonDays !== null && { dueSoonDays: input.dueSoonDays }) },
    currency: input.currency.trim().toUpperCase(),
    ...(input.backendUrl.trim() && { backendUrl: input.backendUrl.trim() }),
    statusColumns: input.statusColumns,
    ...(input.dateOrder !== 'auto' && { dateOrder: input.dateOrder }),
    ...(input.decimalSeparator !== 'auto' && { decimalSeparator: input.decimalSeparator }),
    ...(statusWords.ok && Object.keys(statusWords.value).length > 0 && { statusWords: statusWords.value }),
  };
  const parsed = AddonSettings.safeParse(candidate);
  if (!parsed.success) for (const issue of describeIssues(parsed.error)) fields[formField(issue.path)] ??= issue.message;
  return Object.keys(fields).length > 0 || !parsed.success ? { fields } : { settings: parsed.data };
}

/**
 * Saves the form, or names each refused field and saves nothing. Automatic sync (the edit and
 * hourly triggers) is on exactly when a backend is set.
 */
export function saveSettingsFromForm(ports: AddonPorts, input: SettingsInput): SidebarResult<SettingsView> {
  const form = settingsFromForm(ports, input);
  if (form.fields)
    return { ok: false, error: { code: 'invalid', message: 'Nothing was saved: fix the fields marked below.', fields: form.fields } };

  const saved = writeSettings(ports.PropertiesService.getDocumentProperties(), form.settings);
  if (!saved.ok) return { ok: false, error: { code: 'invalid', message: saved.error } };
  const automation = setAutomation(ports, Boolean(saved.value.backendUrl));
  if (!automation.ok)
    return {
      ok: false,
      error: { code: 'triggers', message: `Settings were saved, but automatic sync could not be set up: ${automation.error}` },
    };
  return { ok: true, data: settingsView(ports) };
}

/**
 * How the ledger would read with the form as it stands, before anything is saved: the header
 * row's cells, the rows it could not read and the first rows as read. A mapping still missing a
 * required column previews with what it has, so the rows show what is left to pick.
 */
export function previewSettingsFromForm(ports: AddonPorts, input: SettingsInput): SidebarResult<SettingsView> {
  const form = settingsFromForm(ports, input);
  if (!form.fields) return { ok: true, data: settingsView(ports, form.settings) };
  const { mapping: _incomplete, ...others } = form.fields;
  if (Object.keys(others).length > 0)
    return {
      ok: false,
      error: { code: 'invalid', message: 'Fix the fields marked below to see the ledger read with them.', fields: form.fields },
    };
  // Only the mapping is incomplete: read with the header row alone (detected), showing its cells to
  // pick from; the header row is the form's, or found on the sheet when the form leaves it open.
  const { mapping: _partial, headerRow: _saved, ...rest } = readSettings(ports.PropertiesService.getDocumentProperties());
  const sheetName = input.sheetName.trim();
  return { ok: true, data: settingsView(ports, { ...rest, sheetName, ...(input.headerRow !== null && { headerRow: input.headerRow }) }) };
}
