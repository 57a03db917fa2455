import { cellString } from '../../../shared/ledger/ledger-columns';
import { err, ok, type Result } from '../../../shared/result';
import { loadLedger } from '../ledger/load-ledger';
import { readSettings } from '../settings/addon-settings';
import { type AddonPorts, withDocumentLock } from '../server/ports';
import { type AgingRuleSpec, agingRuleSpecs, isOurRuleFormula } from './aging-rules';

export interface ColorCodeReport {
  sheetName: string;
  rules: number;
  userRulesKept: number;
  /** The rows the rules cover: from the first data row to the bottom of the sheet. */
  range: string;
  /** Invoice rows whose due date is text, which a formula cannot age: the user should fix them. */
  textDueDates: number[];
  legend: AgingRuleSpec[];
}

function isOurs(rule: GoogleAppsScript.Spreadsheet.ConditionalFormatRule): boolean {
  const condition = rule.getBooleanCondition();
  return condition !== null && isOurRuleFormula(condition.getCriteriaValues()[0]);
}

/**
 * Colors the ledger by aging bucket with conditional-format rules over the whole data range,
 * down to the sheet's last row, so rows typed in below are colored without running this again.
 * setConditionalFormatRules replaces every rule of the sheet, so this reads the rules, keeps
 * the user's (in their order, before ours: where they overlap theirs win) and drops only rules
 * carrying our marker, all under the document lock. A constant number of Spreadsheet calls.
 */
export function colorCodeAging(ports: AddonPorts): Result<ColorCodeReport> {
  const settings = readSettings(ports.PropertiesService.getDocumentProperties());
  const locked = withDocumentLock(ports, (): Result<ColorCodeReport> => {
    const loaded = loadLedger(ports, settings);
    if (!loaded.ok) return loaded;
    const { sheet, readout, values } = loaded.value;
    const { mapping, rowIndex } = readout.header;
    const specs = agingRuleSpecs(mapping, rowIndex, settings.aging, settings.statusWords);
    if (!specs.ok) return specs;

    const firstRow = rowIndex + 2;
    const columns = Math.max(1, values[0]?.length ?? 1);
    const maxRows = sheet.getMaxRows();
    if (firstRow > maxRows) return err('The ledger has a header but no rows below it yet.');
    const range = sheet.getRange(firstRow, 1, maxRows - firstRow + 1, columns);

    const existing = sheet.getConditionalFormatRules();
    const kept = existing.filter((rule) => !isOurs(rule));
    const ours = specs.value.map((spec) =>
      ports.SpreadsheetApp.newConditionalFormatRule()
        .whenFormulaSatisfied(spec.formula)
        .setBackground(spec.background)
        .setFontColor(spec.text)
        .setRanges([range])
        .build(),
    );
    sheet.setConditionalFormatRules([...kept, ...ours]);

    const dueColumn = mapping.dueDate;
    const textDueDates =
      dueColumn === undefined
        ? []
        : readout.invoices
            .filter(
              (inv) => typeof values[inv.row - 1]?.[dueColumn] === 'string' && cellString(values[inv.row - 1]?.[dueColumn]).trim() !== '',
            )
            .map((inv) => inv.row);
    const legendColumn = (dueColumn ?? mapping.invoiceDate ?? 0) + 1;
    sheet
      .getRange(rowIndex + 1, legendColumn)
      .setNote(
        `Dunning Desk aging colors (days past due, updated daily):\n${specs.value.map((s) => `${s.label}: ${s.name}`).join('\n')}\nPaid and zero-balance rows are not colored.`,
      );

    return ok({
      sheetName: loaded.value.sheetName,
      rules: ours.length,
      userRulesKept: kept.length,
      range: range.getA1Notation(),
      textDueDates,
      legend: specs.value,
    });
  });
  return locked.ok ? locked.value : err(locked.error);
}
