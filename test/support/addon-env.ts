import { createAppsScriptEnv, type AppsScriptEnvOptions } from '../../addon/local/apps-script-env';
import { importCsv } from '../../addon/local/spreadsheet/csv-import';
import type { AddonPorts } from '../../addon/src/server/ports';
import { fixtureRows } from './fixtures';

/** A spreadsheet with one sample ledger imported as Sheets imports a CSV, and the add-on's ports over it. */
export function ledgerEnv(fixture: 'ledger-sample.csv' | 'ledger-messy.csv', options: AppsScriptEnvOptions = {}) {
  const env = createAppsScriptEnv(options);
  const sheet = env.spreadsheet.activeSheet;
  sheet.name = 'Ledger';
  sheet.load(importCsv(fixtureRows(fixture), env.spreadsheet.locale));
  const ports: AddonPorts = { ...env.globals, now: env.now };
  return { env, sheet, ports };
}

export { generatedLedgerRows } from '../../addon/local/generated-ledger';
