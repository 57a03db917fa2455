import { summarizeAging } from '../../shared/aging/aging-summary';
import { DEFAULT_AGING } from '../../shared/aging/aging-buckets';
import { readLedger } from '../../shared/ledger/read-ledger';
import { minorFromDecimal } from '../../shared/money/money';
import type { CalendarDate } from '../../shared/time/calendar-date';
import { buildAgingReport, REPORT_SHEET } from '../../addon/src/report/aging-report';
import { ledgerEnv } from '../support/addon-env';
import { LEDGER_DAY } from '../support/fixtures';

const PINNED = Date.parse(`${LEDGER_DAY}T15:00:00Z`);

describe.each(['ledger-sample.csv', 'ledger-messy.csv'] as const)('the aging report of %s', (fixture) => {
  function build() {
    const { env, sheet, ports } = ledgerEnv(fixture, { now: () => PINNED });
    const result = env.run(() => buildAgingReport(ports));
    if (!result.ok) throw new Error(result.error);
    const report = env.spreadsheet.sheet(REPORT_SHEET);
    const values = report.readValues({ row: 1, column: 1, numRows: report.lastRow(), numColumns: report.lastColumn() });
    const ledger = readLedger(sheet.readValues({ row: 1, column: 1, numRows: sheet.lastRow(), numColumns: sheet.lastColumn() }), {
      timeZone: env.spreadsheet.timeZone,
      currency: 'USD',
      decimalSeparator: '.',
    });
    if (!ledger.ok) throw new Error(ledger.error);
    const [summary] = summarizeAging(ledger.value.invoices, LEDGER_DAY as CalendarDate, DEFAULT_AGING);
    if (!summary) throw new Error('no summary');
    return { env, report, values, summary, result: result.value };
  }

  it('has every customer x bucket total, the grand totals and the counts of the domain summary, to the cent', () => {
    const { values, summary } = build();
    const headerIndex = values.findIndex((r) => r[0] === 'Customer');
    expect(values[headerIndex]?.slice(1, 6)).toEqual(summary.buckets.map((b) => b.label));
    const rows = new Map(values.slice(headerIndex + 1).map((r) => [String(r[0]), r]));
    for (const expected of [...summary.customers, summary.totals]) {
      const row = rows.get(expected.customer);
      expect(row).toBeDefined();
      const cents = row!.slice(1, 7).map((v) => minorFromDecimal(Number(v), 'USD'));
      expect(cents).toEqual([...expected.byBucket.map((m) => m.minor), expected.total.minor]);
      expect(row![8]).toBe(expected.invoiceCount);
    }
    const shares = rows.get('Share of receivables')!.slice(1, 6) as number[];
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    expect(values.some((r) => /^DSO \(last 90 days\): \d+(\.\d)? days$/.test(String(r[0])))).toBe(true);
  });

  it('charts receivables by bucket from the totals row, and rebuilding replaces rather than adds', () => {
    const { env, report, values } = build();
    expect(report.charts).toHaveLength(2);
    const chart = report.charts[0]!.data;
    expect(chart.type).toBe('COLUMN');
    const totalRow = values.findIndex((r) => r[0] === 'Total') + 1;
    expect(chart.ranges.map((r) => r.area.row)).toEqual([values.findIndex((r) => r[0] === 'Customer') + 1, totalRow]);
    expect(chart.ranges[1]!.area).toMatchObject({ column: 2, numColumns: 5 });

    const again = env.run(() => buildAgingReport({ ...env.globals, now: () => PINNED }));
    expect(again.ok).toBe(true);
    expect(report.charts).toHaveLength(2);
    expect(env.spreadsheet.sheets.filter((s) => s.name === REPORT_SHEET)).toHaveLength(1);
  });

  it('forecasts the open balance week by week, adding up to the aging total, with its chart and method', () => {
    const { report, values, summary } = build();
    const header = values.findIndex((r) => r[0] === 'Week') + 1;
    expect(values[header]?.slice(0, 2)).toEqual(['Late', 'Overdue']);
    const weeks = values.slice(header + 1, header + 13);
    expect(weeks.map((r) => r[0])).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(weeks[0]?.[1]).toBe('Nov 24');
    const cents = (label: string) => minorFromDecimal(Number(values.find((r) => r[0] === label)?.[2]), 'USD');
    const forecast = cents('Late') + weeks.reduce((n, r) => n + minorFromDecimal(Number(r[2]), 'USD'), 0) + cents('Later than 12 weeks');
    const apart = cents('Not forecast: in dispute') + cents('Not forecast: customer bankrupt');
    expect(forecast + apart).toBe(summary.totals.total.minor);
    expect(cents('Open balance')).toBe(summary.totals.total.minor);
    // Without a backend every balance is expected on its due date: the sample's overdue invoices are overdue.
    expect(cents('Late')).toBeGreaterThan(0);
    expect(values.some((r) => String(r[0]).startsWith('Each open balance is expected on its due date'))).toBe(true);
    expect(values.some((r) => String(r[0]).startsWith('No backend is set up yet'))).toBe(true);
    const chart = report.charts[1]!.data;
    expect(chart.options.title).toBe('Expected receipts per week (USD)');
    expect(chart.ranges[0]!.area).toMatchObject({ row: header, column: 2, numRows: 14, numColumns: 2 });
  });
});

it('says so when nothing is owed', () => {
  const { env, sheet, ports } = ledgerEnv('ledger-sample.csv', { now: () => PINNED });
  sheet.rows = sheet.rows.slice(0, 1).concat([sheet.rows[1]!.map((v, i) => (i === 8 ? 0 : v))]);
  const result = env.run(() => buildAgingReport(ports));
  expect(result.ok && result.value.charts).toBe(0);
  const report = env.spreadsheet.sheet(REPORT_SHEET);
  expect(report.readValues({ row: 3, column: 1, numRows: 1, numColumns: 1 })[0]![0]).toMatch(/Nothing is owed/);
});
