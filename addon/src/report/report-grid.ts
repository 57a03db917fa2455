import type { AgingSummary } from '../../../shared/aging/aging-summary';
import type { DsoResult } from '../../../shared/aging/dso';
import type { BucketColor } from '../../../shared/aging/aging-palette';
import { type CashForecast, FORECAST_METHOD } from '../../../shared/forecast/cash-forecast';
import { currencyExponent } from '../../../shared/money/money';

type Cell = string | number;

export interface ReportBlock {
  currency: string;
  /** 1-based rows of the grid: the bucket header and the totals row, which the chart plots. */
  headerRow: number;
  totalRow: number;
  /** 1-based columns of the first and last bucket. */
  firstBucketColumn: number;
  lastBucketColumn: number;
}

/** One currency's cash forecast: its header, the overdue row below it, then its weeks (1-based rows), which the chart plots. */
export interface ForecastBlock {
  currency: string;
  headerRow: number;
  firstWeekRow: number;
  lastWeekRow: number;
}

export interface ReportGrid {
  values: Cell[][];
  numberFormats: string[][];
  boldRows: number[];
  blocks: ReportBlock[];
  forecastBlocks: ForecastBlock[];
  /** Where the color legend sits (1-based), with one color per row. */
  legend: { row: number; column: number; colors: BucketColor[] };
  width: number;
}

function amountFormat(currency: string): string {
  const exponent = currencyExponent(currency);
  return exponent === 0 ? '#,##0' : `#,##0.${'0'.repeat(exponent)}`;
}

const toDecimal = (minor: number, currency: string) => minor / 10 ** currencyExponent(currency);

type Push = (cells: Cell[], format?: string[], bold?: boolean) => void;

/**
 * One currency's cash forecast: what is overdue, a row per week (its start day as text, so the
 * chart labels it "Dec 1" and not a serial number), then what comes later and what is not
 * forecast, and how it was worked out.
 */
function pushForecast(push: Push, rowCount: () => number, f: CashForecast, source: string): ForecastBlock {
  const money = amountFormat(f.currency);
  const amount = (m: { minor: number }) => toDecimal(m.minor, f.currency);
  push([]);
  push([`Cash forecast (${f.currency}): expected receipts per week`], [], true);
  push(['Week', 'Starting', `Expected (${f.currency})`], [], true);
  const headerRow = rowCount();
  push(['Late', 'Overdue', amount(f.overdue)], ['@', '@', money]);
  f.weeks.forEach((w, i) => push([i + 1, shortDay(w.start), amount(w.expected)], ['0', '@', money]));
  const lastWeekRow = rowCount();
  push([`Later than ${f.weeks.length} weeks`, '', amount(f.later)], ['@', '@', money]);
  push(['Not forecast: in dispute', '', amount(f.disputed)], ['@', '@', money]);
  push(['Not forecast: customer bankrupt', '', amount(f.bankrupt)], ['@', '@', money]);
  push(['Open balance', '', amount(f.open)], ['@', '@', money], true);
  push([FORECAST_METHOD]);
  push([source]);
  return { currency: f.currency, headerRow, firstWeekRow: headerRow + 2, lastWeekRow };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** "Dec 1": short, and never read back as a date by the sheet. */
const shortDay = (day: string) => `${MONTHS[Number(day.slice(5, 7)) - 1] ?? ''} ${Number(day.slice(8, 10))}`;

/**
 * The aging report as one rectangle of values and formats, so the sheet is written with one
 * setValues and one setNumberFormats whatever the ledger's size. One block per currency
 * (amounts in different currencies are never added): customers by balance, bucket totals,
 * each bucket's share, invoice counts and DSO. Amounts are the domain's to the cent.
 */
export function reportGrid(
  summaries: readonly AgingSummary[],
  dso: ReadonlyMap<string, DsoResult>,
  meta: { asOf: string; timeZone: string; sheetName: string; colors: BucketColor[] },
  forecast: { forecasts: readonly CashForecast[]; source: string } = { forecasts: [], source: '' },
): ReportGrid {
  const bucketCount = summaries[0]?.buckets.length ?? meta.colors.length;
  const width = bucketCount + 4;
  const rows: Cell[][] = [];
  const formats: string[][] = [];
  const boldRows: number[] = [];
  const blocks: ReportBlock[] = [];
  const push = (cells: Cell[], format: string[] = [], bold = false) => {
    rows.push([...cells, ...Array<Cell>(width - cells.length).fill('')]);
    formats.push([...format, ...Array<string>(width - format.length).fill('@')].slice(0, width));
    if (bold) boldRows.push(rows.length);
  };

  push([`Aging report: ${meta.sheetName}`], [], true);
  push([`As of ${meta.asOf} (${meta.timeZone}). Refreshed by Dunning Desk when you build it, after each sync and by the hourly trigger.`]);
  if (summaries.length === 0) push(['Nothing is owed: every invoice on the ledger is paid or has no balance.']);

  for (const summary of summaries) {
    const { currency } = summary;
    const money = amountFormat(currency);
    push([]);
    const header = ['Customer', ...summary.buckets.map((b) => b.label), `Total (${currency})`, 'Share', 'Invoices'];
    push(header, [], true);
    const headerRow = rows.length;
    const amountFormats = ['@', ...summary.buckets.map(() => money), money, '0.0%', '0'];
    for (const row of summary.customers) {
      push(
        [
          row.customer,
          ...row.byBucket.map((m) => toDecimal(m.minor, currency)),
          toDecimal(row.total.minor, currency),
          row.share,
          row.invoiceCount,
        ],
        amountFormats,
      );
    }
    const t = summary.totals;
    push(
      ['Total', ...t.byBucket.map((m) => toDecimal(m.minor, currency)), toDecimal(t.total.minor, currency), 1, t.invoiceCount],
      amountFormats,
      true,
    );
    const totalRow = rows.length;
    push(['Share of receivables', ...summary.bucketShares, 1], ['@', ...summary.buckets.map(() => '0.0%'), '0.0%']);
    const d = dso.get(currency);
    push([
      d?.days === null || d === undefined
        ? `DSO: not enough invoices dated in the last 90 days to compute it`
        : `DSO (last ${d.periodDays} days): ${d.days} days`,
    ]);
    blocks.push({ currency, headerRow, totalRow, firstBucketColumn: 2, lastBucketColumn: 1 + summary.buckets.length });
  }

  const forecastBlocks = forecast.forecasts.map((f) => pushForecast(push, () => rows.length, f, forecast.source));

  push([]);
  push(['Colors on the ledger (days past due)'], [], true);
  const legendRow = rows.length + 1;
  for (const color of meta.colors) push([color.label, color.name]);
  push(['Paid and zero-balance invoices are not colored.']);

  return {
    values: rows,
    numberFormats: formats,
    boldRows,
    blocks,
    forecastBlocks,
    legend: { row: legendRow, column: 1, colors: meta.colors },
    width,
  };
}
