import * as z from 'zod';
import { addDays, type CalendarDate, compareDates, daysBetween } from '../time/calendar-date';

export interface BehaviourInvoice {
  dueDate: CalendarDate;
  /** Paid now (whether or not the day it was paid is known). */
  settled: boolean;
  /** The day it was first seen paid, if it was seen turning paid. */
  settledOn?: CalendarDate;
  promises: readonly { promisedFor: CalendarDate }[];
}

export const PaymentBehaviour = z.object({
  /** Invoices whose payment day is known. */
  paidInvoices: z.number().int(),
  /** Average days past due at payment (0 for on time); absent with no paid invoice. */
  averageDaysLate: z.number().optional(),
  promises: z.number().int(),
  brokenPromises: z.number().int(),
  /** The hint in words, for the card. */
  summary: z.string(),
});
export type PaymentBehaviour = z.infer<typeof PaymentBehaviour>;

/**
 * How a customer pays, from what the backend saw: how late their paid invoices were paid, and
 * how many promises to pay were broken (not paid by the promised day plus the grace days). A
 * promise still inside its grace is neither kept nor broken yet.
 */
export function paymentBehaviour(invoices: readonly BehaviourInvoice[], today: CalendarDate, graceDays: number): PaymentBehaviour {
  const paid = invoices.filter((i): i is BehaviourInvoice & { settledOn: CalendarDate } => i.settledOn !== undefined);
  const late = paid.map((i) => Math.max(0, daysBetween(i.dueDate, i.settledOn)));
  const averageDaysLate = late.length > 0 ? Math.round((late.reduce((a, b) => a + b, 0) / late.length) * 10) / 10 : undefined;
  let promises = 0;
  let broken = 0;
  for (const invoice of invoices) {
    for (const promise of invoice.promises) {
      const brokenOn = addDays(promise.promisedFor, graceDays + 1);
      const decided = invoice.settledOn ?? today;
      if (!invoice.settledOn && compareDates(today, brokenOn) < 0) continue;
      promises += 1;
      if (compareDates(decided, brokenOn) >= 0) broken += 1;
    }
  }
  const parts: string[] = [];
  const paidUnseen = invoices.filter((i) => i.settled && !i.settledOn).length;
  if (averageDaysLate === undefined) {
    parts.push(
      paidUnseen > 0
        ? `No payment days known yet: ${paidUnseen === 1 ? 'its paid invoice was' : `its ${paidUnseen} paid invoices were`} already paid when first synced.`
        : 'No payments seen yet.',
    );
  } else
    parts.push(
      averageDaysLate === 0
        ? `Pays on time (${paid.length} paid invoice${paid.length === 1 ? '' : 's'}).`
        : `Pays ${averageDaysLate} days late on average (${paid.length} paid invoice${paid.length === 1 ? '' : 's'}).`,
    );
  if (promises > 0) parts.push(`${broken} of ${promises} promise${promises === 1 ? '' : 's'} to pay broken.`);
  return {
    paidInvoices: paid.length,
    ...(averageDaysLate !== undefined && { averageDaysLate }),
    promises,
    brokenPromises: broken,
    summary: parts.join(' '),
  };
}
