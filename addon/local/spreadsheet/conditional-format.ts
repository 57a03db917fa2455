import type { CallCounter } from '../call-counter';
import { asGas } from '../gas-types';
import type { EmulatedRange } from './range';

type Gas = typeof GoogleAppsScript.Spreadsheet;
type RuleApi = Pick<GoogleAppsScript.Spreadsheet.ConditionalFormatRule, 'copy' | 'getBooleanCondition' | 'getRanges'>;
type BuilderApi = Pick<
  GoogleAppsScript.Spreadsheet.ConditionalFormatRuleBuilder,
  'build' | 'copy' | 'setBackground' | 'setFontColor' | 'setBold' | 'setRanges' | 'whenFormulaSatisfied' | 'whenCellNotEmpty' | 'getRanges'
>;

/** The format a rule applies when its condition holds. */
export interface RuleFormat {
  background?: string;
  fontColor?: string;
  bold?: boolean;
}

/** A custom-formula condition, or "cell not empty" (the one simple condition tests use). */
export type RuleCondition = { kind: 'formula'; formula: string } | { kind: 'not-empty' };

export interface RuleData {
  condition: RuleCondition;
  format: RuleFormat;
  ranges: EmulatedRange[];
}

class BooleanCondition implements Pick<
  GoogleAppsScript.Spreadsheet.BooleanCondition,
  'getCriteriaType' | 'getCriteriaValues' | 'getBackground' | 'getFontColor'
> {
  constructor(
    private readonly rule: RuleData,
    private readonly criteria: Gas['BooleanCriteria'],
  ) {}
  getCriteriaType(): GoogleAppsScript.Spreadsheet.BooleanCriteria {
    return this.rule.condition.kind === 'formula' ? this.criteria.CUSTOM_FORMULA : this.criteria.CELL_NOT_EMPTY;
  }
  getCriteriaValues(): unknown[] {
    return this.rule.condition.kind === 'formula' ? [this.rule.condition.formula] : [];
  }
  getBackground(): string | null {
    return this.rule.format.background ?? null;
  }
  getFontColor(): string | null {
    return this.rule.format.fontColor ?? null;
  }
}

/** A built rule: immutable, as in Apps Script (change it through copy()). */
export class ConditionalFormatRule implements RuleApi {
  constructor(
    readonly data: Readonly<RuleData>,
    private readonly criteria: Gas['BooleanCriteria'],
  ) {}
  copy(): GoogleAppsScript.Spreadsheet.ConditionalFormatRuleBuilder {
    return asGas(
      new ConditionalFormatRuleBuilder(this.criteria, { ...this.data, format: { ...this.data.format }, ranges: [...this.data.ranges] }),
    );
  }
  getBooleanCondition(): GoogleAppsScript.Spreadsheet.BooleanCondition {
    return asGas(new BooleanCondition(this.data, this.criteria));
  }
  getRanges(): GoogleAppsScript.Spreadsheet.Range[] {
    return asGas(this.data.ranges);
  }
}

export class ConditionalFormatRuleBuilder implements BuilderApi {
  private readonly data: RuleData;
  constructor(
    private readonly criteria: Gas['BooleanCriteria'],
    from?: RuleData,
    private readonly counter?: CallCounter,
  ) {
    this.data = from ?? { condition: { kind: 'not-empty' }, format: {}, ranges: [] };
  }
  private self(): GoogleAppsScript.Spreadsheet.ConditionalFormatRuleBuilder {
    return asGas(this);
  }
  build(): GoogleAppsScript.Spreadsheet.ConditionalFormatRule {
    this.counter?.count('ConditionalFormatRuleBuilder.build');
    if (this.data.ranges.length === 0) throw new Error('Exception: Conditional format rule must have at least one range.');
    return asGas(
      new ConditionalFormatRule({ ...this.data, format: { ...this.data.format }, ranges: [...this.data.ranges] }, this.criteria),
    );
  }
  copy(): GoogleAppsScript.Spreadsheet.ConditionalFormatRuleBuilder {
    return asGas(
      new ConditionalFormatRuleBuilder(
        this.criteria,
        { ...this.data, format: { ...this.data.format }, ranges: [...this.data.ranges] },
        this.counter,
      ),
    );
  }
  getBooleanCondition(): GoogleAppsScript.Spreadsheet.BooleanCondition {
    return asGas(new BooleanCondition(this.data, this.criteria));
  }
  getRanges(): GoogleAppsScript.Spreadsheet.Range[] {
    return asGas(this.data.ranges);
  }
  setBackground(color: string | null) {
    if (color === null) delete this.data.format.background;
    else this.data.format.background = color;
    return this.self();
  }
  setFontColor(color: string | null) {
    if (color === null) delete this.data.format.fontColor;
    else this.data.format.fontColor = color;
    return this.self();
  }
  setBold(bold: boolean | null) {
    if (bold === null) delete this.data.format.bold;
    else this.data.format.bold = bold;
    return this.self();
  }
  setRanges(ranges: GoogleAppsScript.Spreadsheet.Range[]) {
    this.data.ranges = ranges as unknown as EmulatedRange[];
    return this.self();
  }
  whenFormulaSatisfied(formula: string) {
    // Sheets refuses a custom formula that does not start with "=" when the rule is saved.
    if (!formula.startsWith('=')) throw new Error('Exception: Invalid argument: formula must start with "="');
    this.data.condition = { kind: 'formula', formula };
    return this.self();
  }
  whenCellNotEmpty() {
    this.data.condition = { kind: 'not-empty' };
    return this.self();
  }
}
