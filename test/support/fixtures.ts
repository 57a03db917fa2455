import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsvOrThrow as parseCsv } from '../../shared/ledger/parse-csv';

export const FIXTURES = join(__dirname, '..', 'fixtures');

/** The sample ledgers' dates were made relative to this day: pin the clock to it. */
export const LEDGER_DAY = '2026-11-24';

export function fixtureRows(name: 'ledger-sample.csv' | 'ledger-messy.csv'): string[][] {
  return parseCsv(readFileSync(join(FIXTURES, name), 'utf8'));
}
