import * as z from 'zod';
import { singleLine } from './text';

/** The reasons customers give, as a list the team can edit in settings. */
export const DEFAULT_DISPUTE_REASONS = [
  'Work unsatisfactory',
  'Goods faulty',
  'Late delivery',
  'Never agreed',
  'Unable to pay',
  'Pricing',
  'Processing error',
  'Other',
] as const;

export const DisputeReason = singleLine(80).pipe(z.string().min(1, 'is empty'));

export const DisputeReasons = z
  .array(DisputeReason)
  .min(1)
  .max(30)
  .refine((list) => new Set(list.map((r) => r.toLowerCase())).size === list.length, { message: 'has the same reason twice' });
export type DisputeReasons = z.infer<typeof DisputeReasons>;
