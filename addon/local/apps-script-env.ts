import { readFileSync } from 'node:fs';
import { CallCounter } from './call-counter';
import { EmulatedDrive } from './drive';
import { cacheService, EmulatedCache, LockTable, lockService } from './lock-and-cache';
import { EmulatedProperties, propertiesService } from './properties';
import { EmulatedScriptApp } from './script-app';
import { EmulatedSpreadsheet } from './spreadsheet/spreadsheet';
import { EmulatedSpreadsheetApp } from './spreadsheet/spreadsheet-app';
import { EmulatedUi, htmlService } from './ui-and-html';
import { EmulatedUrlFetchApp, type HttpTransport, realHttpTransport } from './url-fetch';
import { charts, session, utilities } from './utilities-and-session';

export interface AppsScriptEnvOptions {
  spreadsheetId?: string;
  spreadsheetName?: string;
  timeZone?: string;
  locale?: string;
  userEmail?: string;
  /** The user's Google ID token; the local issuer mints it. */
  identityToken?: () => string;
  /** Real HTTP by default. */
  transport?: HttpTransport;
  /** Origins standing in for the deployed backend (the local API), allowed beside the manifest's. */
  extraAllowedUrls?: readonly string[];
  /** Where `npm run build` put Sidebar.html and the other HtmlService files. */
  distDir?: string;
  now?: () => number;
  /** Moves the clock: Utilities.sleep and lock waits call it. */
  advance?: (ms: number) => void;
  manifestPath?: string;
}

/** The manifest's urlFetchWhitelist: what UrlFetchApp may reach in production. */
export function manifestAllowList(path = 'addon/appsscript.json'): string[] {
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as { urlFetchWhitelist?: string[] };
  return manifest.urlFetchWhitelist ?? [];
}

/**
 * One user's view of one spreadsheet with the add-on installed: every Apps Script service the
 * add-on uses, sharing one call counter and one clock. `globals` are the names Apps Script
 * defines; `run` is one execution (a menu click, a trigger): locks it took are released when
 * it ends, as Apps Script releases them, even if it was killed.
 */
export function createAppsScriptEnv(options: AppsScriptEnvOptions = {}) {
  const counter = new CallCounter();
  let clockMs = Date.UTC(2026, 10, 24, 15, 0);
  const now = options.now ?? (() => clockMs);
  const advance = options.advance ?? ((ms: number) => (clockMs += ms));
  const timeZone = options.timeZone ?? 'America/New_York';
  const locale = options.locale ?? 'en_US';
  const spreadsheetId = options.spreadsheetId ?? 'local-ledger-0000000001';

  const spreadsheet = new EmulatedSpreadsheet(spreadsheetId, options.spreadsheetName ?? 'Receivables', timeZone, locale, counter);
  const ui = new EmulatedUi(counter);
  const documentProperties = new EmulatedProperties('document', counter);
  const userProperties = new EmulatedProperties('user', counter);
  const scriptProperties = new EmulatedProperties('script', counter);
  const lockTable = new LockTable();
  let execution = 0;
  const cache = new EmulatedCache(now, counter);
  const scriptApp = new EmulatedScriptApp(spreadsheetId, options.identityToken ?? (() => 'no-identity-token-configured'), counter);
  const allowList = [...manifestAllowList(options.manifestPath), ...(options.extraAllowedUrls ?? [])];
  const urlFetch = new EmulatedUrlFetchApp(options.transport ?? realHttpTransport(), allowList, counter);
  const drive = new EmulatedDrive(counter);
  const spreadsheetApp = new EmulatedSpreadsheetApp(() => spreadsheet, ui as unknown as GoogleAppsScript.Base.Ui, counter);

  const globals = {
    SpreadsheetApp: spreadsheetApp as unknown as GoogleAppsScript.Spreadsheet.SpreadsheetApp,
    PropertiesService: propertiesService(documentProperties, userProperties, scriptProperties),
    LockService: lockService(lockTable, () => execution, counter, advance),
    CacheService: cacheService(cache),
    UrlFetchApp: urlFetch as unknown as GoogleAppsScript.URL_Fetch.UrlFetchApp,
    ScriptApp: scriptApp as unknown as GoogleAppsScript.Script.ScriptApp,
    HtmlService: htmlService(options.distDir ?? 'addon/dist'),
    Session: session(options.userEmail ?? 'ar@northwind.example', timeZone, locale),
    Utilities: utilities(counter, advance),
    Charts: charts(),
    DriveApp: drive.api(),
  };

  return {
    counter,
    spreadsheet,
    ui,
    documentProperties,
    userProperties,
    scriptApp,
    urlFetch,
    drive,
    lockTable,
    cache,
    globals,
    now,
    advance,
    /** One execution: its locks are released when it returns or throws. */
    run<T>(work: () => T): T {
      execution += 1;
      const mine = execution;
      try {
        return work();
      } finally {
        if (lockTable.holder === mine) lockTable.holder = null;
        counter.revive();
      }
    },
    /** Puts the services on `target` under their Apps Script names; returns how to undo it. */
    install(target: Record<string, unknown> = globalThis): () => void {
      const previous = Object.fromEntries(Object.keys(globals).map((k) => [k, target[k]]));
      Object.assign(target, globals);
      return () => Object.assign(target, previous);
    },
  };
}

export type AppsScriptEnv = ReturnType<typeof createAppsScriptEnv>;
