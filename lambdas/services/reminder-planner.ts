import type { InvoiceStatusView, LedgerSettings } from '../../shared/api/contract';
import { type EscalationEvent, nextStep, type NextStep } from '../../shared/escalation/next-step';
import type { LadderStep } from '../../shared/escalation/ladder';
import { type InvoiceStatus, isSettled } from '../../shared/invoice';
import { nextAllowedSendSlot } from '../../shared/time/business-hours';
import { type CalendarDate, compareDates } from '../../shared/time/calendar-date';
import { calendarDateIn, instantAt } from '../../shared/time/time-zone';
import {
  type CustomerHoldRecord,
  type InvoiceRecord,
  type ReminderRecord,
  suppressedBecause,
  type SuppressionRecord,
} from '../store/records';

export type PlanOp =
  | { op: 'schedule'; reminder: ReminderRecord; expected: ReminderRecord['state'][] | 'absent'; ifUpdatedAt?: string }
  | { op: 'cancel'; reminder: ReminderRecord; reason: string; ifUpdatedAt: string }
  | { op: 'skip'; reminder: ReminderRecord; reason: string };

export interface Plan {
  next: NextStep;
  ops: PlanOp[];
  /** Steps the ladder passed over, to add to the invoice's escalation history. */
  escalation: EscalationEvent[];
  /** Why automation is not running, in words for the sidebar; absent when it is. */
  stoppedBecause?: string;
}

export interface PlanInput {
  record: InvoiceRecord;
  reminders: readonly ReminderRecord[];
  settings: LedgerSettings;
  customerHold?: CustomerHoldRecord;
  nowMs: number;
}

/** Reminders still waiting to go out, which a change may cancel or a person may act on. */
export const ACTIVE_STATES: readonly ReminderRecord['state'][] = ['PENDING', 'AWAITING_APPROVAL'];

/** The step id of the thank-you note on payment: not a rung of the ladder, never cancelled by it. */
export const THANK_YOU_STEP = 'thank-you';

/** Step ids of letters a person chose to email: not rungs of the ladder either. */
export const LETTER_EMAIL_PREFIX = 'letter-email-';

/** A reminder the ladder neither plans nor cancels: the thank-you note and emailed letters. */
export const outsideLadder = (stepId: string) => stepId === THANK_YOU_STEP || stepId.startsWith(LETTER_EMAIL_PREFIX);

/**
 * The invoice's escalation history plus what its reminder records say: a SENT reminder is a step
 * done and a SKIPPED one a step passed, even if the run that sent it stopped before recording
 * that on the invoice. So the ladder never offers a step again that already went out.
 */
export function handledSteps(record: InvoiceRecord, reminders: readonly ReminderRecord[]): EscalationEvent[] {
  const known = new Set(record.escalation.flatMap((e) => (e.type === 'step' ? [e.stepId] : [])));
  const derived: EscalationEvent[] = reminders
    .filter((r) => (r.state === 'SENT' || r.state === 'SKIPPED') && !known.has(r.stepId) && !outsideLadder(r.stepId))
    .map((r) => ({
      type: 'step',
      stepId: r.stepId,
      on: calendarDateIn(Date.parse(r.sendAt), 'UTC'),
      outcome: r.state === 'SENT' ? 'done' : 'skipped',
    }));
  // A final notice made before letters were kept in the escalation still sets its deadline.
  const { finalNotice } = record;
  const legacy: EscalationEvent[] =
    finalNotice && !record.escalation.some((e) => e.type === 'letter')
      ? [{ type: 'letter', stage: 'final_notice', on: finalNotice.on, deadline: finalNotice.deadline }]
      : [];
  return [...record.escalation, ...derived, ...legacy];
}

/**
 * Why a claimed reminder must not go now, or undefined when it may: the invoice is gone, automation
 * is stopped (paid, disputed, promised, paused...), or the ladder has moved on to another step.
 */
export function whyNotSend(input: Omit<PlanInput, 'record'> & { record: InvoiceRecord | undefined }, stepId: string): string | undefined {
  if (!input.record) return 'the invoice is no longer in the ledger';
  const plan = planReminders({ ...input, record: input.record });
  if (plan.stoppedBecause) return plan.stoppedBecause;
  if (plan.next.kind !== 'step') return describeNonEmail(plan.next);
  if (plan.next.step.id !== stepId) return `a later step is due instead: ${plan.next.step.label ?? plan.next.step.id}`;
  if (plan.next.step.action.kind !== 'email') return describeNonEmail(plan.next);
  return undefined;
}

/**
 * Why a letter a person chose to email must not go now, or undefined when it may. The ladder's
 * place does not matter (the person chose the letter), but everything that stops chasing does:
 * paid, disputed, promised, paused, bankrupt, do not contact, no address.
 */
