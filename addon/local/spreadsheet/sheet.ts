import type { CallCounter } from '../call-counter';
import { displayNumber } from './number-format';
import { asGas } from '../gas-types';
import { type GridArea, parseA1 } from './a1';
import { apiToCell, type CellValue, cellToApi, SerialDate, serialToDate } from './cell-values';
import { type EmbeddedChart, EmbeddedChartBuilder } from './charts';
import { ConditionalFormatRule } from './conditional-format';
import { EmulatedRange } from './range';
import type { EmulatedSpreadsheet } from './spreadsheet';

type SheetApi = Pick<
  GoogleAppsScript.Spreadsheet.Sheet,
  | 'getName'
  | 'setName'
  | 'getSheetId'
  | 'getParent'
  | 'getRange'
  | 'getDataRange'
  | 'getLastRow'
  | 'getLastColumn'
  | 'getMaxRows'
  | 'getMaxColumns'
  | 'insertRowsAfter'
  | 'insertColumnsAfter'
  | 'deleteRows'
  | 'appendRow'
  | 'getActiveCell'
  | 'getActiveRange'
  | 'setActiveSelection'
  | 'getConditionalFormatRules'
  | 'setConditionalFormatRules'
  | 'clear'
  | 'getFrozenRows'
  | 'setFrozenRows'
  | 'newChart'
  | 'insertChart'
  | 'getCharts'
  | 'removeChart'
  | 'hideSheet'
  | 'isSheetHidden'
  | 'autoResizeColumns'
  | 'setColumnWidth'
>;

export interface CellFormat {
  background?: string;
  fontColor?: string;
  fontWeight?: string;
  numberFormat?: string;
  note?: string;
  wrap?: boolean;
}

/** One sheet: its cells, formats, rules and charts, all in memory. */
export class EmulatedSheet implements SheetApi {
  rows: CellValue[][] = [];
  readonly formats = new Map<string, CellFormat>();
  rules: ConditionalFormatRule[] = [];
  charts: EmbeddedChart[] = [];
  maxRows: number;
  maxColumns: number;
  frozenRows = 0;
  hidden = false;
  active = { row: 1, column: 1 };
  /** Rows selected around the active cell (a shift-click in the workbench); absent: the active cell alone. */
  selectedRows: { row: number; numRows: number } | undefined;

  constructor(
    readonly spreadsheet: EmulatedSpreadsheet,
    public name: string,
    readonly sheetId: number,
    private readonly counter: CallCounter,
    size: { rows: number; columns: number } = { rows: 1000, columns: 26 },
  ) {
    this.maxRows = size.rows;
    this.maxColumns = size.columns;
  }

  private count(method: string): void {
    this.counter.count(`Sheet.${method}`);
  }
  private get timeZone(): string {
    return this.spreadsheet.timeZone;
  }

  // ---- storage, used by ranges and by the test harness (uncounted) -------------------

  /** Loads cells as Sheets holds them (numbers, strings, booleans, SerialDate), growing the grid. */
  load(rows: readonly (readonly CellValue[])[], startRow = 1): void {
    rows.forEach((cells, i) => {
      this.rows[startRow - 1 + i] = [...cells];
    });
    this.maxRows = Math.max(this.maxRows, startRow - 1 + rows.length);
    this.maxColumns = Math.max(this.maxColumns, ...rows.map((r) => r.length));
  }

  cell(row: number, column: number): CellValue {
    return this.rows[row - 1]?.[column - 1] ?? '';
  }

  lastRow(): number {
    for (let r = this.rows.length; r >= 1; r -= 1) if (this.rows[r - 1]?.some((v) => v !== '')) return r;
    return 0;
  }

  lastColumn(): number {
    let last = 0;
    for (const row of this.rows) {
      if (!row) continue;
      for (let c = row.length; c > last; c -= 1) if (row[c - 1] !== '' && row[c - 1] !== undefined) last = c;
    }
    return last;
  }

