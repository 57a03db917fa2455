import { type Invoice, isSettled } from '../invoice';
import * as z from 'zod';
import { addDays, CalendarDate, compareDates } from '../time/calendar-date';
import { isFinalNotice, type Ladder, type LadderStep } from './ladder';

/** What the escalation logic needs to know of an invoice's past, in any order. */
export const EscalationEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('step'), stepId: z.string(), on: CalendarDate, outcome: z.enum(['done', 'skipped']) }),
  z.object({ type: z.literal('promise'), promisedFor: CalendarDate, recordedOn: CalendarDate, amount: z.object({ minor: z.number().int(), currency: z.string() }).optional() }),
  z.object({ type: z.literal('paused'), on: CalendarDate, until: CalendarDate.optional() }),
  z.object({ type: z.literal('resumed'), on: CalendarDate }),
  /** The day a promise was found broken was recorded (once per promise). */
  z.object({ type: z.literal('promise_broken'), promisedFor: CalendarDate, on: CalendarDate }),
]);
export type EscalationEvent = z.infer<typeof EscalationEvent>;

export type StopReason = 'paid' | 'disputed' | 'on_hold' | 'bankrupt' | 'do_not_contact' | 'promised' | 'paused';

export type NextStep =
  /** Automation does nothing until a person changes the invoice. */
  | { kind: 'stopped'; reason: StopReason }
  /** Nothing until `until` (a promise's date plus grace, or the end of a pause). */
  | { kind: 'waiting'; reason: 'promise' | 'paused'; until: CalendarDate }
  | {
      kind: 'step';
      step: LadderStep;
      /** The day it is scheduled for; on or before today means it is due now. */
      on: CalendarDate;
      due: boolean;
      /** Steps passed over because the invoice reached the ladder late: recorded, never sent. */
      skipped: LadderStep[];
      /** Set when chasing resumes because a promise was not kept. */
      brokenPromise?: { promisedFor: CalendarDate };
    }
  | { kind: 'finished' };

type EscalationInvoice = Pick<Invoice, 'status' | 'balance' | 'dueDate'>;

const STOPPING_STATUSES: Partial<Record<Invoice['status'], StopReason>> = {
  disputed: 'disputed',
  on_hold: 'on_hold',
  bankrupt: 'bankrupt',
  do_not_contact: 'do_not_contact',
};

/**
 * A promise not kept calls for a person, not the next email: the step every broken promise puts
 * first, one per promise (its id carries the promised day), done by logging any contact.
 */
export function brokenPromiseStep(promisedFor: CalendarDate): LadderStep {
  return { id: `broken-promise-${promisedFor}`, offsetDays: 0, action: { kind: 'call' }, label: `Call about the promise to pay by ${promisedFor} (not kept)` };
}

/** The latest promise, and the day it counts as broken (its date plus the ladder's grace, plus one). */
export function latestPromise(history: readonly EscalationEvent[], ladder: Pick<Ladder, 'promiseGraceDays'>): { promisedFor: CalendarDate; brokenOn: CalendarDate } | undefined {
  const promise = latest<Extract<EscalationEvent, { type: 'promise' }>>(history, 'promise', (e) => e.recordedOn);
  return promise && { promisedFor: promise.promisedFor, brokenOn: addDays(promise.promisedFor, ladder.promiseGraceDays + 1) };
}

function latest<T extends EscalationEvent>(events: readonly EscalationEvent[], type: T['type'], dateOf: (e: T) => CalendarDate): T | undefined {
  let found: T | undefined;
  for (const e of events) {
    if (e.type !== type) continue;
    const candidate = e as T;
    if (!found || compareDates(dateOf(candidate), dateOf(found)) >= 0) found = candidate;
  }
  return found;
}

/**
 * The next thing the ladder says to do for one invoice, and when.
 *
 * Catch-up without blasting: of the steps whose day has come and that were not done, only the
 * latest is due; the earlier ones are returned as skipped so the caller records them. An
 * invoice that first appears 40 days overdue gets the +30 note, not five emails at once.
 * The one exception is the referral, which is never skipped to: it needs a final notice sent
 * and that notice's deadline passed, so a late entrant gets the final notice first.
 */
