import type { SelectedInvoiceView, SidebarResult } from '../../../shared/api/sidebar-contract';
import { calendarDateIn } from '../../../shared/time/time-zone';
import { decimalSeparatorFor } from '../../../shared/money/locale-separators';
import { describeSelection } from './describe-selection';

export function showSidebar(): void {
  const html = HtmlService.createHtmlOutputFromFile('Sidebar').setTitle('Dunning Desk');
  SpreadsheetApp.getUi().showSidebar(html);
}

/**
 * The selected row as an invoice card. Two reads of the sheet whatever its size (the data range
 * and the active cell), then pure code. Until ledger settings exist, the spreadsheet's own zone
 * and locale decide how dates and amounts are read, and amounts without a symbol are USD.
 */
export function getSelectedInvoice(): SidebarResult<SelectedInvoiceView> {
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  const sheet = spreadsheet.getActiveSheet();
  const timeZone = spreadsheet.getSpreadsheetTimeZone();
  const locale = spreadsheet.getSpreadsheetLocale().replace('_', '-');
  const view = describeSelection(
    { sheetName: sheet.getName(), row: sheet.getActiveCell().getRow(), values: sheet.getDataRange().getValues() },
    { timeZone, currency: 'USD', decimalSeparator: decimalSeparatorFor(locale) },
    calendarDateIn(Date.now(), timeZone),
    locale,
  );
  return { ok: true, data: view };
}