export function whyNotEmailLetter(input: Omit<PlanInput, 'record'> & { record: InvoiceRecord | undefined }): string | undefined {
  if (!input.record) return 'the invoice is no longer in the ledger';
  const { record, settings, nowMs } = input;
  const today = ledgerToday(settings, nowMs);
  const stopped = stopReason(record, input.customerHold, today);
  if (stopped) return stopped;
  const status = effectiveStatus(record, input.customerHold);
  const next = nextStep({ ...record.snapshot, status }, handledSteps(record, input.reminders), today, settings.ladder);
  return next.kind === 'stopped' || next.kind === 'waiting' ? describeNonEmail(next) : undefined;
}

/**
 * What automation is doing for one invoice, in one word and the reason: the one verdict the
 * sidebar, the status columns and the digest show, from the plan the dispatcher obeys and what
 * stops sending beyond the invoice (the account paused, the address suppressed: an email step to
 * it would be skipped, so it is "stopped" everywhere).
 */
export function automationState(
  plan: Plan,
  beyond: { accountPause?: string | undefined; suppression?: SuppressionRecord | undefined },
): InvoiceStatusView['automation'] {
  const { next } = plan;
  if (next.kind === 'stopped' && next.reason === 'paid') return { state: 'paid' };
  const emailNext = next.kind === 'step' && next.step.action.kind === 'email';
  const blocked = beyond.accountPause ?? (beyond.suppression && emailNext ? suppressedBecause(beyond.suppression) : undefined);
  if (blocked) return { state: 'stopped', reason: blocked };
  if (next.kind === 'waiting') return { state: 'waiting', reason: plan.stoppedBecause ?? `until ${next.until}` };
  if (plan.stoppedBecause) return { state: next.kind === 'finished' ? 'finished' : 'stopped', reason: plan.stoppedBecause };
  if (next.kind === 'step' && next.step.action.kind !== 'email') return { state: 'your_turn' };
  return { state: next.kind === 'finished' ? 'finished' : 'sending' };
}

/**
 * The dispatcher's verdict on one claimed reminder: why it must not go now, or undefined when it
 * may. What stops sending beyond the invoice comes first (the address suppressed, the account
 * paused); then a thank-you's own rule, an emailed letter's, or the ladder's.
 */
export function whyNotDispatch(
  input: Omit<PlanInput, 'record'> & { record: InvoiceRecord | undefined },
  reminder: Pick<ReminderRecord, 'stepId' | 'letter'>,
  beyond: { suppression?: SuppressionRecord | undefined; accountPause?: string | undefined },
): string | undefined {
  if (beyond.suppression) return suppressedBecause(beyond.suppression);
  if (beyond.accountPause) return beyond.accountPause;
  if (reminder.stepId === THANK_YOU_STEP) return whyNotThank(input.record, input.customerHold);
  return reminder.letter ? whyNotEmailLetter(input) : whyNotSend(input, reminder.stepId);
}

/** A thank-you goes only to a paid invoice whose customer has not asked to be left alone, nor is in bankruptcy. */
function whyNotThank(invoice: InvoiceRecord | undefined, hold: CustomerHoldRecord | undefined): string | undefined {
  if (!invoice) return 'the invoice is no longer in the ledger';
  if (invoice.snapshot.status === 'do_not_contact' || hold?.doNotContact) return 'the customer asked not to be contacted';
  if (hold?.bankruptcy) return `${hold.customer} is in bankruptcy proceedings`;
  if (!isSettled(invoice.snapshot)) return 'the invoice is not paid any more';
  return undefined;
}

/** The ledger's calendar day now: what "today" means for due dates and the ladder. */
export function ledgerToday(settings: LedgerSettings, nowMs: number): CalendarDate {
  return calendarDateIn(nowMs, settings.timeZone);
}

/**
 * The status the ladder works from: the sheet's, unless something recorded in the backend
 * outranks it (an open dispute; a bankruptcy or do-not-contact of the invoice or its customer).
 */
export function effectiveStatus(record: InvoiceRecord, customerHold: CustomerHoldRecord | undefined): InvoiceStatus {
  if (record.dispute) return 'disputed';
  if (record.bankruptcy || customerHold?.bankruptcy) return 'bankrupt';
  if (customerHold?.doNotContact) return 'do_not_contact';
  return record.snapshot.status;
}

