/**
 * Apps Script's cost rule: every operation makes the same number of Spreadsheet service calls
 * (each a round trip to Google) whatever the ledger's size. Measured on the emulation at 100
 * and 5,000 rows (50 times as many; the suite's time budget stops there); per-size figures up
 * to 100,000 rows are printed by `npm run bench`.
 */
import { contractTransport } from '../../addon/local/contract-transport';
import { importCsv } from '../../addon/local/spreadsheet/csv-import';
import { colorCodeAging } from '../../addon/src/aging/color-code';
import { buildAgingReport } from '../../addon/src/report/aging-report';
import { settingsView } from '../../addon/src/settings/settings-view';
import { readSettings, writeSettings } from '../../addon/src/settings/addon-settings';
import { refreshStatusColumns } from '../../addon/src/status/status-columns';
import { ledgerEdited } from '../../addon/src/server/triggers';
import { syncLedger } from '../../addon/src/sync/sync-ledger';
import { generatedLedgerRows, ledgerEnv } from '../support/addon-env';

jest.setTimeout(120_000);

const BACKEND = 'https://abc123.execute-api.us-east-1.amazonaws.com';

function costs(rows: number) {
  const backend = contractTransport();
  const { env, sheet, ports } = ledgerEnv('ledger-sample.csv', { transport: backend.transport });
  sheet.load(importCsv(generatedLedgerRows(rows), env.spreadsheet.locale));
  if (!writeSettings(env.documentProperties, { backendUrl: BACKEND, statusColumns: true }).ok) throw new Error('settings');
  const bytesSent = () => backend.log.reduce((sum, r) => sum + r.bytes, 0);
  const measure = (work: () => { ok: boolean } | void) =>
    env.run(() => {
      const before = bytesSent();
      const { result, calls, spreadsheetCalls, cellsRead } = env.counter.measure(work);
      if (result && !result.ok) throw new Error(JSON.stringify(result));
      return { calls, spreadsheetCalls, cellsRead, bytesSent: bytesSent() - before };
    });
  const edit = () => {
    // Row 51 paid: its Balance set to 0, as the installable trigger reports the edit.
    sheet.rows[50]![6] = 0;
    const range = sheet.getRange(51, 7);
    return measure(() => ledgerEdited(ports, { range }));
  };
  return {
    colorCode: measure(() => colorCodeAging(ports)),
    report: measure(() => buildAgingReport(ports)),
    // The first sync sends every invoice; the second finds nothing changed.
    firstSync: measure(() => syncLedger(ports, { trigger: 'manual', startedAt: env.now() })),
    secondSync: measure(() => syncLedger(ports, { trigger: 'hourly', startedAt: env.now() })),
    edit: edit(),
    statusColumns: measure(() => refreshStatusColumns(ports, readSettings(env.documentProperties), env.now())),
    settings: measure(() => ({ ok: settingsView(ports).ledger.state === 'read' })),
    posts: backend.log.filter((r) => r.path === '/v1/invoices/sync').length,
    statusReads: backend.log.filter((r) => r.path === '/v1/ledger/status').length,
    sheet,
  };
}

describe('Spreadsheet service calls per operation', () => {
  const small = costs(100);
  const large = costs(5_000);

  it.each(['colorCode', 'report', 'firstSync', 'secondSync', 'edit', 'statusColumns', 'settings'] as const)(
    '%s makes the same Spreadsheet calls for 100 and 5,000 rows',
    (operation) => {
      const spreadsheetOnly = (calls: Record<string, number>) =>
        Object.fromEntries(Object.entries(calls).filter(([name]) => /^(SpreadsheetApp|Spreadsheet|Sheet|Range)\./.test(name)));
      expect(spreadsheetOnly(large[operation].calls)).toEqual(spreadsheetOnly(small[operation].calls));
      expect(large[operation].spreadsheetCalls).toBe(small[operation].spreadsheetCalls);
      // The report's two charts (aging and forecast) are most of its 41.
      expect(small[operation].spreadsheetCalls).toBeLessThan(45);
    },
  );

  it('an edit of one row reads the same cells and sends the same bytes for 100 and 5,000 rows', () => {
    expect(large.edit.cellsRead).toBe(small.edit.cellsRead);
    // The header row and the edited row, 8 columns each.
    expect(large.edit.cellsRead).toBe(16);
    expect(large.edit.bytesSent).toBe(small.edit.bytesSent);
    expect(large.edit.bytesSent).toBeGreaterThan(0);
    expect(large.edit.calls['UrlFetchApp.fetch']).toBe(1);
    // A whole-ledger sync reads every row, for contrast.
    expect(large.secondSync.cellsRead).toBeGreaterThan(5_000 * 8);
  });

  it('sends 5,000 invoices in chunks of at most 500, one request each', () => {
    // The first sync's chunks, and the edit's one request.
    expect(small.posts).toBe(1 + 1);
    expect(large.posts).toBe(10 + 1);
    expect(large.firstSync.calls['UrlFetchApp.fetch']).toBe(10);
    expect(large.secondSync.calls['UrlFetchApp.fetch']).toBeUndefined();
  });

  it('reads the status of 5,000 invoices in pages of 500 and writes them in one setValues', () => {
    expect(small.statusReads).toBe(1);
    expect(large.statusReads).toBe(10);
    expect(large.statusColumns.calls['Range.setValues']).toBe(1);
    const header = large.sheet.rows[0] ?? [];
    const at = header.indexOf('Automation');
    expect(large.sheet.rows.slice(1).every((row) => row[at] === 'Sending reminders')).toBe(true);
  });
});
