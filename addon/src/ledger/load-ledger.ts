import { type LedgerOptions, type LedgerReadout, readLedger } from '../../../shared/ledger/read-ledger';
import { err, ok, type Result } from '../../../shared/result';
import { type AddonSettings, writeSettings } from '../settings/addon-settings';
import type { AddonPorts } from '../server/ports';

export interface LoadedLedger {
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet;
  sheet: GoogleAppsScript.Spreadsheet.Sheet;
  sheetName: string;
  /** The sheet's values from A1, as getValues returns them. */
  values: unknown[][];
  readout: LedgerReadout;
  options: LedgerOptions;
  locale: string;
}

/**
 * How to read a sheet with the user's settings: the spreadsheet's zone (a date cell is midnight
 * there, so no other zone reads it right), the currency of bare amounts, the locale (how it
 * writes dates and decimals, where the cells do not say), and the saved column mapping when
 * the sheet is the ledger's own.
 */
export function ledgerOptions(
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet,
  settings: AddonSettings,
  isLedgerSheet: boolean,
): { options: LedgerOptions; locale: string } {
  const locale = spreadsheet.getSpreadsheetLocale().replace('_', '-');
  const options: LedgerOptions = {
    timeZone: spreadsheet.getSpreadsheetTimeZone(),
    currency: settings.currency,
    locale,
    ...(settings.dateOrder && { dateOrder: settings.dateOrder }),
    ...(settings.decimalSeparator && { decimalSeparator: settings.decimalSeparator }),
    ...(settings.statusWords && { statusWords: settings.statusWords }),
    ...(isLedgerSheet && settings.mapping && { mapping: settings.mapping, headerRowIndex: (settings.headerRow ?? 1) - 1 }),
  };
  return { options, locale };
}

/**
 * The ledger sheet read in one batch (getDataRange().getValues()) and parsed by the shared
 * reader with the user's settings. A constant number of Spreadsheet calls whatever its size.
 * A sheet with no recognisable header is refused before it is remembered as the ledger.
 */
export function loadLedger(ports: AddonPorts, settings: AddonSettings): Result<LoadedLedger> {
  const spreadsheet = ports.SpreadsheetApp.getActiveSpreadsheet();
  const sheet = settings.sheetName ? spreadsheet.getSheetByName(settings.sheetName) : spreadsheet.getActiveSheet();
  if (!sheet)
    return err(`The ledger sheet "${settings.sheetName ?? ''}" is gone (renamed or deleted). Choose the ledger's sheet in Settings.`);
  const { options, locale } = ledgerOptions(spreadsheet, settings, true);
  const values = sheet.getDataRange().getValues();
  const readout = readLedger(values, options);
  if (!readout.ok) return err(readout.error);
  const sheetName = sheet.getName();
  // The first sheet read as a ledger becomes the ledger, so building the report (which makes
  // the report sheet active) or a trigger running later reads the same sheet.
  if (!settings.sheetName) writeSettings(ports.PropertiesService.getDocumentProperties(), { ...settings, sheetName });
  return ok({ spreadsheet, sheet, sheetName, values, readout: readout.value, options, locale });
}