export function nextStep(invoice: EscalationInvoice, history: readonly EscalationEvent[], today: CalendarDate, ladder: Ladder): NextStep {
  if (isSettled(invoice)) return { kind: 'stopped', reason: 'paid' };
  const stopped = STOPPING_STATUSES[invoice.status];
  if (stopped) return { kind: 'stopped', reason: stopped };

  const pause = latest<Extract<EscalationEvent, { type: 'paused' }>>(history, 'paused', (e) => e.on);
  const resume = latest<Extract<EscalationEvent, { type: 'resumed' }>>(history, 'resumed', (e) => e.on);
  if (pause && (!resume || compareDates(resume.on, pause.on) < 0)) {
    if (!pause.until) return { kind: 'stopped', reason: 'paused' };
    if (compareDates(today, pause.until) < 0) return { kind: 'waiting', reason: 'paused', until: pause.until };
  }

  let brokenPromise: { promisedFor: CalendarDate } | undefined;
  const promise = latestPromise(history, ladder);
  if (promise) {
    if (compareDates(today, promise.brokenOn) < 0) return { kind: 'waiting', reason: 'promise', until: promise.brokenOn };
    brokenPromise = { promisedFor: promise.promisedFor };
    const followUp = brokenPromiseStep(promise.promisedFor);
    if (!history.some((e) => e.type === 'step' && e.stepId === followUp.id)) return { kind: 'step', step: followUp, on: today, due: true, skipped: [], brokenPromise };
  } else if (invoice.status === 'promised') {
    // Marked promised in the sheet with no date on record: a person owns it until they say more.
    return { kind: 'stopped', reason: 'promised' };
  }

  const handled = new Map<string, CalendarDate>();
  for (const e of history) if (e.type === 'step') handled.set(e.stepId, e.on);
  const lastHandledIndex = ladder.steps.reduce((last, s, i) => (handled.has(s.id) ? i : last), -1);
  const remaining = ladder.steps.slice(lastHandledIndex + 1);
  const dayOf = (step: LadderStep) => addDays(invoice.dueDate, step.offsetDays);

  // Only a final notice actually sent opens the way to a referral; a skipped one does not.
  const finalStep = ladder.steps.find(isFinalNotice);
  const finalDoneOn = finalStep
    ? history.find((e): e is Extract<EscalationEvent, { type: 'step' }> => e.type === 'step' && e.stepId === finalStep.id && e.outcome === 'done')?.on
    : undefined;
  const referralAllowedFrom = finalDoneOn ? addDays(finalDoneOn, ladder.finalNoticeDays + 1) : undefined;

  const arrived = remaining.filter((s) => compareDates(dayOf(s), today) <= 0);
  let dueStep: LadderStep | undefined = arrived[arrived.length - 1];
  if (dueStep?.action.kind === 'referral' && (!referralAllowedFrom || compareDates(today, referralAllowedFrom) < 0)) {
    const notReferral = arrived.filter((s) => s.action.kind !== 'referral');
    dueStep = notReferral[notReferral.length - 1];
  }
  if (dueStep) {
    const skipped = arrived.slice(0, arrived.indexOf(dueStep));
    return { kind: 'step', step: dueStep, on: today, due: true, skipped, ...(brokenPromise && { brokenPromise }) };
  }

  const upcoming = remaining[0];
  if (upcoming) {
    let on = dayOf(upcoming);
    if (upcoming.action.kind === 'referral') {
      // Unreachable until the final notice is out; then no sooner than its deadline.
      if (!referralAllowedFrom) return { kind: 'finished' };
      if (compareDates(referralAllowedFrom, on) > 0) on = referralAllowedFrom;
    }
    const due = compareDates(on, today) <= 0;
    return { kind: 'step', step: upcoming, on: due ? today : on, due, skipped: [], ...(brokenPromise && { brokenPromise }) };
  }

  if (ladder.tail) {
    const lastOn = [...handled.values()].reduce<CalendarDate | undefined>((a, b) => (!a || compareDates(b, a) > 0 ? b : a), undefined);
    const on = lastOn ? addDays(lastOn, ladder.tail.everyDays) : today;
    const step: LadderStep = { id: 'tail', offsetDays: 0, action: { kind: 'email', templateId: ladder.tail.templateId }, label: 'Repeat reminder' };
    const due = compareDates(on, today) <= 0;
    return { kind: 'step', step, on: due ? today : on, due, skipped: [], ...(brokenPromise && { brokenPromise }) };
  }
  return { kind: 'finished' };
}
