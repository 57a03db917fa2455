/**
 * Read + parse + age a ledger in Node, per size: the add-on does the same work in Apps Script's
 * V8 (several times slower, 6 minutes per execution), so this is the floor. Rows are the sample
 * ledger's repeated with fresh invoice numbers, as Sheets hands them over (strings, numbers, Dates).
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_AGING } from '../../shared/aging/aging-buckets';
import { summarizeAging } from '../../shared/aging/aging-summary';
import { parseCsvOrThrow as parseCsv } from '../../shared/ledger/parse-csv';
import { readLedger } from '../../shared/ledger/read-ledger';
import { CalendarDate } from '../../shared/time/calendar-date';

export interface LedgerFigures {
  rows: number;
  kind: string;
  medianMs: number;
  msPer1000Rows: number;
  invoices: number;
}

function rowsOf(kind: 'csv strings' | 'sheet values', size: number): unknown[][] {
  const sample = parseCsv(readFileSync('test/fixtures/ledger-sample.csv', 'utf8'));
  const [header, ...body] = sample;
  const rows: unknown[][] = [header ?? []];
  for (let i = 0; i < size; i += 1) {
    const row = [...(body[i % body.length] ?? [])] as unknown[];
    row[0] = `INV-${i}`;
    if (kind === 'sheet values') {
      // What getValues() returns for a real sheet: Dates for date cells, numbers for amounts.
      row[3] = new Date(`${String(row[3])}T05:00:00Z`);
      row[4] = new Date(`${String(row[4])}T05:00:00Z`);
      for (const c of [5, 6, 7, 8]) row[c] = Number(row[c]);
    }
    rows.push(row);
  }
  return rows;
}

export function benchLedger(sizes: readonly number[]): LedgerFigures[] {
  const figures: LedgerFigures[] = [];
  const today = CalendarDate.parse('2026-11-24');
  for (const kind of ['csv strings', 'sheet values'] as const) {
    for (const size of sizes) {
      const rows = rowsOf(kind, size);
      const times: number[] = [];
      let invoices = 0;
      for (let run = 0; run < 5; run += 1) {
        const started = performance.now();
        const readout = readLedger(rows, { timeZone: 'America/New_York', currency: 'USD', decimalSeparator: '.' });
        if (!readout.ok) throw new Error(readout.error);
        summarizeAging(readout.value.invoices, today, DEFAULT_AGING);
        times.push(performance.now() - started);
        invoices = readout.value.invoices.length;
      }
      const median = times.sort((a, b) => a - b)[2] ?? 0;
      figures.push({
        rows: size,
        kind,
        medianMs: Math.round(median),
        msPer1000Rows: Math.round((median / size) * 1000 * 100) / 100,
        invoices,
      });
    }
  }
  return figures;
}

export function ledgerTable(rows: readonly LedgerFigures[]): string {
  return [
    '| rows | cells as | read + parse + age (median of 5) | per 1,000 rows | invoices |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.rows} | ${r.kind} | ${r.medianMs} ms | ${r.msPer1000Rows} ms | ${r.invoices} |`),
  ].join('\n');
}
