import { selectionKey } from '../../addon/src/server/sidebar';
import { ledgerEnv } from '../support/addon-env';

describe('the sidebar’s selection poll', () => {
  it('names the active sheet and row, in a few calls whatever the ledger’s size', () => {
    const { env, sheet, ports } = ledgerEnv('ledger-sample.csv');
    sheet.active = { row: 7, column: 3 };
    const { result, spreadsheetCalls } = env.run(() => env.counter.measure(() => selectionKey(ports)));
    expect(result).toBe('Ledger!7');
    expect(spreadsheetCalls).toBeLessThanOrEqual(5);
    sheet.active = { row: 8, column: 1 };
    expect(env.run(() => selectionKey(ports))).toBe('Ledger!8');
    // A block of rows (a shift-click): both ends; the sidebar then offers one action on them all.
    sheet.selectedRows = { row: 5, numRows: 3 };
    expect(env.run(() => env.counter.measure(() => selectionKey(ports)))).toMatchObject({ result: 'Ledger!5:7', spreadsheetCalls: 5 });
    sheet.selectedRows = undefined;
    // The emulation answers SpreadsheetApp.getActiveSheet() as Apps Script does.
    expect(env.run(() => ports.SpreadsheetApp.getActiveSheet().getName())).toBe('Ledger');
  });
});
