import { createAppsScriptEnv, type AppsScriptEnvOptions } from '../../addon/local/apps-script-env';
import { importCsv } from '../../addon/local/spreadsheet/csv-import';
import type { AddonPorts } from '../../addon/src/server/ports';
import { fixtureRows } from './fixtures';

/**
 * A spreadsheet with one sample ledger imported as Sheets imports a CSV, and the add-on's ports
 * over it. `dataRows` keeps only the first rows: a test about one invoice need not have the
 * backend record four hundred (about 8 DynamoDB writes each).
 */
export function ledgerEnv(fixture: 'ledger-sample.csv' | 'ledger-messy.csv', options: AppsScriptEnvOptions = {}, dataRows?: number) {
  const env = createAppsScriptEnv(options);
  const sheet = env.spreadsheet.activeSheet;
  sheet.name = 'Ledger';
  const rows = fixtureRows(fixture);
  sheet.load(importCsv(dataRows === undefined ? rows : rows.slice(0, dataRows + 1), env.spreadsheet.locale));
  const ports: AddonPorts = { ...env.globals, now: env.now };
  return { env, sheet, ports };
}

export { generatedLedgerRows } from '../../addon/local/generated-ledger';