  checkArea(area: GridArea): void {
    if (area.row < 1 || area.column < 1 || area.numRows < 1 || area.numColumns < 1) {
      throw new Error('Exception: The starting row or column of the range is too small, or the range is empty.');
    }
    if (area.row + area.numRows - 1 > this.maxRows || area.column + area.numColumns - 1 > this.maxColumns) {
      throw new Error('Exception: The coordinates of the range are outside the dimensions of the sheet.');
    }
  }

  readValues(area: GridArea): unknown[][] {
    const out: unknown[][] = new Array<unknown[]>(area.numRows);
    for (let r = 0; r < area.numRows; r += 1) {
      const source = this.rows[area.row - 1 + r];
      const row = new Array<unknown>(area.numColumns);
      for (let c = 0; c < area.numColumns; c += 1) row[c] = cellToApi(source?.[area.column - 1 + c], this.timeZone);
      out[r] = row;
    }
    return out;
  }

  readDisplayValues(area: GridArea): string[][] {
    return this.readValues(area).map((row, r) =>
      row.map((value, c) => {
        if (value instanceof Date) {
          const cell = this.cell(area.row + r, area.column + c);
          const date = cell instanceof SerialDate ? serialToDate(cell.serial, 'UTC') : value;
          return `${date.getUTCMonth() + 1}/${date.getUTCDate()}/${date.getUTCFullYear()}`;
        }
        if (typeof value === 'number') return displayNumber(value, this.formats.get(`${area.row + r},${area.column + c}`)?.numberFormat);
        return String(value);
      }),
    );
  }

  writeValues(area: GridArea, values: readonly (readonly unknown[])[]): void {
    this.checkArea(area);
    for (let r = 0; r < area.numRows; r += 1) {
      const rowIndex = area.row - 1 + r;
      const row = (this.rows[rowIndex] ??= []);
      for (let c = 0; c < area.numColumns; c += 1) {
        const column = area.column + c;
        const plainText = this.formats.get(`${area.row + r},${column}`)?.numberFormat === '@';
        row[column - 1] = apiToCell(values[r]?.[c], this.timeZone, plainText);
      }
    }
  }

  setFormat(area: GridArea, change: (format: CellFormat, r: number, c: number) => unknown): void {
    this.checkArea(area);
    for (let r = 0; r < area.numRows; r += 1) {
      for (let c = 0; c < area.numColumns; c += 1) {
        const key = `${area.row + r},${area.column + c}`;
        const format = this.formats.get(key) ?? {};
        change(format, r, c);
        if (Object.keys(format).length === 0) this.formats.delete(key);
        else this.formats.set(key, format);
      }
    }
  }

  mapFormats<T>(area: GridArea, read: (format: CellFormat) => T): T[][] {
    return Array.from({ length: area.numRows }, (_, r) =>
      Array.from({ length: area.numColumns }, (_, c) => read(this.formats.get(`${area.row + r},${area.column + c}`) ?? {})),
    );
  }

  range(area: GridArea): EmulatedRange {
    this.checkArea(area);
    return new EmulatedRange(this, area, this.counter);
  }

  // ---- the Apps Script API (counted) --------------------------------------------------

