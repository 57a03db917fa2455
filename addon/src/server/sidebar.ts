import type { SelectedInvoiceView, SidebarResult } from '../../../shared/api/sidebar-contract';
import { calendarDateIn } from '../../../shared/time/time-zone';
import { decimalSeparatorFor } from '../../../shared/money/locale-separators';
import { readSettings } from '../settings/addon-settings';
import { describeSelection } from './describe-selection';

export function showSidebar(): void {
  const html = HtmlService.createHtmlOutputFromFile('Sidebar').setTitle('Dunning Desk');
  SpreadsheetApp.getUi().showSidebar(html);
}

/**
 * The selected row as an invoice card. Two reads of the sheet whatever its size (the data range
 * and the active cell), then pure code. The settings decide the zone, the currency of bare
 * amounts and the aging buckets; the saved column mapping applies on the ledger's own sheet.
 */
export function getSelectedInvoice(): SidebarResult<SelectedInvoiceView> {
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  const settings = readSettings(PropertiesService.getDocumentProperties());
  const sheet = spreadsheet.getActiveSheet();
  const sheetName = sheet.getName();
  const timeZone = settings.timeZone ?? spreadsheet.getSpreadsheetTimeZone();
  const locale = spreadsheet.getSpreadsheetLocale().replace('_', '-');
  const onLedgerSheet = settings.sheetName === undefined || settings.sheetName === sheetName;
  const view = describeSelection(
    { sheetName, row: sheet.getActiveCell().getRow(), values: sheet.getDataRange().getValues() },
    {
      timeZone,
      currency: settings.currency,
      decimalSeparator: decimalSeparatorFor(locale),
      ...(onLedgerSheet && settings.mapping && { mapping: settings.mapping, headerRowIndex: (settings.headerRow ?? 1) - 1 }),
    },
    calendarDateIn(Date.now(), timeZone),
    locale,
    settings.aging,
  );
  return { ok: true, data: view };
}
