import { type AgingConfig, agingBuckets } from '../../../shared/aging/aging-buckets';
import { agingPalette, type BucketColor } from '../../../shared/aging/aging-palette';
import { flagWordsMeaningPaid, type OwnStatusWords, statusWordsNotOwed } from '../../../shared/ledger/paid-and-status';
import type { ColumnMapping } from '../../../shared/ledger/ledger-columns';
import { err, ok, type Result } from '../../../shared/result';

/** Every formula of ours starts with this marker, so re-running finds exactly our rules. */
export const RULE_MARKER = 'dunning-desk:aging:';

export interface AgingRuleSpec extends BucketColor {
  /** A custom formula written for the first data row; Sheets moves it down the range. */
  formula: string;
}

function letters(column: number): string {
  let n = column + 1;
  let out = '';
  while (n > 0) {
    out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

// TRUE() rather than the TRUE literal: Sheets reads both, HyperFormula (the test engine) only the function.
const quote = (word: string) => `"${word.replace(/"/g, '""')}"`;

/** TRUE when the cell holds one of the words (any case, outer spaces ignored) or a TRUE checkbox. */
function cellSaysOneOf(ref: string, words: readonly string[], checkbox: boolean): string {
  // One MATCH over an inline list rather than a comparison per word: the lists hold every
  // vocabulary's words (about a hundred), and Sheets evaluates these rules on every row.
  // MATCH's exact mode treats ~ * ? as wildcards: escaped, so a word matches only itself.
  const list = words.map((w) => quote(w.replace(/[~*?]/g, '~$&'))).join(',');
  const test = `ISNUMBER(MATCH(LOWER(TRIM(${ref})),{${list}},0))`;
  return checkbox ? `OR(${ref}=TRUE(),${test})` : test;
}

/**
 * The conditional-format rules that color the ledger by aging bucket, one per bucket. They
 * read the due date (or invoice date + terms) on TODAY(), so colors move every day with no
 * script running, and they leave a row uncolored when the ledger says it is paid (status or
 * paid flag, in the same words the ledger reader accepts) or its balance is zero or less.
 * A due date written as text cannot be read by a formula: that row stays uncolored, and the
 * caller tells the user which rows those are.
 */
export function agingRuleSpecs(
  mapping: ColumnMapping,
  headerRowIndex: number,
  aging: AgingConfig,
  ownStatusWords: OwnStatusWords = {},
): Result<AgingRuleSpec[]> {
  const row = headerRowIndex + 2;
  const ref = (column: number) => `$${letters(column)}${row}`;

  let due: string;
  const dated: string[] = [];
  if (mapping.dueDate !== undefined) {
    due = `INT(${ref(mapping.dueDate)})`;
    dated.push(`ISNUMBER(${ref(mapping.dueDate)})`);
  } else if (mapping.invoiceDate !== undefined && mapping.terms !== undefined) {
    due = `(INT(${ref(mapping.invoiceDate)})+${ref(mapping.terms)})`;
    dated.push(`ISNUMBER(${ref(mapping.invoiceDate)})`, `ISNUMBER(${ref(mapping.terms)})`);
  } else {
    return err('The ledger has no due date column (nor an invoice date and terms), so there is nothing to age.');
  }

  const open: string[] = [];
  if (mapping.balance !== undefined) {
    open.push(`IF(ISNUMBER(${ref(mapping.balance)}),${ref(mapping.balance)}>0,TRUE())`);
  } else if (mapping.amount !== undefined && mapping.amountPaid !== undefined) {
    const [amount, paid] = [ref(mapping.amount), ref(mapping.amountPaid)];
    open.push(`NOT(AND(ISNUMBER(${amount}),ISNUMBER(${paid}),${paid}>=${amount}))`);
  }
  if (mapping.amount !== undefined && mapping.balance === undefined) {
    open.push(`IF(ISNUMBER(${ref(mapping.amount)}),${ref(mapping.amount)}>0,TRUE())`);
  }
  if (mapping.status !== undefined) open.push(`NOT(${cellSaysOneOf(ref(mapping.status), statusWordsNotOwed(ownStatusWords), false)})`);
  for (const field of ['paidFlag', 'amountPaid'] as const) {
    const column = mapping[field];
    if (column !== undefined) open.push(`NOT(${cellSaysOneOf(ref(column), flagWordsMeaningPaid(), true)})`);
  }

  const age = `(TODAY()-${due})`;
  const buckets = agingBuckets(aging);
  const colors = agingPalette(buckets);
  return ok(
    buckets.map((bucket, i) => {
      const range = [
        ...(bucket.minDays !== null ? [`${age}>=${bucket.minDays}`] : []),
        ...(bucket.maxDays !== null ? [`${age}<=${bucket.maxDays}`] : []),
      ];
      const color = colors[i] as BucketColor;
      const formula = `=AND(ISTEXT("${RULE_MARKER}${bucket.id}"),${[...dated, ...open, ...range].join(',')})`;
      return { ...color, formula };
    }),
  );
}

/** True for a rule this add-on wrote: its formula carries the marker. */
export function isOurRuleFormula(formula: unknown): boolean {
  return typeof formula === 'string' && formula.includes(`"${RULE_MARKER}`);
}

export { letters as columnLetter };
