/**
 * The add-on's costs per ledger size, on the Apps Script emulation: Spreadsheet service calls
 * per operation (each a round trip to Google in production, so they must not grow with rows),
 * beside a naive color-coding that reads and colors row by row, and the sync's payload. The
 * backend is answered in-process from the API contract (addon/local/contract-transport.ts).
 * Node times are one run each, on this machine; Apps Script's V8 is several times slower.
 */
import { createAppsScriptEnv } from '../../addon/local/apps-script-env';
import { contractTransport } from '../../addon/local/contract-transport';
import { generatedLedgerRows } from '../../addon/local/generated-ledger';
import { importCsv } from '../../addon/local/spreadsheet/csv-import';
import { colorCodeAging } from '../../addon/src/aging/color-code';
import { buildAgingReport } from '../../addon/src/report/aging-report';
import { writeSettings } from '../../addon/src/settings/addon-settings';
import type { AddonPorts } from '../../addon/src/server/ports';
import { ledgerEdited } from '../../addon/src/server/triggers';
import { syncLedger } from '../../addon/src/sync/sync-ledger';
import { agingBuckets, bucketForDays, DEFAULT_AGING, daysPastDue } from '../../shared/aging/aging-buckets';
import { agingPalette } from '../../shared/aging/aging-palette';
import { calendarDateIn } from '../../shared/time/time-zone';

const BACKEND = 'https://bench.execute-api.us-east-1.amazonaws.com';

export interface AddonFigures {
  rows: number;
  operation: string;
  spreadsheetCalls: number;
  naiveCalls?: number;
  urlFetchCalls: number;
  /** Cells whose values came back from Sheets. */
  cellsRead: number;
  bytesSent: number;
  ms: number;
}

/** Color-coding done the naive way: read each row, then color it, one call each. */
function naiveColorCode(ports: AddonPorts): void {
  const spreadsheet = ports.SpreadsheetApp.getActiveSpreadsheet();
  const sheet = spreadsheet.getSheetByName('Ledger');
  if (!sheet) throw new Error('no Ledger sheet');
  const timeZone = spreadsheet.getSpreadsheetTimeZone();
  const today = calendarDateIn(ports.now(), timeZone);
  const buckets = agingBuckets(DEFAULT_AGING);
  const palette = agingPalette(buckets);
  const columns = sheet.getLastColumn();
  const lastRow = sheet.getLastRow();
  for (let row = 2; row <= lastRow; row += 1) {
    const cells: unknown[] = sheet.getRange(row, 1, 1, columns).getValues()[0] ?? [];
    const due = cells[4];
    if (!(due instanceof Date)) continue;
    const bucket = bucketForDays(daysPastDue(calendarDateIn(due.getTime(), timeZone), today), buckets);
    sheet.getRange(row, 1, 1, columns).setBackground(palette.find((c) => c.bucketId === bucket.id)?.background ?? null);
  }
}

export function benchAddon(sizes: readonly number[]): AddonFigures[] {
  const figures: AddonFigures[] = [];
  for (const rows of sizes) {
    const backend = contractTransport();
    const env = createAppsScriptEnv({ transport: backend.transport });
    const sheet = env.spreadsheet.activeSheet;
    sheet.name = 'Ledger';
    sheet.load(importCsv(generatedLedgerRows(rows), env.spreadsheet.locale));
    if (!writeSettings(env.documentProperties, { backendUrl: BACKEND }).ok) throw new Error('settings');
    const ports: AddonPorts = { ...env.globals, now: env.now };

    const measure = (operation: string, work: () => unknown, naive?: () => void) => {
      const sentBefore = backend.log.reduce((sum, r) => sum + r.bytes, 0);
      const started = performance.now();
      const { calls, spreadsheetCalls, cellsRead } = env.run(() => env.counter.measure(work));
      const ms = Math.round(performance.now() - started);
      const bytesSent = backend.log.reduce((sum, r) => sum + r.bytes, 0) - sentBefore;
      const naiveCalls = naive ? env.run(() => env.counter.measure(naive)).spreadsheetCalls : undefined;
      figures.push({
        rows,
        operation,
        spreadsheetCalls,
        ...(naiveCalls !== undefined && { naiveCalls }),
        urlFetchCalls: calls['UrlFetchApp.fetch'] ?? 0,
        cellsRead,
        bytesSent,
        ms,
      });
    };
    measure(
      'color-code aging',
      () => colorCodeAging(ports),
      () => naiveColorCode(ports),
    );
    measure('build aging report', () => buildAgingReport(ports));
    measure('full sync (every invoice)', () => syncLedger(ports, { trigger: 'manual', startedAt: env.now() }));
    measure('hourly sync, nothing changed', () => syncLedger(ports, { trigger: 'hourly', startedAt: env.now() }));
    // The hourly sync above saved the ledger's shape, so an edit reads only its own row.
    const edited = Math.min(rows, 50) + 1;
    sheet.rows[edited - 1]![6] = 0;
    const range = sheet.getRange(edited, 7);
    measure('edit trigger, one row', () => ledgerEdited(ports, { range }));
  }
  return figures;
}

export function addonTable(rows: readonly AddonFigures[]): string {
  const kb = (bytes: number) => (bytes === 0 ? '0' : `${(bytes / 1024).toFixed(1)} KB`);
  return [
    '| rows | operation | Spreadsheet calls | naive, row by row | cells read | UrlFetch calls | bytes sent | Node time (1 run) |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.rows} | ${r.operation} | ${r.spreadsheetCalls} | ${r.naiveCalls === undefined ? '' : `${r.naiveCalls} (${Math.round(r.naiveCalls / r.spreadsheetCalls)}x)`} | ${r.cellsRead} | ${r.urlFetchCalls} | ${kb(r.bytesSent)} | ${r.ms} ms |`,
    ),
  ].join('\n');
}