function stopReason(record: InvoiceRecord, customerHold: CustomerHoldRecord | undefined, today: CalendarDate): string | undefined {
  if (record.dispute) return `the invoice is disputed (${record.dispute.reason})`;
  const bankruptcy = customerHold?.bankruptcy;
  if (bankruptcy)
    return `${customerHold.customer} is in bankruptcy proceedings${bankruptcy.caseNumber ? ` (case ${bankruptcy.caseNumber})` : ''}`;
  if (record.bankruptcy) return 'the customer is in bankruptcy proceedings';
  if (customerHold?.doNotContact) return `${customerHold.customer} asked not to be contacted: ${customerHold.doNotContact.reason}`;
  if (record.referral) return `the debt was referred to ${record.referral.agency} on ${record.referral.at.slice(0, 10)}`;
  if (record.pause && (!record.pause.until || compareDates(today, record.pause.until) < 0)) {
    return record.pause.until ? `reminders are paused until ${record.pause.until}` : 'reminders are paused';
  }
  const pause = customerHold?.pause;
  if (pause && (!pause.resumeOn || compareDates(today, pause.resumeOn) < 0)) {
    return pause.resumeOn
      ? `reminders to ${customerHold.customer} are paused until ${pause.resumeOn}`
      : `reminders to ${customerHold.customer} are paused`;
  }
  if (!record.snapshot.contactEmail) return 'the invoice has no contact email';
  return undefined;
}

const NEXT_STEP_WORDS: Record<string, string> = {
  paid: 'the invoice is paid',
  disputed: 'the invoice is disputed',
  on_hold: 'the invoice is on hold',
  bankrupt: 'the customer is bankrupt',
  do_not_contact: 'the customer asked not to be contacted',
  promised: 'the customer promised to pay',
  paused: 'reminders are paused',
};

function describeNonEmail(next: NextStep): string {
  switch (next.kind) {
    case 'stopped':
      return NEXT_STEP_WORDS[next.reason] ?? next.reason;
    case 'waiting':
      return next.reason === 'promise' ? `a promise to pay is pending until ${next.until}` : `reminders are paused until ${next.until}`;
    case 'finished':
      return 'no further automatic reminder is planned';
    case 'step':
      return `the next step, "${next.step.label ?? next.step.id}", is a task for your team, not an automatic email`;
  }
}

/**
 * What should change in an invoice's reminders now. At most one reminder is ever active per
 * invoice: the next email step of the ladder, at the first business-hours slot on or after its
 * day in the debtor's zone. Everything else that was active is cancelled with the reason. The
 * contact cap is applied by the dispatcher at send time, when it knows what was sent.
 */
export function planReminders({ record, reminders, settings, customerHold, nowMs }: PlanInput): Plan {
  const today = ledgerToday(settings, nowMs);
  const active = reminders.filter((r) => ACTIVE_STATES.includes(r.state) && !outsideLadder(r.stepId));
  const byStep = new Map(reminders.map((r) => [r.stepId, r]));
  const stamp = new Date(nowMs).toISOString();
  const ops: PlanOp[] = [];
  const cancelAll = (reason: string, keep?: string) => {
    for (const r of active)
      if (r.stepId !== keep)
        ops.push({ op: 'cancel', reminder: { ...r, state: 'CANCELLED', reason, updatedAt: stamp }, reason, ifUpdatedAt: r.updatedAt });
  };

  const status = effectiveStatus(record, customerHold);
  const next = nextStep({ ...record.snapshot, status }, handledSteps(record, reminders), today, settings.ladder);
  const stopped = stopReason(record, customerHold, today);
  if (stopped) {
    cancelAll(stopped);
    return { next, ops, escalation: [], stoppedBecause: stopped };
  }
  if (next.kind !== 'step' || next.step.action.kind !== 'email') {
    const reason = describeNonEmail(next);
    cancelAll(reason);
    return { next, ops, escalation: [], ...(next.kind !== 'step' && { stoppedBecause: reason }) };
  }

  const base = { tenant: record.tenant, ledgerId: record.ledgerId, invoiceNumber: record.invoiceNumber, updatedAt: stamp };
  const missed = next.skipped.filter((step) => !byStep.has(step.id));
  ops.push(...missed.map((step) => skipMissed(step, base, stamp)));
  const escalation: EscalationEvent[] = missed.map((step) => ({ type: 'step', stepId: step.id, on: today, outcome: 'skipped' }));
  // Recorded once: the steps after this email keep the ladder's spacing from today.
  if (next.catchUp && !record.escalation.some((e) => e.type === 'caught_up' && e.stepId === next.step.id))
    escalation.push({ type: 'caught_up', stepId: next.step.id, on: today });

  const planned = plannedSlot(record, settings, next.on);
  const sendAt = new Date(Math.max(planned, nextAllowedSendSlot(nowMs, sendingHours(record, settings)))).toISOString();
  cancelAll(`replaced by the next step (${next.step.label ?? next.step.id})`, next.step.id);

  const existing = byStep.get(next.step.id);
  if (existing && ACTIVE_STATES.includes(existing.state)) {
    const change = changeOfActive(existing, next.step, { planned, nowMs, stamp, reviewBeforeSend: settings.reviewBeforeSend });
    if (change) ops.push(change);
    return { next, ops, escalation };
  }
  if (existing && existing.state !== 'CANCELLED') return { next, ops, escalation };
  ops.push({
    op: 'schedule',
    expected: existing ? ['CANCELLED'] : 'absent',
    ...(existing && { ifUpdatedAt: existing.updatedAt }),
    reminder: {
      ...base,
      stepId: next.step.id,
      label: next.step.label ?? next.step.id,
      templateId: templateOf(next.step),
      sendAt,
      state: settings.reviewBeforeSend ? 'AWAITING_APPROVAL' : 'PENDING',
      attempts: 0,
    },
  });
  return { next, ops, escalation };
}

