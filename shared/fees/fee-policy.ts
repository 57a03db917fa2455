import * as z from 'zod';

/** Rates in basis points (1% = 100 bp) so that settings and arithmetic stay in integers. */
const BasisPoints = z.number().int().min(0).max(10_000);

export const FeePolicy = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  /** The contract's own terms: an annual rate and/or a flat late fee in the invoice's currency. */
  z.object({
    kind: z.literal('contract'),
    annualRateBp: BasisPoints,
    flatFeeMinor: z.number().int().min(0).max(100_000_00).default(0),
  }),
  /**
   * UK Late Payment of Commercial Debts (Interest) Act 1998: the Bank of England base rate in
   * force on the last 30 June / 31 December before the debt fell due, plus 8 points, and a fixed
   * sum of GBP 40 / 70 / 100 by the size of the debt.
   */
  z.object({ kind: z.literal('uk-late-payment'), referenceRateBp: BasisPoints }),
  /** EU Directive 2011/7/EU: the ECB reference rate plus at least 8 points, and EUR 40. */
  z.object({ kind: z.literal('eu-2011-7'), referenceRateBp: BasisPoints }),
]);
export type FeePolicy = z.infer<typeof FeePolicy>;

export const STATUTORY_MARGIN_BP = 800;
