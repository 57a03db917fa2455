/**
 * Settings > Fees as a person types it: a kind, rates as percentages ("8", "4.25") and a flat fee
 * as an amount ("40.00"). One translation, used by the dialog (for its live letter preview) and
 * by the add-on's server (to save), so the preview shows what will be saved.
 */
import * as z from 'zod';
import { currencyExponent, minorFromDecimal, toDecimalString } from '../money/money';
import type { FeePolicy } from './fee-policy';

export const FeeFormValues = z
  .object({
    kind: z.enum(['none', 'contract', 'uk-late-payment', 'eu-2011-7']),
    ratePercent: z.string().max(40),
    flatFee: z.string().max(40),
    referencePercent: z.string().max(40),
  })
  .strict();
export type FeeFormValues = z.infer<typeof FeeFormValues>;

const percent = (bp: number) => String(bp / 100);

export function feeFormValues(policy: FeePolicy, currency: string): FeeFormValues {
  const blank = { ratePercent: '', flatFee: '', referencePercent: '' };
  switch (policy.kind) {
    case 'none':
      return { kind: 'none', ...blank };
    case 'contract':
      return {
        kind: 'contract',
        ...blank,
        ratePercent: percent(policy.annualRateBp),
        flatFee: toDecimalString({ minor: policy.flatFeeMinor, currency }),
      };
    default:
      return { kind: policy.kind, ...blank, referencePercent: percent(policy.referenceRateBp) };
  }
}

/** "8" or "4.25" -> basis points; at most two decimals, as a rate is quoted. */
function basisPoints(text: string): number | undefined {
  const m = /^(\d{1,5})(?:[.,](\d{1,2}))?\s*%?$/.exec(text.trim());
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** "40" or "40.00" -> minor units of `currency`; no more decimals than the currency has. */
function minorOf(text: string, currency: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return 0;
  const m = /^(\d{1,13})(?:[.,](\d+))?$/.exec(trimmed);
  if (!m || (m[2] ?? '').length > currencyExponent(currency)) return undefined;
  return minorFromDecimal(Number(`${m[1]}.${m[2] ?? '0'}`), currency);
}

/**
 * The form as a FeePolicy for the settings schema to judge (its ranges), and the refusals only
 * the form can make: text that is not a rate or an amount, named by the form's field.
 */
export function feePolicyFromForm(values: FeeFormValues, currency: string): { policy: FeePolicy; fields: Record<string, string> } {
  const fields: Record<string, string> = {};
  if (values.kind === 'none') return { policy: { kind: 'none' }, fields };
  if (values.kind === 'contract') {
    const annualRateBp = values.ratePercent.trim() === '' ? 0 : basisPoints(values.ratePercent);
    const flatFeeMinor = minorOf(values.flatFee, currency);
    if (annualRateBp === undefined) fields.feeRate = 'is not a yearly rate such as 8 or 4.25';
    if (flatFeeMinor === undefined)
      fields.feeFlat = `is not an amount in ${currency} such as ${currencyExponent(currency) === 0 ? '40' : '40.00'}`;
    return { policy: { kind: 'contract', annualRateBp: annualRateBp ?? 0, flatFeeMinor: flatFeeMinor ?? 0 }, fields };
  }
  const referenceRateBp = basisPoints(values.referencePercent);
  if (referenceRateBp === undefined) fields.feeReference = 'is not a rate such as 5.25';
  return { policy: { kind: values.kind, referenceRateBp: referenceRateBp ?? 0 }, fields };
}
