import type { SelectedInvoiceView, SidebarResult } from '../../../shared/api/sidebar-contract';
import { calendarDateIn } from '../../../shared/time/time-zone';
import { ledgerOptions } from '../ledger/load-ledger';
import { readSettings } from '../settings/addon-settings';
import { describeSelection } from './describe-selection';
import type { AddonPorts } from './ports';

export function openSidebar(ports: AddonPorts): void {
  const html = ports.HtmlService.createHtmlOutputFromFile('Sidebar').setTitle('Dunning Desk');
  ports.SpreadsheetApp.getUi().showSidebar(html);
}

/**
 * The selected row as an invoice card. Two reads of the sheet whatever its size (the data range
 * and the active cell), then pure code; none on a sheet other than the ledger's. The settings decide the zone, the currency of bare
 * amounts and the aging buckets; the saved column mapping applies on the ledger's own sheet.
 */
export function selectedInvoice(ports: AddonPorts): SidebarResult<SelectedInvoiceView> {
  const spreadsheet = ports.SpreadsheetApp.getActiveSpreadsheet();
  const settings = readSettings(ports.PropertiesService.getDocumentProperties());
  const sheet = spreadsheet.getActiveSheet();
  const sheetName = sheet.getName();
  // Another sheet than the ledger's (the aging report, say) is not read: it is not where invoices are.
  if (settings.sheetName !== undefined && settings.sheetName !== sheetName && spreadsheet.getSheetByName(settings.sheetName))
    return { ok: true, data: { state: 'other-sheet', sheetName, ledgerSheet: settings.sheetName } };
  const { options, locale } = ledgerOptions(spreadsheet, settings, settings.sheetName === undefined || settings.sheetName === sheetName);
  const view = describeSelection(
    { sheetName, row: sheet.getActiveCell().getRow(), values: sheet.getDataRange().getValues() },
    options,
    calendarDateIn(ports.now(), options.timeZone),
    locale,
    settings.aging,
  );
  return { ok: true, data: view };
}

/**
 * "Ledger!7", or "Ledger!3:9" with a block of rows selected: for the sidebar to notice a new
 * selection. Rows only (a click on another cell of the same row reads nothing again), from the
 * active range's A1 notation: five calls whatever the ledger's size.
 */
export function selectionKey(ports: AddonPorts): string {
  const sheet = ports.SpreadsheetApp.getActiveSpreadsheet().getActiveSheet();
  const a1 = sheet.getActiveRange()?.getA1Notation() ?? '';
  const [first, last] = a1.split(':').map((cell) => cell.replace(/^[A-Z]*/i, ''));
  return `${sheet.getName()}!${first ?? ''}${last && last !== first ? `:${last}` : ''}`;
}
