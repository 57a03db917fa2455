import { columnLetters, columnNumber } from '../spreadsheet/a1';

/**
 * A conditional-format formula as Sheets applies it to another cell of its range: relative
 * references ($ absent) move with the cell, absolute ones stay; each reference is qualified
 * with the data sheet's name so the formula can be evaluated from a scratch sheet. Text inside
 * quotes and function names (LOG10( ) are left alone. The formula engine does the evaluating;
 * this only places the formula, as Sheets does when it applies a rule to a range.
 */
export function shiftReferences(formula: string, rowDelta: number, columnDelta: number, sheetName: string): string {
  const quotedSheet = `'${sheetName.replace(/'/g, "''")}'!`;
  let out = '';
  let i = 0;
  const refPattern = /^(\$?)([A-Z]{1,3})(\$?)(\d+)/;
  while (i < formula.length) {
    const ch = formula[i] ?? '';
    if (ch === '"') {
      const end = formula.indexOf('"', i + 1);
      const stop = end < 0 ? formula.length : end + 1;
      out += formula.slice(i, stop);
      i = stop;
      continue;
    }
    const previous = formula[i - 1] ?? '';
    const match = /[A-Za-z0-9_.$]/.test(previous) ? null : refPattern.exec(formula.slice(i));
    if (match && !/^[A-Za-z0-9_(]/.test(formula.slice(i + match[0].length))) {
      const [whole, colAbs, col = 'A', rowAbs, row = '1'] = match;
      const newCol = colAbs ? col : columnLetters(columnNumber(col) + columnDelta);
      const newRow = rowAbs ? Number(row) : Number(row) + rowDelta;
      // The second end of A1:B2 is inside the qualified range; Other!A1 names its own sheet.
      const qualify = previous === ':' || previous === '!' ? '' : quotedSheet;
      out += `${qualify}${colAbs}${newCol}${rowAbs}${newRow}`;
      i += whole.length;
      continue;
    }
    out += ch;
    i += 1;
  }
  return out;
}
