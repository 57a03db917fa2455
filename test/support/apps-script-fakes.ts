/**
 * Just enough of Apps Script's services to load Code.js in node:vm and call its entry points,
 * typed against @types/google-apps-script so the names and shapes match the real API. The full
 * emulation (ranges, rules, properties, triggers) belongs to the add-on issue; these fakes record
 * what the code asked for and serve one sheet of values.
 */
export interface RecordedMenu {
  items: { caption: string; functionName: string }[];
  addedToUi: boolean;
}

type MenuFake = Pick<GoogleAppsScript.Base.Menu, 'addItem' | 'addSeparator' | 'addToUi'>;

export function fakeUi(menus: RecordedMenu[], sidebars: unknown[]): Pick<GoogleAppsScript.Base.Ui, 'createAddonMenu' | 'showSidebar'> {
  return {
    createAddonMenu() {
      const record: RecordedMenu = { items: [], addedToUi: false };
      menus.push(record);
      const menu: MenuFake = {
        addItem(caption: string, functionName: string) {
          record.items.push({ caption, functionName });
          return menu as GoogleAppsScript.Base.Menu;
        },
        addSeparator() {
          return menu as GoogleAppsScript.Base.Menu;
        },
        addToUi() {
          record.addedToUi = true;
        },
      };
      return menu as GoogleAppsScript.Base.Menu;
    },
    showSidebar(html: GoogleAppsScript.HTML.HtmlOutput) {
      sidebars.push(html);
    },
  };
}

export interface OneSheet {
  name: string;
  values: unknown[][];
  activeRow: number;
  timeZone: string;
  locale: string;
}

/** SpreadsheetApp over one sheet, with the calls the add-on makes counted. */
export function fakeSpreadsheetApp(sheet: OneSheet, ui: ReturnType<typeof fakeUi>, calls: string[]) {
  const count = <T>(name: string, value: T): T => {
    calls.push(name);
    return value;
  };
  const sheetFake = {
    getName: () => count('Sheet.getName', sheet.name),
    getActiveCell: () => count('Sheet.getActiveCell', { getRow: () => count('Range.getRow', sheet.activeRow) }),
    getDataRange: () => count('Sheet.getDataRange', { getValues: () => count('Range.getValues', sheet.values.map((r) => [...r])) }),
  };
  const spreadsheet = {
    getActiveSheet: () => count('Spreadsheet.getActiveSheet', sheetFake),
    getSpreadsheetTimeZone: () => count('Spreadsheet.getSpreadsheetTimeZone', sheet.timeZone),
    getSpreadsheetLocale: () => count('Spreadsheet.getSpreadsheetLocale', sheet.locale),
  };
  return {
    getUi: () => ui as GoogleAppsScript.Base.Ui,
    getActiveSpreadsheet: () => spreadsheet,
  };
}

export function fakeHtmlService(): Pick<GoogleAppsScript.HTML.HtmlService, 'createHtmlOutputFromFile'> {
  return {
    createHtmlOutputFromFile(filename: string) {
      const output = { filename, title: '', setTitle(title: string) { output.title = title; return output as unknown as GoogleAppsScript.HTML.HtmlOutput; } };
      return output as unknown as GoogleAppsScript.HTML.HtmlOutput;
    },
  };
}
