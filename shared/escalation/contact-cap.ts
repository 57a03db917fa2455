import * as z from 'zod';
import { type BusinessHours, nextAllowedSendSlot } from '../time/business-hours';

/** "Never harass": at most `maxEmails` automated emails to one debtor in any `windowDays` days. */
export const ContactCap = z.object({
  maxEmails: z.number().int().min(1).max(20).default(2),
  windowDays: z.number().int().min(1).max(31).default(7),
});
export type ContactCap = z.infer<typeof ContactCap>;

export const DEFAULT_CONTACT_CAP: ContactCap = { maxEmails: 2, windowDays: 7 };

/**
 * The earliest instant at or after `nowMs` when one more email keeps the debtor within the cap,
 * given the instants of the automated emails already sent to them. The window slides: with a
 * cap of 2 per 7 days and sends on Monday and Wednesday, the next is allowed the following
 * Monday at the time of the first send.
 */
export function capFreesAt(sentAtMs: readonly number[], nowMs: number, cap: ContactCap): number {
  const windowMs = cap.windowDays * 86_400_000;
  const inWindow = sentAtMs.filter((t) => t > nowMs - windowMs && t <= nowMs).sort((a, b) => a - b);
  if (inWindow.length < cap.maxEmails) return nowMs;
  // Once the (count - max + 1) oldest sends have aged out, one slot is free.
  const freeing = inWindow[inWindow.length - cap.maxEmails];
  return (freeing ?? nowMs) + windowMs;
}

/**
 * The next instant an automated email may go: inside business hours and within the cap. Each
 * constraint can push the other (the cap frees at 20:00, business hours push to 09:00 next
 * day), so they are applied until neither moves the time.
 */
export function nextSendSlot(nowMs: number, sentAtMs: readonly number[], cap: ContactCap, hours: BusinessHours): number {
  let t = nowMs;
  for (let i = 0; i < 10; i += 1) {
    const next = nextAllowedSendSlot(capFreesAt(sentAtMs, t, cap), hours);
    if (next === t) return t;
    t = next;
  }
  return t;
}
