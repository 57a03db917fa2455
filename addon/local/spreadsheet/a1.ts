/** Column 1 -> "A", 27 -> "AA". */
export function columnLetters(column: number): string {
  let n = column;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export interface GridArea {
  row: number;
  column: number;
  numRows: number;
  numColumns: number;
}

/**
 * "B2", "A1:H10", and the open-ended "A5:H" (to the sheet's last row), as Sheets reads them.
 * Sheet-qualified names ("'Aging report'!A1") are not needed by the add-on and are refused.
 */
export function parseA1(a1: string, maxRows: number): GridArea {
  const m = /^\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d*))?$/i.exec(a1.trim());
  if (!m) throw new Error(`Range not found: ${a1}`);
  const column = columnNumber(m[1] ?? 'A');
  const row = Number(m[2]);
  const endColumn = m[3] ? columnNumber(m[3]) : column;
  const endRow = m[3] ? (m[4] ? Number(m[4]) : maxRows) : row;
  return {
    row: Math.min(row, endRow),
    column: Math.min(column, endColumn),
    numRows: Math.abs(endRow - row) + 1,
    numColumns: Math.abs(endColumn - column) + 1,
  };
}

export function a1Notation(area: GridArea): string {
  const start = `${columnLetters(area.column)}${area.row}`;
  if (area.numRows === 1 && area.numColumns === 1) return start;
  return `${start}:${columnLetters(area.column + area.numColumns - 1)}${area.row + area.numRows - 1}`;
}
