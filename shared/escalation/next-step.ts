import { type Invoice, isSettled } from '../invoice';
import * as z from 'zod';
import { addDays, CalendarDate, compareDates } from '../time/calendar-date';
import { isFinalNotice, type Ladder, type LadderStep, LetterStage } from './ladder';

/** What the escalation logic needs to know of an invoice's past, in any order. */
export const EscalationEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('step'), stepId: z.string(), on: CalendarDate, outcome: z.enum(['done', 'skipped']) }),
  z.object({
    type: z.literal('promise'),
    promisedFor: CalendarDate,
    recordedOn: CalendarDate,
    amount: z.object({ minor: z.number().int(), currency: z.string() }).optional(),
  }),
  z.object({ type: z.literal('paused'), on: CalendarDate, until: CalendarDate.optional() }),
  z.object({ type: z.literal('resumed'), on: CalendarDate }),
  /** The day a promise was found broken was recorded (once per promise). */
  z.object({ type: z.literal('promise_broken'), promisedFor: CalendarDate, on: CalendarDate }),
  /** A letter listing the invoice was made on `on`, giving the customer until `deadline`. */
  z.object({ type: z.literal('letter'), stage: LetterStage, on: CalendarDate, deadline: CalendarDate }),
  /**
   * Several steps' days had passed at once (an imported debt, a long pause): `stepId`, the latest
   * email of them, went on `on`, and the ladder continues from there at its own spacing.
   */
  z.object({ type: z.literal('caught_up'), stepId: z.string(), on: CalendarDate }),
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
      /** Several steps' days had passed at once and this email is the latest of them: record it, so the rest follow at the ladder's spacing. */
      catchUp?: boolean;
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
  return {
    id: `broken-promise-${promisedFor}`,
    offsetDays: 0,
    action: { kind: 'call' },
    label: `Call about the promise to pay by ${promisedFor} (not kept)`,
  };
}

/** The latest promise, and the day it counts as broken (its date plus the ladder's grace, plus one). */
export function latestPromise(
  history: readonly EscalationEvent[],
  ladder: Pick<Ladder, 'promiseGraceDays'>,
): { promisedFor: CalendarDate; brokenOn: CalendarDate } | undefined {
  const promise = latest<Extract<EscalationEvent, { type: 'promise' }>>(history, 'promise', (e) => e.recordedOn);
  return promise && { promisedFor: promise.promisedFor, brokenOn: addDays(promise.promisedFor, ladder.promiseGraceDays + 1) };
}

function latest<T extends EscalationEvent>(
  events: readonly EscalationEvent[],
  type: T['type'],
  dateOf: (e: T) => CalendarDate,
): T | undefined {
  let found: T | undefined;
  for (const e of events) {
    if (e.type !== type) continue;
    const candidate = e as T;
    if (!found || compareDates(dateOf(candidate), dateOf(found)) >= 0) found = candidate;
  }
  return found;
}

/**
 * The day each step of the ladder falls on for one invoice: one function, used by the planner,
 * the sidebar's list, the status columns and the referral's gate, so they cannot disagree.
 * - A step's day is its offset from the due date;
 * - after a catch-up (several days passed at once), the steps after the email that went keep
 *   their spacing from the day it went (one never sent moves nothing);
 * - no step not yet handled falls before the last letter's deadline plus the ladder's grace
 *   (`promiseGraceDays`, the grace it gives a promise too): a letter that gives ten days is not
 *   followed by another on day five.
 */
export function ladderDays(
  invoice: Pick<Invoice, 'dueDate'>,
  history: readonly EscalationEvent[],
  ladder: Ladder,
): Map<string, CalendarDate> {
  const handled = new Set(history.flatMap((e) => (e.type === 'step' ? [e.stepId] : [])));
  // Spacing runs from the day the catch-up email went; one never sent (a promise came first) moves nothing.
  const caughtUp = latest<Extract<EscalationEvent, { type: 'caught_up' }>>(history, 'caught_up', (e) => e.on);
  const went =
    caughtUp &&
    history.find(
      (e): e is Extract<EscalationEvent, { type: 'step' }> => e.type === 'step' && e.stepId === caughtUp.stepId && e.outcome === 'done',
    );
  const fromIndex = went ? ladder.steps.findIndex((s) => s.id === went.stepId) : -1;
  const from = ladder.steps[fromIndex];
  const notBefore = afterLetters(history, ladder);
  const days = new Map<string, CalendarDate>();
  ladder.steps.forEach((step, i) => {
    let on = addDays(invoice.dueDate, step.offsetDays);
    if (went && from && i > fromIndex) on = later(on, addDays(went.on, step.offsetDays - from.offsetDays));
    if (notBefore && !handled.has(step.id)) on = later(on, notBefore);
    days.set(step.id, on);
  });
  return days;
}

/** The first day after the last letter's deadline and the ladder's grace; undefined before any letter. */
export function afterLetters(history: readonly EscalationEvent[], ladder: Pick<Ladder, 'promiseGraceDays'>): CalendarDate | undefined {
  // The last letter made (on the same day, the one recorded last) sets the deadline that stands.
  const last = history.reduce<Extract<EscalationEvent, { type: 'letter' }> | undefined>(
    (found, e) => (e.type === 'letter' && (!found || compareDates(e.on, found.on) >= 0) ? e : found),
    undefined,
  );
  return last && addDays(last.deadline, ladder.promiseGraceDays + 1);
}

/**
 * The first day a referral may be made: after a final notice was sent (a letter on record, or
 * before letters were recorded, the ladder's final-notice step done), its deadline and the
 * ladder's grace; undefined while no final notice was sent.
 */
