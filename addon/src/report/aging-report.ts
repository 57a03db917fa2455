import { agingBuckets } from '../../../shared/aging/aging-buckets';
import { agingPalette } from '../../../shared/aging/aging-palette';
import { summarizeAging } from '../../../shared/aging/aging-summary';
import { computeDso, type DsoResult } from '../../../shared/aging/dso';
import { cashForecast } from '../../../shared/forecast/cash-forecast';
import { err, ok, type Result } from '../../../shared/result';
import { calendarDateIn } from '../../../shared/time/time-zone';
import { loadLedger } from '../ledger/load-ledger';
import { readSettings } from '../settings/addon-settings';
import { type AddonPorts, withDocumentLock } from '../server/ports';
import { forecastInputsFor } from './forecast-inputs';
import { reportGrid } from './report-grid';

export const REPORT_SHEET = 'Aging report';
const CHART_TITLE_PREFIX = 'Receivables by age';
const FORECAST_TITLE_PREFIX = 'Expected receipts per week';

export interface ReportResult {
  sheetName: string;
  asOf: string;
  currencies: string[];
  customers: number;
  charts: number;
}

/**
 * Writes the aging report sheet from the domain's summary of the ledger, and a column chart of
 * receivables by bucket per currency. The report holds values, not formulas: the shared reader
 * settles what a messy row means (text amounts, paid flags written five ways, currencies), and
 * sheet formulas would have to re-implement it and could disagree with the sidebar and the
 * backend. It is rebuilt after every sync and by the hourly trigger, and says its "as of" day.
 */
export function buildAgingReport(ports: AddonPorts): Result<ReportResult> {
  const settings = readSettings(ports.PropertiesService.getDocumentProperties());
  // Read before the lock: a slow backend must not hold up the sheet's other work.
  const { inputs, source } = forecastInputsFor(ports);
  const locked = withDocumentLock(ports, (): Result<ReportResult> => {
    const loaded = loadLedger(ports, settings);
    if (!loaded.ok) return loaded;
    const { spreadsheet, readout, options, sheetName } = loaded.value;
    if (sheetName === REPORT_SHEET) return err('Select your ledger sheet first: this is the report itself.');
    const asOf = calendarDateIn(ports.now(), options.timeZone);
    const summaries = summarizeAging(readout.invoices, asOf, settings.aging);
    const dso = new Map<string, DsoResult>(
      summaries.map((s) => [
        s.currency,
        computeDso(
          readout.invoices.filter((i) => i.amount.currency === s.currency),
          asOf,
        ),
      ]),
    );
    const grid = reportGrid(
      summaries,
      dso,
      { asOf, timeZone: options.timeZone, sheetName, colors: agingPalette(agingBuckets(settings.aging)) },
      { forecasts: cashForecast(readout.invoices, inputs, asOf), source },
    );

    const sheet = spreadsheet.getSheetByName(REPORT_SHEET) ?? spreadsheet.insertSheet(REPORT_SHEET);
    sheet.clear();
    for (const chart of sheet.getCharts()) sheet.removeChart(chart);
    const area = sheet.getRange(1, 1, grid.values.length, grid.width);
    area.setNumberFormats(grid.numberFormats);
    area.setValues(grid.values);
    for (const row of grid.boldRows) sheet.getRange(row, 1, 1, grid.width).setFontWeight('bold');
    const legend = sheet.getRange(grid.legend.row, 1, grid.legend.colors.length, 1);
    legend.setBackgrounds(grid.legend.colors.map((c) => [c.background]));
    legend.setFontColors(grid.legend.colors.map((c) => [c.text]));

    grid.blocks.forEach((block, i) => {
      const labels = sheet.getRange(block.headerRow, block.firstBucketColumn, 1, block.lastBucketColumn - block.firstBucketColumn + 1);
      const totals = sheet.getRange(block.totalRow, block.firstBucketColumn, 1, block.lastBucketColumn - block.firstBucketColumn + 1);
      const chart = sheet
        .newChart()
        .setChartType(ports.Charts.ChartType.COLUMN)
        .addRange(labels)
        .addRange(totals)
        .setOption('title', `${CHART_TITLE_PREFIX} (${block.currency})`)
        .setOption('legend', { position: 'none' })
        .setPosition(block.headerRow, grid.width + 2, 0, i * 20)
        .build();
      sheet.insertChart(chart);
    });
    for (const block of grid.forecastBlocks) {
      const chart = sheet
        .newChart()
        .setChartType(ports.Charts.ChartType.COLUMN)
        // With its header row: Sheets names the series from it, and the weeks are the rows below.
        .addRange(sheet.getRange(block.headerRow, 2, block.lastWeekRow - block.headerRow + 1, 2))
        .setOption('title', `${FORECAST_TITLE_PREFIX} (${block.currency})`)
        .setOption('legend', { position: 'none' })
        .setPosition(block.headerRow, grid.width + 2, 0, 0)
        .build();
      sheet.insertChart(chart);
    }
    sheet.setFrozenRows(2);

    return ok({
      sheetName: REPORT_SHEET,
      asOf,
      currencies: summaries.map((s) => s.currency),
      customers: summaries.reduce((n, s) => n + s.customers.length, 0),
      charts: grid.blocks.length + grid.forecastBlocks.length,
    });
  });
  return locked.ok ? locked.value : err(locked.error);
}
