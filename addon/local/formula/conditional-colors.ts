import { FunctionPlugin, HyperFormula, type ImplementedFunctions } from 'hyperformula';
import type { CalendarDate } from '../../../shared/time/calendar-date';
import { type CellValue, SerialDate, serialOfDay } from '../spreadsheet/cell-values';
import type { EmulatedSheet } from '../spreadsheet/sheet';
import { shiftReferences } from './shift-references';

/**
 * TODAY() on the day the caller pins, so a test or the workbench can say what a user would
 * see on a given day. HyperFormula's own TODAY reads the machine's clock; this plugin replaces
 * it (the engine allows a function to be re-registered) and reads the pinned serial, which is
 * set only for the duration of one synchronous evaluation.
 */
let pinnedToday: number | null = null;

class PinnedTodayPlugin extends FunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    TODAY: { method: 'today', parameters: [], isVolatile: true },
  };
  today(ast: { args: Parameters<FunctionPlugin['runFunction']>[0] }, state: Parameters<FunctionPlugin['runFunction']>[1]) {
    return this.runFunction(ast.args, state, this.metadata('TODAY'), () => {
      if (pinnedToday === null) throw new Error('TODAY() evaluated outside renderConditionalColors');
      return pinnedToday;
    });
  }
}
HyperFormula.unregisterFunction('TODAY');
HyperFormula.registerFunction('TODAY', PinnedTodayPlugin);

export interface RenderedCell {
  /** What the user sees: the first matching rule's background, else the cell's own, else white. */
  background: string;
  fontColor: string;
  /** Index of the rule that applied, or -1. */
  rule: number;
}

function engineValue(cell: CellValue): string | number | boolean | null {
  if (cell instanceof SerialDate) return cell.serial;
  if (cell === '') return null;
  // A text cell that starts with "=" is text in Sheets (it was typed with a leading quote).
  if (typeof cell === 'string' && cell.startsWith('=')) return ` ${cell}`;
  return cell;
}

/**
 * The formats a user sees on `today` for rows 1..`rows` of the sheet, with every custom-formula
 * conditional-format rule evaluated by a real formula engine (HyperFormula) as Sheets applies
 * it: the formula is written for the top-left cell of each range and moves with each cell; the
 * first rule (in the sheet's order) that is TRUE for a cell wins.
 */
export function renderConditionalColors(sheet: EmulatedSheet, today: CalendarDate, rows = sheet.lastRow()): RenderedCell[][] {
  const columns = Math.max(1, sheet.lastColumn());
  const data: (string | number | boolean | null)[][] = [];
  for (let r = 1; r <= rows; r += 1) {
    const row: (string | number | boolean | null)[] = [];
    for (let c = 1; c <= columns; c += 1) row.push(engineValue(sheet.cell(r, c)));
    data.push(row);
  }

  const dataName = 'data';
  const scratch: Record<string, (string | null)[][]> = { [dataName]: data as (string | null)[][] };
  const plans: { rule: number; sheetName: string; cells: { r: number; c: number; sameAs?: number }[] }[] = [];
  sheet.rules.forEach((rule, index) => {
    if (rule.data.condition.kind !== 'formula') return;
    const formula = rule.data.condition.formula;
    const sheetName = `rule${index}`;
    const grid: (string | null)[][] = Array.from({ length: rows }, () => Array<string | null>(columns).fill(null));
    const cells: { r: number; c: number; sameAs?: number }[] = [];
    // A formula with no relative column reference gives one answer per row: it is evaluated
    // in the range's first column and that answer is used across the row.
    const rowWise = shiftReferences(formula, 0, 1, dataName) === shiftReferences(formula, 0, 0, dataName);
    for (const range of rule.data.ranges) {
      const { row: top, column: left, numRows, numColumns } = range.area;
      for (let r = top; r <= Math.min(rows, top + numRows - 1); r += 1) {
        for (let c = left; c <= Math.min(columns, left + numColumns - 1); c += 1) {
          const gridRow = grid[r - 1];
          if (!gridRow) continue;
          if (rowWise && c > left) {
            cells.push({ r, c, sameAs: left });
            continue;
          }
          gridRow[c - 1] = shiftReferences(formula, r - top, c - left, dataName);
          cells.push({ r, c });
        }
      }
    }
    scratch[sheetName] = grid;
    plans.push({ rule: index, sheetName, cells });
  });

  pinnedToday = serialOfDay(today);
  let engine: HyperFormula;
  try {
    engine = HyperFormula.buildFromSheets(scratch, {
      licenseKey: 'gpl-v3',
      nullDate: { year: 1899, month: 12, day: 30 },
      leapYear1900: false,
    });
  } finally {
    pinnedToday = null;
  }

  const matched: number[][] = Array.from({ length: rows }, () => Array<number>(columns).fill(-1));
  for (const plan of plans) {
    const sheetId = engine.getSheetId(plan.sheetName);
    if (sheetId === undefined) continue;
    for (const { r, c, sameAs } of plan.cells) {
      const row = matched[r - 1];
      if (!row || row[c - 1] !== -1) continue;
      const value = engine.getCellValue({ sheet: sheetId, row: r - 1, col: (sameAs ?? c) - 1 });
      // Sheets applies a rule when its formula is TRUE or a non-zero number; errors do not match.
      if (value === true || (typeof value === 'number' && value !== 0)) row[c - 1] = plan.rule;
    }
  }
  engine.destroy();

  return matched.map((row, r) =>
    row.map((ruleIndex, c) => {
      const own = sheet.formats.get(`${r + 1},${c + 1}`);
      const format = ruleIndex >= 0 ? sheet.rules[ruleIndex]?.data.format : undefined;
      return {
        background: format?.background ?? own?.background ?? '#ffffff',
        fontColor: format?.fontColor ?? own?.fontColor ?? '#000000',
        rule: ruleIndex,
      };
    }),
  );
}
