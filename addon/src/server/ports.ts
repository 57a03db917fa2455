/**
 * The Apps Script services the add-on's operations use, passed in rather than reached as
 * globals from deep inside, plus the clock. In Apps Script they are the globals themselves;
 * the emulation (addon/local) passes its own, with a clock the workbench can move.
 */
export interface AddonPorts {
  SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp;
  PropertiesService: GoogleAppsScript.Properties.PropertiesService;
  LockService: GoogleAppsScript.Lock.LockService;
  UrlFetchApp: GoogleAppsScript.URL_Fetch.UrlFetchApp;
  ScriptApp: GoogleAppsScript.Script.ScriptApp;
  HtmlService: GoogleAppsScript.HTML.HtmlService;
  Session: GoogleAppsScript.Base.Session;
  Utilities: GoogleAppsScript.Utilities.Utilities;
  Charts: GoogleAppsScript.Charts.Charts;
  DriveApp: GoogleAppsScript.Drive.DriveApp;
  now: () => number;
}

export function appsScriptPorts(): AddonPorts {
  return {
    SpreadsheetApp,
    PropertiesService,
    LockService,
    UrlFetchApp,
    ScriptApp,
    HtmlService,
    Session,
    Utilities,
    Charts,
    DriveApp,
    now: () => Date.now(),
  };
}

/**
 * Runs `work` holding the document lock, or says why not. setConditionalFormatRules replaces
 * all of a sheet's rules and a sync must not run twice, so every write to the document goes
 * through here.
 */
export function withDocumentLock<T>(ports: AddonPorts, work: () => T): { ok: true; value: T } | { ok: false; error: string } {
  const lock = ports.LockService.getDocumentLock();
  if (!lock.tryLock(10_000)) {
    return { ok: false, error: 'Dunning Desk is already updating this spreadsheet (a sync or another action). Try again in a minute.' };
  }
  try {
    return { ok: true, value: work() };
  } finally {
    lock.releaseLock();
  }
}