  getName(): string {
    this.count('getName');
    return this.name;
  }
  setName(name: string) {
    this.count('setName');
    this.name = name;
    return asGas<GoogleAppsScript.Spreadsheet.Sheet>(this);
  }
  getSheetId(): number {
    this.count('getSheetId');
    return this.sheetId;
  }
  getParent(): GoogleAppsScript.Spreadsheet.Spreadsheet {
    this.count('getParent');
    return asGas(this.spreadsheet);
  }
  getRange(a: string | number, column?: number, numRows?: number, numColumns?: number): GoogleAppsScript.Spreadsheet.Range {
    this.count('getRange');
    const area =
      typeof a === 'string'
        ? parseA1(a, this.maxRows)
        : { row: a, column: column ?? 1, numRows: numRows ?? 1, numColumns: numColumns ?? 1 };
    return asGas(this.range(area));
  }
  getDataRange(): GoogleAppsScript.Spreadsheet.Range {
    this.count('getDataRange');
    return asGas(this.range({ row: 1, column: 1, numRows: Math.max(1, this.lastRow()), numColumns: Math.max(1, this.lastColumn()) }));
  }
  getLastRow(): number {
    this.count('getLastRow');
    return this.lastRow();
  }
  getLastColumn(): number {
    this.count('getLastColumn');
    return this.lastColumn();
  }
  getMaxRows(): number {
    this.count('getMaxRows');
    return this.maxRows;
  }
  getMaxColumns(): number {
    this.count('getMaxColumns');
    return this.maxColumns;
  }
  /** Rows at or below `from` (1-based) move by `by`; formats go with their rows. */
  private shiftRows(from: number, by: number): void {
    // Rows added after the last one move nothing; skipping the walk keeps appends cheap here.
    if (from > this.maxRows) return;
    const moved = [...this.formats].map(([key, format]) => {
      const [r, c] = key.split(',').map(Number) as [number, number];
      return [r >= from ? `${r + by},${c}` : key, format] as const;
    });
    this.formats.clear();
    for (const [key, format] of moved) if (Number(key.split(',')[0]) >= 1) this.formats.set(key, format);
  }
  insertRowsAfter(afterPosition: number, howMany: number) {
    this.count('insertRowsAfter');
    if (!Number.isInteger(howMany) || howMany < 1 || afterPosition < 1 || afterPosition > this.maxRows)
      throw new Error('Exception: Those rows are out of bounds.');
    if (afterPosition < this.rows.length) this.rows.splice(afterPosition, 0, ...Array.from({ length: howMany }, () => [] as CellValue[]));
    this.shiftRows(afterPosition + 1, howMany);
    this.maxRows += howMany;
    return asGas<GoogleAppsScript.Spreadsheet.Sheet>(this);
  }
  /**
   * Adds empty columns. Only at the right edge: inserting among existing columns would have to
   * move conditional-format ranges and charts too, which the add-on never needs, so the
   * emulation refuses it rather than get it subtly wrong.
   */
  insertColumnsAfter(afterPosition: number, howMany: number) {
    this.count('insertColumnsAfter');
    if (!Number.isInteger(howMany) || howMany < 1 || afterPosition < 1 || afterPosition > this.maxColumns)
      throw new Error('Exception: Those columns are out of bounds.');
    if (afterPosition !== this.maxColumns)
      throw new Error(
        `emulation: insertColumnsAfter(${afterPosition}) among existing columns is not emulated; only after the last (${this.maxColumns})`,
      );
    this.maxColumns += howMany;
    return asGas<GoogleAppsScript.Spreadsheet.Sheet>(this);
  }
  deleteRows(rowPosition: number, howMany: number) {
    this.count('deleteRows');
    if (!Number.isInteger(howMany) || howMany < 1 || rowPosition < 1 || rowPosition + howMany - 1 > this.maxRows)
      throw new Error('Exception: Those rows are out of bounds.');
    if (howMany >= this.maxRows) throw new Error("Exception: You can't delete all the rows on the sheet.");
    this.rows.splice(rowPosition - 1, howMany);
    for (const key of [...this.formats.keys()]) {
      const r = Number(key.split(',')[0]);
      if (r >= rowPosition && r < rowPosition + howMany) this.formats.delete(key);
    }
    this.shiftRows(rowPosition + howMany, -howMany);
    this.maxRows -= howMany;
    return asGas<GoogleAppsScript.Spreadsheet.Sheet>(this);
  }
  appendRow(rowContents: unknown[]) {
    this.count('appendRow');
    const row = this.lastRow() + 1;
    if (row > this.maxRows) this.maxRows = row;
    if (rowContents.length > this.maxColumns) this.maxColumns = rowContents.length;
    this.writeValues({ row, column: 1, numRows: 1, numColumns: rowContents.length }, [rowContents]);
    return asGas<GoogleAppsScript.Spreadsheet.Sheet>(this);
  }
  getActiveCell(): GoogleAppsScript.Spreadsheet.Range {
    this.count('getActiveCell');
    return asGas(this.range({ ...this.active, numRows: 1, numColumns: 1 }));
  }
  getActiveRange(): GoogleAppsScript.Spreadsheet.Range {
    this.count('getActiveRange');
    const rows = this.selectedRows ?? { row: this.active.row, numRows: 1 };
    return asGas(this.range({ ...rows, column: this.active.column, numColumns: 1 }));
  }
  /** As in Sheets: the range becomes the selection and its first cell the active one. */
  setActiveSelection(a: string | GoogleAppsScript.Spreadsheet.Range): GoogleAppsScript.Spreadsheet.Range {
    this.count('setActiveSelection');
    const area = typeof a === 'string' ? parseA1(a, this.maxRows) : (a as unknown as EmulatedRange).area;
    this.active = { row: area.row, column: area.column };
    this.selectedRows = area.numRows > 1 ? { row: area.row, numRows: area.numRows } : undefined;
    this.spreadsheet.activeSheet = this;
    return asGas(this.range(area));
  }
  getConditionalFormatRules(): GoogleAppsScript.Spreadsheet.ConditionalFormatRule[] {
    this.count('getConditionalFormatRules');
    return asGas([...this.rules]);
  }
  setConditionalFormatRules(rules: GoogleAppsScript.Spreadsheet.ConditionalFormatRule[]): void {
    this.count('setConditionalFormatRules');
    // Like Sheets, this replaces every rule of the sheet with the list given.
    this.rules = rules.map((rule) => {
      if (!(rule instanceof ConditionalFormatRule)) throw new Error('Exception: Invalid argument: rules');
      for (const range of rule.data.ranges) {
        if (range.sheet !== this) throw new Error('Exception: Conditional format rule cannot reference a different sheet.');
      }
      return rule;
    });
  }
  clear() {
    this.count('clear');
    this.rows = [];
    this.formats.clear();
    return asGas<GoogleAppsScript.Spreadsheet.Sheet>(this);
  }
  getFrozenRows(): number {
    this.count('getFrozenRows');
    return this.frozenRows;
  }
  setFrozenRows(rows: number): void {
    this.count('setFrozenRows');
    this.frozenRows = rows;
  }
  newChart(): GoogleAppsScript.Spreadsheet.EmbeddedChartBuilder {
    this.count('newChart');
    return asGas(new EmbeddedChartBuilder(() => this.spreadsheet.nextChartId()));
  }
  insertChart(chart: GoogleAppsScript.Spreadsheet.EmbeddedChart): void {
    this.count('insertChart');
    this.charts.push(chart as unknown as EmbeddedChart);
  }
  getCharts(): GoogleAppsScript.Spreadsheet.EmbeddedChart[] {
    this.count('getCharts');
    return asGas([...this.charts]);
  }
  removeChart(chart: GoogleAppsScript.Spreadsheet.EmbeddedChart): void {
    this.count('removeChart');
    const id = (chart as unknown as EmbeddedChart).data.id;
    this.charts = this.charts.filter((c) => c.data.id !== id);
  }
  hideSheet() {
    this.count('hideSheet');
    this.hidden = true;
    return asGas<GoogleAppsScript.Spreadsheet.Sheet>(this);
  }
  isSheetHidden(): boolean {
    this.count('isSheetHidden');
    return this.hidden;
  }
  autoResizeColumns(_startColumn: number, _numColumns: number) {
    this.count('autoResizeColumns');
    return asGas<GoogleAppsScript.Spreadsheet.Sheet>(this);
  }
  setColumnWidth(_columnPosition: number, _width: number) {
    this.count('setColumnWidth');
    return asGas<GoogleAppsScript.Spreadsheet.Sheet>(this);
  }
}
