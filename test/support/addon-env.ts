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

/** A ledger of `rows` generated invoices with plain headers, for cost measurements. */
export function generatedLedgerRows(rows: number, today = '2026-11-24'): string[][] {
  const header = ['Invoice Number', 'Customer', 'Contact Email', 'Invoice Date', 'Due Date', 'Amount', 'Balance', 'Status'];
  const base = Date.parse(`${today}T00:00:00Z`);
  const day = (offset: number) => new Date(base + offset * 86_400_000).toISOString().slice(0, 10);
  const out = [header];
  for (let i = 0; i < rows; i += 1) {
    const age = (i * 37) % 150;
    const amount = (100 + ((i * 7919) % 90_000) / 100).toFixed(2);
    out.push([`INV-${100000 + i}`, `Customer ${i % 97}`, `ap${i % 97}@customer${i % 97}.example`, day(-age - 30), day(-age), amount, i % 11 === 0 ? '0' : amount, i % 11 === 0 ? 'Paid' : 'Open']);
  }
  return out;
}
