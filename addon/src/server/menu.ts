/**
 * The add-on's menu. Apps Script calls onOpen with AuthMode.NONE for an add-on not yet used in
 * this document, where most services throw: only the menu is built here, nothing is read.
 * Each item names a function exported from main.ts.
 */
export function onOpen(_e?: GoogleAppsScript.Events.SheetsOnOpen): void {
  SpreadsheetApp.getUi()
    .createAddonMenu()
    .addItem('Open sidebar', 'showSidebar')
    .addItem('Color-code aging', 'colorCodeAgingFromMenu')
    .addItem('Build aging report', 'buildAgingReportFromMenu')
    .addItem('Sync now', 'syncNowFromMenu')
    .addSeparator()
    .addItem('Settings', 'showSettings')
    .addItem('Help', 'showHelp')
    .addToUi();
}

export function onInstall(e?: GoogleAppsScript.Events.AddonOnInstall): void {
  onOpen(e as GoogleAppsScript.Events.SheetsOnOpen | undefined);
}
