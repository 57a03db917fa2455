import type { CallCounter } from '../call-counter';
import { asGas } from '../gas-types';
import { a1Notation, type GridArea } from './a1';
import type { EmulatedSheet } from './sheet';
import { EmulatedTextFinder } from './text-finder';

type RangeApi = Pick<
  GoogleAppsScript.Spreadsheet.Range,
  | 'getValues'
  | 'getValue'
  | 'setValues'
  | 'setValue'
  | 'getDisplayValues'
  | 'getRow'
  | 'getColumn'
  | 'getNumRows'
  | 'getNumColumns'
  | 'getLastRow'
  | 'getLastColumn'
  | 'getA1Notation'
  | 'getSheet'
  | 'getBackgrounds'
  | 'setBackground'
  | 'setBackgrounds'
  | 'setFontColors'
  | 'setFontWeight'
  | 'setFontColor'
  | 'setNumberFormat'
  | 'setNumberFormats'
  | 'setNote'
  | 'getNote'
  | 'clearContent'
  | 'clear'
  | 'setWrap'
  | 'createTextFinder'
>;

/** A rectangle of a sheet. Like Apps Script's, it holds no data: every call goes to the sheet. */
export class EmulatedRange implements RangeApi {
  constructor(
    readonly sheet: EmulatedSheet,
    readonly area: GridArea,
    private readonly counter: CallCounter,
  ) {}

  private count(method: string): void {
    this.counter.count(`Range.${method}`);
  }
  private self(): GoogleAppsScript.Spreadsheet.Range {
    return asGas(this);
  }

  getValues(): unknown[][] {
    this.count('getValues');
    this.counter.cellsRead(this.area.numRows * this.area.numColumns);
    return this.sheet.readValues(this.area);
  }
  getDisplayValues(): string[][] {
    this.count('getDisplayValues');
    this.counter.cellsRead(this.area.numRows * this.area.numColumns);
    return this.sheet.readDisplayValues(this.area);
  }
  getValue(): unknown {
    this.count('getValue');
    this.counter.cellsRead(1);
    return this.sheet.readValues({ ...this.area, numRows: 1, numColumns: 1 })[0]?.[0] ?? '';
  }
  setValues(values: unknown[][]) {
    this.count('setValues');
    if (values.length !== this.area.numRows) {
      throw new Error(
        `Exception: The number of rows in the data does not match the number of rows in the range. The data has ${values.length} but the range has ${this.area.numRows}.`,
      );
    }
    for (const row of values) {
      if (row.length !== this.area.numColumns) {
        throw new Error(
          `Exception: The number of columns in the data does not match the number of columns in the range. The data has ${row.length} but the range has ${this.area.numColumns}.`,
        );
      }
    }
    this.sheet.writeValues(this.area, values);
    return this.self();
  }
  setValue(value: unknown) {
    this.count('setValue');
    this.sheet.writeValues({ ...this.area, numRows: 1, numColumns: 1 }, [[value]]);
    return this.self();
  }
  createTextFinder(findText: string): GoogleAppsScript.Spreadsheet.TextFinder {
    this.count('createTextFinder');
    return asGas(new EmulatedTextFinder(this.sheet, this.area, findText, this.counter));
  }
  getRow(): number {
    this.count('getRow');
    return this.area.row;
  }
  getColumn(): number {
    this.count('getColumn');
    return this.area.column;
  }
  getNumRows(): number {
    this.count('getNumRows');
    return this.area.numRows;
  }
  getNumColumns(): number {
    this.count('getNumColumns');
    return this.area.numColumns;
  }
  getLastRow(): number {
    this.count('getLastRow');
    return this.area.row + this.area.numRows - 1;
  }
  getLastColumn(): number {
    this.count('getLastColumn');
    return this.area.column + this.area.numColumns - 1;
  }
  getA1Notation(): string {
    this.count('getA1Notation');
    return a1Notation(this.area);
  }
  getSheet(): GoogleAppsScript.Spreadsheet.Sheet {
    this.count('getSheet');
    return asGas(this.sheet);
  }
  getBackgrounds(): string[][] {
    this.count('getBackgrounds');
    return this.sheet.mapFormats(this.area, (f) => f.background ?? '#ffffff');
  }
  setBackground(color: string | null) {
    this.count('setBackground');
    this.sheet.setFormat(this.area, (f) => (color === null ? delete f.background : (f.background = color)));
    return this.self();
  }
  setBackgrounds(color: string[][]) {
    this.count('setBackgrounds');
    this.checkShape(color);
    this.sheet.setFormat(this.area, (f, r, c) => (f.background = color[r]?.[c] ?? '#ffffff'));
    return this.self();
  }
  setFontColors(colors: unknown[][]) {
    this.count('setFontColors');
    this.checkShape(colors);
    this.sheet.setFormat(this.area, (f, r, c) => {
      // Apps Script accepts a color string or a Color object here; the emulation only models strings.
      const color = colors[r]?.[c];
      f.fontColor = typeof color === 'string' ? color : '#000000';
    });
    return this.self();
  }
  private checkShape(grid: readonly (readonly unknown[])[]): void {
    if (grid.length !== this.area.numRows || grid.some((r) => r.length !== this.area.numColumns)) {
      throw new Error('Exception: The number of rows or columns in the data does not match the range.');
    }
  }
  setFontWeight(fontWeight: string | null) {
    this.count('setFontWeight');
    this.sheet.setFormat(this.area, (f) => (fontWeight === null ? delete f.fontWeight : (f.fontWeight = fontWeight)));
    return this.self();
  }
  setFontColor(color: string | null) {
    this.count('setFontColor');
    this.sheet.setFormat(this.area, (f) => (color === null ? delete f.fontColor : (f.fontColor = color)));
    return this.self();
  }
  setNumberFormat(numberFormat: string) {
    this.count('setNumberFormat');
    this.sheet.setFormat(this.area, (f) => (f.numberFormat = numberFormat));
    return this.self();
  }
  setNumberFormats(numberFormats: string[][]) {
    this.count('setNumberFormats');
    this.checkShape(numberFormats);
    this.sheet.setFormat(this.area, (f, r, c) => (f.numberFormat = numberFormats[r]?.[c] ?? 'General'));
    return this.self();
  }
  setNote(note: string | null) {
    this.count('setNote');
    this.sheet.setFormat(this.area, (f) => (note === null || note === '' ? delete f.note : (f.note = note)));
    return this.self();
  }
  getNote(): string {
    this.count('getNote');
    return this.sheet.mapFormats({ ...this.area, numRows: 1, numColumns: 1 }, (f) => f.note ?? '')[0]?.[0] ?? '';
  }
  setWrap(isWrapEnabled: boolean) {
    this.count('setWrap');
    this.sheet.setFormat(this.area, (f) => (f.wrap = isWrapEnabled));
    return this.self();
  }
  clearContent() {
    this.count('clearContent');
    this.sheet.writeValues(
      this.area,
      Array.from({ length: this.area.numRows }, () => Array<unknown>(this.area.numColumns).fill('')),
    );
    return this.self();
  }
  clear() {
    this.count('clear');
    this.sheet.writeValues(
      this.area,
      Array.from({ length: this.area.numRows }, () => Array<unknown>(this.area.numColumns).fill('')),
    );
    this.sheet.setFormat(this.area, (f) => {
      for (const key of Object.keys(f)) delete f[key as keyof typeof f];
    });
    return this.self();
  }
}
