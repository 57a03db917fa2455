import type { CallCounter } from '../call-counter';
import { asGas } from '../gas-types';
import { EmulatedSheet } from './sheet';

type SpreadsheetApi = Pick<
  GoogleAppsScript.Spreadsheet.Spreadsheet,
  | 'getId'
  | 'getName'
  | 'getUrl'
  | 'getActiveSheet'
  | 'setActiveSheet'
  | 'getSheetByName'
  | 'getSheets'
  | 'insertSheet'
  | 'deleteSheet'
  | 'getSpreadsheetTimeZone'
  | 'getSpreadsheetLocale'
  | 'getActiveCell'
  | 'getActiveRange'
  | 'toast'
>;

export interface Toast {
  msg: string;
  title: string;
  timeoutSeconds: number;
}

/** A spreadsheet: sheets, the active one, its zone and locale. */
export class EmulatedSpreadsheet implements SpreadsheetApi {
  readonly sheets: EmulatedSheet[] = [];
  activeSheet: EmulatedSheet;
  readonly toasts: Toast[] = [];
  private chartIds = 0;
  private sheetIds = 0;

  constructor(
    readonly id: string,
    readonly name: string,
    readonly timeZone: string,
    readonly locale: string,
    private readonly counter: CallCounter,
  ) {
    this.activeSheet = this.addSheet('Sheet1');
  }

  private count(method: string): void {
    this.counter.count(`Spreadsheet.${method}`);
  }

  /** Harness use (uncounted). */
  addSheet(name: string, index = this.sheets.length): EmulatedSheet {
    if (this.sheets.some((s) => s.name === name)) {
      throw new Error(`Exception: A sheet with the name "${name}" already exists. Please enter another name.`);
    }
    const sheet = new EmulatedSheet(this, name, this.sheetIds++, this.counter);
    this.sheets.splice(index, 0, sheet);
    return sheet;
  }

  sheet(name: string): EmulatedSheet {
    const sheet = this.sheets.find((s) => s.name === name);
    if (!sheet) throw new Error(`no sheet named ${name}`);
    return sheet;
  }

  nextChartId(): number {
    this.chartIds += 1;
    return this.chartIds;
  }

  getId(): string {
    this.count('getId');
    return this.id;
  }
  getName(): string {
    this.count('getName');
    return this.name;
  }
  getUrl(): string {
    this.count('getUrl');
    return `https://docs.google.com/spreadsheets/d/${this.id}/edit`;
  }
  getActiveSheet(): GoogleAppsScript.Spreadsheet.Sheet {
    this.count('getActiveSheet');
    return asGas(this.activeSheet);
  }
  setActiveSheet(sheet: GoogleAppsScript.Spreadsheet.Sheet): GoogleAppsScript.Spreadsheet.Sheet {
    this.count('setActiveSheet');
    this.activeSheet = sheet as unknown as EmulatedSheet;
    return sheet;
  }
  getSheetByName(name: string): GoogleAppsScript.Spreadsheet.Sheet | null {
    this.count('getSheetByName');
    const sheet = this.sheets.find((s) => s.name === name);
    return sheet ? asGas(sheet) : null;
  }
  getSheets(): GoogleAppsScript.Spreadsheet.Sheet[] {
    this.count('getSheets');
    return asGas([...this.sheets]);
  }
  insertSheet(name?: unknown, index?: unknown): GoogleAppsScript.Spreadsheet.Sheet {
    this.count('insertSheet');
    const sheetName = typeof name === 'string' ? name : `Sheet${this.sheets.length + 1}`;
    const sheet = this.addSheet(sheetName, typeof index === 'number' ? index : this.sheets.length);
    this.activeSheet = sheet;
    return asGas(sheet);
  }
  deleteSheet(sheet: GoogleAppsScript.Spreadsheet.Sheet): void {
    this.count('deleteSheet');
    if (this.sheets.length === 1) throw new Error("Exception: You can't remove all the sheets in a document.");
    const index = this.sheets.indexOf(sheet as unknown as EmulatedSheet);
    if (index >= 0) this.sheets.splice(index, 1);
    if (this.activeSheet === (sheet as unknown as EmulatedSheet)) this.activeSheet = this.sheets[0] ?? this.activeSheet;
  }
  getSpreadsheetTimeZone(): string {
    this.count('getSpreadsheetTimeZone');
    return this.timeZone;
  }
  getSpreadsheetLocale(): string {
    this.count('getSpreadsheetLocale');
    return this.locale;
  }
  getActiveCell(): GoogleAppsScript.Spreadsheet.Range {
    this.count('getActiveCell');
    return this.activeSheet.getActiveCell();
  }
  getActiveRange(): GoogleAppsScript.Spreadsheet.Range {
    this.count('getActiveRange');
    return this.activeSheet.getActiveRange();
  }
  toast(msg: string, title?: string, timeoutSeconds?: number | null): void {
    this.count('toast');
    this.toasts.push({ msg, title: title ?? '', timeoutSeconds: timeoutSeconds ?? 5 });
  }
}
