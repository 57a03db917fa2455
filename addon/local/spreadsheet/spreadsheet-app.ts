import type { CallCounter } from '../call-counter';
import { asGas } from '../gas-types';
import { ConditionalFormatRuleBuilder } from './conditional-format';
import type { EmulatedSpreadsheet } from './spreadsheet';

type AppApi = Pick<
  GoogleAppsScript.Spreadsheet.SpreadsheetApp,
  'getActiveSpreadsheet' | 'getActive' | 'getActiveSheet' | 'getUi' | 'newConditionalFormatRule' | 'flush'
>;

/** Apps Script's enums are objects of named values; the emulation uses the names themselves. */
export function enumOf<K extends string>(...names: K[]): Record<K, K> {
  return Object.fromEntries(names.map((n) => [n, n])) as Record<K, K>;
}

export const BooleanCriteria = enumOf('CUSTOM_FORMULA', 'CELL_NOT_EMPTY', 'CELL_EMPTY');

export class EmulatedSpreadsheetApp implements AppApi {
  readonly BooleanCriteria = asGas<typeof GoogleAppsScript.Spreadsheet.BooleanCriteria>(BooleanCriteria);

  constructor(
    private readonly spreadsheet: () => EmulatedSpreadsheet,
    private readonly ui: GoogleAppsScript.Base.Ui,
    private readonly counter: CallCounter,
  ) {}

  getActiveSpreadsheet(): GoogleAppsScript.Spreadsheet.Spreadsheet {
    this.counter.count('SpreadsheetApp.getActiveSpreadsheet');
    return asGas(this.spreadsheet());
  }
  getActive(): GoogleAppsScript.Spreadsheet.Spreadsheet {
    this.counter.count('SpreadsheetApp.getActive');
    return asGas(this.spreadsheet());
  }
  getActiveSheet(): GoogleAppsScript.Spreadsheet.Sheet {
    this.counter.count('SpreadsheetApp.getActiveSheet');
    return asGas(this.spreadsheet().activeSheet);
  }
  getUi(): GoogleAppsScript.Base.Ui {
    this.counter.count('SpreadsheetApp.getUi');
    return this.ui;
  }
  newConditionalFormatRule(): GoogleAppsScript.Spreadsheet.ConditionalFormatRuleBuilder {
    return asGas(new ConditionalFormatRuleBuilder(this.BooleanCriteria, undefined, this.counter));
  }
  flush(): void {
    this.counter.count('SpreadsheetApp.flush');
  }
}
