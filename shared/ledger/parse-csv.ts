import { err, ok, type Result } from '../result';

/**
 * RFC 4180 CSV into rows of cells: quoted fields, doubled quotes, commas and line breaks inside
 * quotes, CRLF or LF. Cells stay strings, as a CSV export gives them; the ledger reader does the
 * rest. A trailing newline does not make an empty last row. A quote never closed is refused,
 * naming the line it opened on: read on, it would swallow every later row into one cell.
 */
export function parseCsv(text: string): Result<string[][]> {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let openedOn = 0;
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < input.length; i += 1) {
    const c = input[i];
    if (quoted) {
      if (c === '"') {
        if (input[i + 1] === '"') {
          cell += '"';
          i += 1;
        } else quoted = false;
      } else {
        if (c === '\n') line += 1;
        cell += c;
      }
    } else if (c === '"') {
      quoted = true;
      openedOn = line;
    } else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && input[i + 1] === '\n') i += 1;
      line += 1;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (quoted) return err(`line ${openedOn}: a quote (") opens a cell that is never closed; close it or remove it`);
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return ok(rows);
}

/** For the project's own files (fixtures, benchmarks), where a bad file is a bug: its error thrown. */
export function parseCsvOrThrow(text: string): string[][] {
  const rows = parseCsv(text);
  if (!rows.ok) throw new Error(rows.error);
  return rows.value;
}