export function referralOpensOn(history: readonly EscalationEvent[], ladder: Ladder): CalendarDate | undefined {
  if (history.some((e) => e.type === 'letter' && e.stage === 'final_notice')) return afterLetters(history, ladder);
  const finalStep = ladder.steps.find(isFinalNotice);
  const done =
    finalStep &&
    history.find(
      (e): e is Extract<EscalationEvent, { type: 'step' }> => e.type === 'step' && e.stepId === finalStep.id && e.outcome === 'done',
    );
  return done ? addDays(done.on, ladder.finalNoticeDays + 1) : undefined;
}

/**
 * The calls and letters whose day has come and that nobody has done or dismissed, other than the
 * step the ladder is on: tasks stay until done (a call logged, the letter made) or dismissed with
 * a reason; the ladder moving on does not make them vanish.
 */
export function openTasks(
  invoice: EscalationInvoice,
  history: readonly EscalationEvent[],
  today: CalendarDate,
  ladder: Ladder,
): LadderStep[] {
  const next = nextStep(invoice, history, today, ladder);
  if (next.kind === 'stopped' || next.kind === 'waiting') return [];
  const handled = new Set(history.flatMap((e) => (e.type === 'step' ? [e.stepId] : [])));
  const days = ladderDays(invoice, history, ladder);
  // Only steps the ladder has moved past: those after the step it is on are still to come.
  const at = next.kind === 'step' ? ladder.steps.findIndex((s) => s.id === next.step.id) : -1;
  const position = at >= 0 ? at : ladder.steps.reduce((last, s, i) => (handled.has(s.id) ? i + 1 : last), 0);
  return ladder.steps.filter(
    (s, i) =>
      i < position &&
      (s.action.kind === 'call' || s.action.kind === 'letter') &&
      !handled.has(s.id) &&
      compareDates(days.get(s.id) ?? today, today) <= 0,
  );
}

const later = (a: CalendarDate, b: CalendarDate): CalendarDate => (compareDates(a, b) >= 0 ? a : b);

/**
 * The next thing the ladder says to do for one invoice, and when.
 *
 * Catch-up that chases without blasting: when several steps' days have passed at once (an
 * imported debt, a long pause), the latest *email* among them goes (the earlier emails are
 * returned as skipped, never sent), and the steps after it keep the ladder's spacing from the
 * day it goes (`catchUp`: the caller records it). A call or letter whose day passed is not
 * skipped: it stays a task (`openTasks`) until done or dismissed. A referral is never skipped
 * to: it needs a final notice sent and that notice's deadline passed.
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
    if (!history.some((e) => e.type === 'step' && e.stepId === followUp.id))
      return { kind: 'step', step: followUp, on: today, due: true, skipped: [], brokenPromise };
  } else if (invoice.status === 'promised') {
    // Marked promised in the sheet with no date on record: a person owns it until they say more.
    return { kind: 'stopped', reason: 'promised' };
  }

  const handled = new Map<string, CalendarDate>();
  for (const e of history) if (e.type === 'step') handled.set(e.stepId, e.on);
  const lastHandledIndex = ladder.steps.reduce((last, s, i) => (handled.has(s.id) ? i : last), -1);
  const remaining = ladder.steps.slice(lastHandledIndex + 1);
  const days = ladderDays(invoice, history, ladder);
  const dayOf = (step: LadderStep) => days.get(step.id) ?? addDays(invoice.dueDate, step.offsetDays);
  const referralFrom = referralOpensOn(history, ladder);

  const arrived = remaining.filter(
    (s) => compareDates(dayOf(s), today) <= 0 && (s.action.kind !== 'referral' || (referralFrom && compareDates(referralFrom, today) <= 0)),
  );
  const emails = arrived.filter((s) => s.action.kind === 'email');
  const lastEmail = emails[emails.length - 1];
  // An email among the steps come due goes first (the latest of them); else the latest step.
  const dueStep = lastEmail ?? arrived[arrived.length - 1];
  if (dueStep) {
    const skipped = emails.slice(0, -1);
    const catchUp = dueStep === lastEmail && arrived.length > 1;
    return {
      kind: 'step',
      step: dueStep,
      on: today,
      due: true,
      skipped,
      ...(brokenPromise && { brokenPromise }),
      ...(catchUp && { catchUp }),
    };
  }

  const upcoming = remaining.find((s) => s.action.kind !== 'referral' || referralFrom) ?? remaining[0];
  if (upcoming) {
    let on = dayOf(upcoming);
    if (upcoming.action.kind === 'referral') {
      // Unreachable until the final notice is out; then no sooner than its deadline and grace.
      if (!referralFrom) return { kind: 'finished' };
      on = later(on, referralFrom);
    }
    const due = compareDates(on, today) <= 0;
    return { kind: 'step', step: upcoming, on: due ? today : on, due, skipped: [], ...(brokenPromise && { brokenPromise }) };
  }

  if (ladder.tail) {
    const lastOn = [...handled.values()].reduce<CalendarDate | undefined>((a, b) => (!a || compareDates(b, a) > 0 ? b : a), undefined);
    const on = lastOn ? addDays(lastOn, ladder.tail.everyDays) : today;
    const step: LadderStep = {
      id: 'tail',
      offsetDays: 0,
      action: { kind: 'email', templateId: ladder.tail.templateId },
      label: 'Repeat reminder',
    };
    const due = compareDates(on, today) <= 0;
    return { kind: 'step', step, on: due ? today : on, due, skipped: [], ...(brokenPromise && { brokenPromise }) };
  }
  return { kind: 'finished' };
}
