import { agingBuckets, bucketForDays, daysPastDue } from '../../shared/aging/aging-buckets';
import { agingPalette, contrastRatio } from '../../shared/aging/aging-palette';
import { DEFAULT_AGING } from '../../shared/aging/aging-buckets';
import { isSettled } from '../../shared/invoice';
import { readLedger } from '../../shared/ledger/read-ledger';
import { addDays, type CalendarDate } from '../../shared/time/calendar-date';
import { colorCodeAging } from '../../addon/src/aging/color-code';
import { renderConditionalColors } from '../../addon/local/formula/conditional-colors';
import { ledgerEnv } from '../support/addon-env';
import { LEDGER_DAY } from '../support/fixtures';

const TODAY = LEDGER_DAY as CalendarDate;

/** What the domain says each invoice row should look like on `today`. */
function expectedColors(values: unknown[][], today: CalendarDate, timeZone: string) {
  const readout = readLedger(values, { timeZone, currency: 'USD', decimalSeparator: '.' });
  if (!readout.ok) throw new Error(readout.error);
  const buckets = agingBuckets(DEFAULT_AGING);
  const palette = agingPalette(buckets);
  return {
    readout: readout.value,
    rows: readout.value.invoices.map((invoice) => {
      const bucket = bucketForDays(daysPastDue(invoice.dueDate, today), buckets);
      const color = palette[buckets.indexOf(bucket)];
      return {
        row: invoice.row,
        invoice: invoice.invoiceNumber,
        background: isSettled(invoice) ? '#ffffff' : color?.background,
        bucket: isSettled(invoice) ? 'settled' : bucket.id,
      };
    }),
  };
}

describe.each(['ledger-sample.csv', 'ledger-messy.csv'] as const)('aging colors on %s', (fixture) => {
  it('colors every invoice row as the domain buckets it, on a pinned day and 31 days later', () => {
    const { env, sheet, ports } = ledgerEnv(fixture);
    const report = env.run(() => colorCodeAging(ports));
    if (!report.ok) throw new Error(report.error);
    expect(report.value.rules).toBe(5);
    expect(report.value.textDueDates).toEqual([]);

    for (const today of [TODAY, addDays(TODAY, 31)]) {
      const seen = renderConditionalColors(sheet, today);
      const { rows, readout } = expectedColors(
        sheet.readValues({ row: 1, column: 1, numRows: sheet.lastRow(), numColumns: sheet.lastColumn() }),
        today,
        env.spreadsheet.timeZone,
      );
      const column = readout.header.mapping.invoiceNumber ?? 0;
      const mismatches = rows
        .filter((r) => seen[r.row - 1]?.[column]?.background !== r.background)
        .map((r) => ({ ...r, seen: seen[r.row - 1]?.[column]?.background }));
      expect(mismatches).toEqual([]);
      // Every bucket is exercised, and paid rows are among the uncolored.
      expect(new Set(rows.map((r) => r.bucket)).size).toBeGreaterThanOrEqual(5);
      // Rows that are not invoices (blank separators, the TOTAL line) are not colored.
      for (const skipped of readout.skipped) expect(seen[skipped.row - 1]?.every((cell) => cell.rule === -1)).toBe(true);
    }
  });
});

describe("re-running and the user's own formatting", () => {
  it("keeps one set of our rules, and the user's rules and backgrounds, however often it runs", () => {
    const { env, sheet, ports } = ledgerEnv('ledger-sample.csv');
    const userRange = sheet.range({ row: 2, column: 10, numRows: 400, numColumns: 1 });
    const userRule = env.globals.SpreadsheetApp.newConditionalFormatRule()
      .whenFormulaSatisfied('=$J2="Disputed"')
      .setBackground('#d9d2e9')
      .setRanges([userRange as unknown as GoogleAppsScript.Spreadsheet.Range])
      .build();
    sheet.setConditionalFormatRules([userRule]);
    sheet.range({ row: 2, column: 2, numRows: 1, numColumns: 1 }).setBackground('#00ff00');

    for (let i = 0; i < 3; i += 1) {
      const report = env.run(() => colorCodeAging(ports));
      expect(report.ok && report.value.userRulesKept).toBe(1);
    }
    expect(sheet.rules).toHaveLength(6);
    expect(sheet.rules[0]).toBe(userRule);

    const seen = renderConditionalColors(sheet, TODAY);
    const disputedRow = sheet.rows.findIndex((r, i) => i > 0 && r[9] === 'Disputed');
    expect(seen[disputedRow]?.[9]?.background).toBe('#d9d2e9');
    // Row 2 is paid or not colored in column B? Its own background shows wherever no rule applies.
    const own = seen[1]?.[1];
    expect(own?.rule === -1 ? own.background : '#00ff00').toBe('#00ff00');
    expect(sheet.formats.get('2,2')?.background).toBe('#00ff00');
  });

  it('colors a row typed below the ledger without running again', () => {
    const { env, sheet, ports } = ledgerEnv('ledger-sample.csv');
    env.run(() => colorCodeAging(ports));
    const next = sheet.lastRow() + 1;
    sheet
      .range({ row: next, column: 1, numRows: 1, numColumns: 9 })
      .setValues([
        ['INV-9999', 'New Customer', 'ap@new.example', new Date('2026-09-01T04:00:00Z'), new Date('2026-10-01T04:00:00Z'), 15, 500, 0, 500],
      ]);
    const seen = renderConditionalColors(sheet, TODAY);
    // 54 days past due: the 31-60 bucket.
    expect(seen[next - 1]?.[0]?.background).toBe(agingPalette(agingBuckets(DEFAULT_AGING))[2]?.background);
  });

  it('names the rows whose due date is text, which no formula can age', () => {
    const { env, sheet, ports } = ledgerEnv('ledger-sample.csv');
    sheet.rows[4]![4] = 'next Tuesday';
    sheet.rows[5]![4] = '15/13/2026';
    const report = env.run(() => colorCodeAging(ports));
    // Row 5 is not an invoice the reader accepts ("next Tuesday" is no date); row 6 neither.
    expect(report.ok && report.value.textDueDates).toEqual([]);
    sheet.rows[6]![4] = 'Nov 3 2026';
    const again = env.run(() => colorCodeAging(ports));
    expect(again.ok && again.value.textDueDates).toEqual([7]);
  });

  it('waits for another run holding the document lock instead of racing it', () => {
    const { env, ports } = ledgerEnv('ledger-sample.csv');
    env.lockTable.holder = -1;
    const report = env.run(() => colorCodeAging(ports));
    expect(report.ok).toBe(false);
    expect(!report.ok && report.error).toMatch(/already updating/);
  });
});

describe('the palette', () => {
  it('keeps text readable (WCAG AA, 4.5:1) on every bucket color, for 1 to 8 boundaries', () => {
    for (let n = 1; n <= 8; n += 1) {
      const boundaries = Array.from({ length: n }, (_, i) => (i + 1) * 15);
      for (const dueSoonDays of [undefined, 7]) {
        for (const color of agingPalette(agingBuckets({ boundaries, ...(dueSoonDays && { dueSoonDays }) }))) {
          expect(contrastRatio(color.background, color.text)).toBeGreaterThanOrEqual(4.5);
        }
      }
    }
  });
});
