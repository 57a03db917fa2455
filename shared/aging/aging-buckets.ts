import * as z from 'zod';
import { type CalendarDate, daysBetween } from '../time/calendar-date';

/**
 * Bucket boundaries are the last day of each past-due bucket: [30, 60, 90] gives
 * Current, 1-30, 31-60, 61-90, 90+. dueSoonDays splits "Current" into invoices due within
 * that many days (including today) and the rest, for teams that nudge before the due date.
 */
export const AgingConfig = z.object({
  boundaries: z
    .array(z.number().int().min(1).max(3650))
    .min(1)
    .max(8)
    .refine((b) => b.every((v, i) => i === 0 || v > (b[i - 1] ?? 0)), { message: 'must be increasing' }),
  dueSoonDays: z.number().int().min(1).max(90).optional(),
});
export type AgingConfig = z.infer<typeof AgingConfig>;

export const DEFAULT_AGING: AgingConfig = { boundaries: [30, 60, 90] };

export interface AgingBucket {
  /** Stable id used to name color rules and report columns: "current", "due-soon", "1-30", "90+". */
  id: string;
  label: string;
  /** Inclusive range of days past due; null for unbounded. */
  minDays: number | null;
  maxDays: number | null;
}

export function agingBuckets(config: AgingConfig): AgingBucket[] {
  const buckets: AgingBucket[] = [];
  if (config.dueSoonDays !== undefined) {
    buckets.push({ id: 'current', label: 'Current', minDays: null, maxDays: -config.dueSoonDays - 1 });
    buckets.push({ id: 'due-soon', label: `Due within ${config.dueSoonDays} days`, minDays: -config.dueSoonDays, maxDays: 0 });
  } else {
    buckets.push({ id: 'current', label: 'Current', minDays: null, maxDays: 0 });
  }
  let from = 1;
  for (const to of config.boundaries) {
    buckets.push({ id: `${from}-${to}`, label: `${from}-${to} days`, minDays: from, maxDays: to });
    from = to + 1;
  }
  const last = config.boundaries[config.boundaries.length - 1] ?? 0;
  buckets.push({ id: `${last}+`, label: `${last}+ days`, minDays: last + 1, maxDays: null });
  return buckets;
}

/** Calendar days from the due date to today: 0 on the due date, 1 the day after. */
export function daysPastDue(dueDate: CalendarDate, today: CalendarDate): number {
  return daysBetween(dueDate, today);
}

export function bucketForDays(days: number, buckets: readonly AgingBucket[]): AgingBucket {
  const found = buckets.find((b) => (b.minDays === null || days >= b.minDays) && (b.maxDays === null || days <= b.maxDays));
  if (!found) throw new Error(`no aging bucket holds ${days} days`);
  return found;
}
