import type { CallCounter } from '../call-counter';
import { escapeRegExp } from '../../../shared/text';
import { asGas } from '../gas-types';
import type { GridArea } from './a1';
import type { EmulatedSheet } from './sheet';

type TextFinderApi = Pick<
  GoogleAppsScript.Spreadsheet.TextFinder,
  'matchCase' | 'matchEntireCell' | 'useRegularExpression' | 'findAll' | 'findNext'
>;

/**
 * Sheets' find, run on the server over a range's displayed values: only the matching cells come
 * back, as ranges, so a search costs the same calls and reads no cells whatever the range's size.
 * As Google documents it: case-insensitive and partial unless told otherwise, and a regular
 * expression when asked (Sheets uses RE2; the add-on's patterns use only what RE2 and
 * JavaScript read alike).
 */
export class EmulatedTextFinder implements TextFinderApi {
  private caseSensitive = false;
  private entireCell = false;
  private regex = false;
  private next = 0;

  constructor(
    private readonly sheet: EmulatedSheet,
    private readonly area: GridArea,
    private readonly findText: string,
    private readonly counter: CallCounter,
  ) {}

  private count(method: string): void {
    this.counter.count(`TextFinder.${method}`);
  }
  private self(): GoogleAppsScript.Spreadsheet.TextFinder {
    return asGas(this);
  }

  matchCase(matchCase: boolean) {
    this.count('matchCase');
    this.caseSensitive = matchCase;
    return this.self();
  }
  matchEntireCell(matchEntireCell: boolean) {
    this.count('matchEntireCell');
    this.entireCell = matchEntireCell;
    return this.self();
  }
  useRegularExpression(useRegEx: boolean) {
    this.count('useRegularExpression');
    this.regex = useRegEx;
    return this.self();
  }

  private matches(): GridArea[] {
    const flags = this.caseSensitive ? 'u' : 'iu';
    const source = this.regex ? this.findText : escapeRegExp(this.findText);
    const pattern = new RegExp(this.entireCell ? `^(?:${source})$` : source, flags);
    const out: GridArea[] = [];
    this.sheet.readDisplayValues(this.area).forEach((cells, r) =>
      cells.forEach((text, c) => {
        if (text !== '' && pattern.test(text))
          out.push({ row: this.area.row + r, column: this.area.column + c, numRows: 1, numColumns: 1 });
      }),
    );
    return out;
  }

  findAll(): GoogleAppsScript.Spreadsheet.Range[] {
    this.count('findAll');
    return this.matches().map((area) => asGas(this.sheet.range(area)));
  }
  findNext(): GoogleAppsScript.Spreadsheet.Range | null {
    this.count('findNext');
    const area = this.matches()[this.next];
    if (!area) return null;
    this.next += 1;
    return asGas(this.sheet.range(area));
  }
}