const templateOf = (step: LadderStep) => (step.action.kind === 'email' ? step.action.templateId : step.action.kind);

/** A step whose day passed along with later ones': recorded as skipped, never sent late. */
function skipMissed(
  step: LadderStep,
  base: Pick<ReminderRecord, 'tenant' | 'ledgerId' | 'invoiceNumber' | 'updatedAt'>,
  stamp: string,
): PlanOp {
  const reason = "this email's day had passed along with later ones'; only the most recent email is sent, not every missed one";
  return {
    op: 'skip',
    reason,
    reminder: {
      ...base,
      stepId: step.id,
      label: step.label ?? step.id,
      templateId: templateOf(step),
      sendAt: stamp,
      state: 'SKIPPED',
      reason,
    },
  };
}

/**
 * The next step is already planned: it stays as it is, unless review before sending was switched
 * off (what it held goes at its time) or the team moved the step later since (it moves with it;
 * never earlier, since a reminder waits later for a reason: the cap, business hours, a retry).
 */
function changeOfActive(
  existing: ReminderRecord,
  step: LadderStep,
  at: { planned: number; nowMs: number; stamp: string; reviewBeforeSend: boolean },
): PlanOp | undefined {
  const { planned, nowMs, stamp } = at;
  if (existing.state === 'AWAITING_APPROVAL' && !at.reviewBeforeSend)
    return {
      op: 'schedule',
      expected: ['AWAITING_APPROVAL'],
      ifUpdatedAt: existing.updatedAt,
      reminder: {
        ...existing,
        state: 'PENDING',
        sendAt: new Date(Math.max(planned, Date.parse(existing.sendAt))).toISOString(),
        updatedAt: stamp,
      },
    };
  const moved = planned > nowMs && !existing.timedBy && planned > Date.parse(existing.sendAt);
  if (!moved) return undefined;
  return {
    op: 'schedule',
    expected: [existing.state],
    ifUpdatedAt: existing.updatedAt,
    reminder: { ...existing, sendAt: new Date(planned).toISOString(), label: step.label ?? step.id, updatedAt: stamp },
  };
}

function sendingHours(record: InvoiceRecord, settings: LedgerSettings) {
  return { ...settings.businessHours, timeZone: record.snapshot.timeZone ?? settings.timeZone };
}

/**
 * The first business-hours slot on a step's day in the debtor's zone: where the planner puts it,
 * whatever the time now, so planning twice gives the same instant.
 */
function plannedSlot(record: InvoiceRecord, settings: LedgerSettings, on: CalendarDate): number {
  const hours = sendingHours(record, settings);
  return nextAllowedSendSlot(instantAt(on, settings.businessHours.startMinute, hours.timeZone), hours);
}

/**
 * When a claimed ladder reminder whose step is still next must wait, because the team moved
 * that step later since it was planned; undefined when it may go now. A send time a person set
 * (reschedule, send now) is theirs and is kept.
 */
export function stepMovedTo(input: PlanInput, reminder: ReminderRecord): number | undefined {
  if (reminder.timedBy || reminder.override || outsideLadder(reminder.stepId)) return undefined;
  const plan = planReminders(input);
  if (plan.stoppedBecause || plan.next.kind !== 'step' || plan.next.step.id !== reminder.stepId || plan.next.due) return undefined;
  const planned = plannedSlot(input.record, input.settings, plan.next.on);
  return planned > input.nowMs ? planned : undefined;
}

/** What automation does now, in one sentence for the sidebar. */
export function automationSentence(plan: Plan): string {
  if (plan.stoppedBecause) return `Automated reminders are stopped: ${plan.stoppedBecause}.`;
  if (plan.next.kind === 'step') return `Next step: ${plan.next.step.label ?? plan.next.step.id} on ${plan.next.on}.`;
  return 'No automated step is planned.';
}
