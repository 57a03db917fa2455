import { paymentLinkFor } from '../../shared/payments/payment-link';
import type {
  EmailPreview,
  LadderStepView,
  ReminderActionRequest,
  RemindersResponse,
  TestReminderRequest,
  TestReminderResponse,
} from '../../shared/api/contract';
import { escapeHtml, headerSafe, MAX_SUBJECT_LENGTH } from '../../shared/email/render-email';
import { isEmailAddress } from '../../shared/text';
import type { Mailer } from '../mail/mailer';
import { renderReminderEmail } from '../../shared/email/render-email';
import { nextAllowedSendSlot } from '../../shared/time/business-hours';
import { debtorLocale } from '../../shared/locale/debtor-locale';
import { addDays, type CalendarDate, compareDates } from '../../shared/time/calendar-date';
import { calendarDateIn, instantAt } from '../../shared/time/time-zone';
import type { InvoiceScope } from '../store/keys';
import type { CustomerHoldRecord, InvoiceRecord, ReminderRecord } from '../store/records';
import { type ChangeContext, changeInvoice } from './invoice-updates';
import { debtorOf, emailInvoiceOf, templateFor } from './reminder-email';
import { statementFileName } from '../../shared/statements/compose-statement';
import { ACTIVE_STATES, automationState, handledSteps, ledgerToday, type Plan, planReminders } from './reminder-planner';
import type { LadderStep } from '../../shared/escalation/ladder';
import { ladderDays, nextStep, openTasks } from '../../shared/escalation/next-step';
import { type Actor, auditBody, notSynced, type ServiceDeps, ServiceError } from './service-deps';
import { holdView } from './customer-hold-service';
import { changeContext } from './settings-service';
import { approveStep, cancelStep } from './step-decisions';
import type { InvoiceStore } from './ports/invoice-store';
import type { ReminderStore } from './ports/reminder-store';
import type { SendingLimits } from './ports/sending-limits';
import type { SettingsStore } from './ports/settings-store';
import type { CustomerHoldStore } from './ports/customer-hold-store';

/** The main table's ports this module uses. */
type Stores = InvoiceStore & ReminderStore & SendingLimits & SettingsStore & CustomerHoldStore;

const changedMeanwhile = () => new ServiceError('conflict', 'The reminder changed while you were looking at it. Refresh and try again.');

/**
 * The customer's holds, and a bankruptcy recorded on this invoice alone before holds were the
 * customer's: shown the same way, so it too has its way back.
 */
function customerHoldOf(record: InvoiceRecord, hold: CustomerHoldRecord | undefined): Pick<RemindersResponse, 'customerHold'> {
  const legacy =
    record.bankruptcy && !hold?.bankruptcy
      ? {
          bankruptcy: {
            at: record.bankruptcy.recordedAt,
            ...(record.bankruptcy.caseNumber && { caseNumber: record.bankruptcy.caseNumber }),
          },
        }
      : {};
  if (!hold && !record.bankruptcy) return {};
  return { customerHold: { ...(hold ? holdView(hold) : { customer: record.snapshot.customer }), ...legacy } };
}

/** The promise the ladder follows (the latest recorded), so the sidebar can withdraw or correct it. */
function latestPromise(record: InvoiceRecord): Pick<RemindersResponse, 'promise'> {
  const promise = record.escalation.filter((e) => e.type === 'promise').at(-1);
  if (!promise || promise.type !== 'promise') return {};
  return {
    promise: { promisedFor: promise.promisedFor, recordedOn: promise.recordedOn, ...(promise.amount && { amount: promise.amount }) },
  };
}

/** The whole ladder for one invoice with concrete days and send times, and what runs now. */
export async function listReminders(deps: ServiceDeps<Stores>, actor: Actor, scope: InvoiceScope): Promise<RemindersResponse> {
  const context = await changeContext(deps, actor, scope);
  const record = await deps.main.getInvoice(scope);
  if (!record) throw notSynced(scope.invoiceNumber);
  const reminders = await deps.main.reminders(scope);
  const nowMs = deps.clock.now();
  const hold = await context.customerHold(record.snapshot.customer);
  const plan = planReminders({ record, reminders, settings: context.settings, customerHold: hold, nowMs });
  const byStep = new Map(reminders.map((r) => [r.stepId, r]));
  const done = new Set(record.escalation.flatMap((e) => (e.type === 'step' && e.outcome === 'done' ? [e.stepId] : [])));
  const timeZone = record.snapshot.timeZone ?? context.settings.timeZone;
  const hours = { ...context.settings.businessHours, timeZone };
  // Steps before the one the ladder is on were passed over (added late, or handled otherwise).
  const ladderSteps = context.settings.ladder.steps;
  const { next: planned } = plan;
  // The same verdict as the status columns: the account paused or the address suppressed stops it here too.
  const reputation = await deps.main.getReputation(scope.tenant);
  const email = record.snapshot.contactEmail;
  const suppression = email ? (await deps.main.suppressions(scope.tenant, [email])).get(email.toLowerCase()) : undefined;
  const state = automationState(plan, {
    accountPause: reputation?.paused ? `sending is paused for this account: ${reputation.reason}` : undefined,
    suppression,
  });
  const running = state.state === 'sending' || state.state === 'your_turn';
  // The verdict's reason, else the plan's own words for why nothing goes (paid, finished).
  const automation: RemindersResponse['automation'] = running
    ? { running: true }
    : { running: false, reason: state.reason ?? plan.stoppedBecause ?? 'no further automatic reminder is planned' };
  const today = ledgerToday(context.settings, nowMs);
  const current =
    planned.kind === 'step'
      ? ladderSteps.findIndex((s) => s.id === planned.step.id)
      : planned.kind === 'finished'
        ? ladderSteps.length
        : -1;
  const history = handledSteps(record, reminders);
  // The days the planner keeps (catch-up spacing, letters' deadlines), and the tasks still open.
  // An email going now as a catch-up: the days after it as they will be once it has gone.
  const going =
    planned.kind === 'step' && planned.catchUp
      ? [{ type: 'step' as const, stepId: planned.step.id, on: today, outcome: 'done' as const }]
      : [];
  const days = ladderDays(record.snapshot, [...history, ...going], context.settings.ladder);
  const tasks = new Set(running ? openTasks(record.snapshot, history, today, context.settings.ladder).map((s) => s.id) : []);
  const view: LadderView = { record, byStep, done, tasks, days, today, current, planned, running, automation, hours };
  const steps = ladderSteps.map((step, index) => stepView(step, index, view));
  // Letters a person chose to email travel as reminders of their own, listed after the ladder.
  steps.push(...emailedLetters(reminders, timeZone));
  const next = plan.next.kind === 'step' ? plan.next : undefined;
  const paymentLink = paymentLinkFor({ ...record.snapshot, invoiceNumber: record.invoiceNumber }, context.settings.paymentLink);
  return {
    automation,
    ...(next && {
      next: {
        stepId: next.step.id,
        label: next.step.label ?? next.step.id,
        action: next.step.action.kind,
        on: next.on,
        due: next.due,
        ...(next.step.action.kind === 'letter' && { stage: next.step.action.stage }),
      },
    }),
    debtorTimeZone: timeZone,
    ...(paymentLink && { paymentLink }),
    steps,
    ...(record.dispute && { dispute: record.dispute }),
    ...latestPromise(record),
    ...customerHoldOf(record, hold),
  };
}

/** What every step of the ladder view is decided from. */
interface LadderView {
  record: InvoiceRecord;
  byStep: Map<string, ReminderRecord>;
  done: Set<string>;
  tasks: Set<string>;
  days: Map<string, CalendarDate>;
  today: CalendarDate;
  /** The index of the step the ladder is on (the length when finished, -1 when stopped). */
  current: number;
  planned: Plan['next'];
  running: boolean;
  automation: RemindersResponse['automation'];
  hours: { startMinute: number; timeZone: string } & Parameters<typeof nextAllowedSendSlot>[1];
}

/**
 * One step as the sidebar shows it: its stored reminder if it has one, else done, a task open,
 * passed over, not done while automation was stopped, or planned for its slot.
 */
function stepView(step: LadderStep, index: number, v: LadderView): LadderStepView {
  const on = v.days.get(step.id) ?? addDays(v.record.snapshot.dueDate, step.offsetDays);
  const named = { stepId: step.id, label: step.label ?? step.id, action: step.action.kind, on };
  // A reminder cancelled while a step before it was next (the ladder changed) is planned again when its turn comes.
  const replaced = v.planned.kind === 'step' && index > v.current;
  const stored = v.byStep.get(step.id);
  if (stored && !(stored.state === 'CANCELLED' && replaced)) {
    return { ...named, label: stored.label, ...storedView(stored) };
  }
  if (v.done.has(step.id)) return { ...named, state: 'DONE' };
  if (v.tasks.has(step.id))
    return {
      ...named,
      state: 'TASK',
      open: true,
      reason: 'its day came and it is not done yet: do it, or dismiss it with a reason',
    };
  if (index === v.current && v.planned.kind === 'step' && v.planned.due && (step.action.kind === 'call' || step.action.kind === 'letter'))
    return { ...named, on: v.planned.on, state: 'TASK', open: true };
  if (index < v.current)
    return {
      ...named,
      state: 'SKIPPED',
      reason: 'passed over: the ladder had moved past this step',
    };
  // A day that passed while nothing was being sent is not "planned": it was not, and will not be.
  if (!v.running && compareDates(on, v.today) < 0) {
    return {
      ...named,
      state: 'SKIPPED',
      reason: `not done: its day passed while ${v.automation.reason ?? 'automation was stopped'}`,
    };
  }
  if (step.action.kind !== 'email') return { ...named, state: 'TASK' };
  const sendAt = new Date(nextAllowedSendSlot(instantAt(on, v.hours.startMinute, v.hours.timeZone), v.hours)).toISOString();
  return { ...named, action: 'email', sendAt, state: 'PLANNED' };
}

/** What a stored reminder tells of its step: when it goes or went, its state, why, and SES's message id. */
function storedView(r: ReminderRecord): Pick<LadderStepView, 'sendAt' | 'state' | 'reason' | 'sesMessageId' | 'notSent'> {
  return {
    sendAt: r.sendAt,
    state: r.state,
    ...(r.reason && { reason: r.reason }),
    ...(r.sesMessageId && { sesMessageId: r.sesMessageId }),
    ...(r.state === 'NEEDS_REVIEW' && r.notSent && { notSent: true as const }),
  };
}

/** Letters a person chose to email, each a reminder of its own. */
function emailedLetters(reminders: readonly ReminderRecord[], timeZone: string): LadderStepView[] {
  return reminders.flatMap((r) =>
    r.letter
      ? [
          {
            stepId: r.stepId,
            label: r.label,
            action: 'letter' as const,
            on: calendarDateIn(Date.parse(r.sendAt), timeZone),
            ...storedView(r),
          },
        ]
      : [],
  );
}

/** Reminders for one invoice paused (until a day, or until resumed); the planner cancels what was waiting. */
export async function pauseInvoice(
  deps: ServiceDeps<Stores>,
  actor: Actor,
  scope: InvoiceScope,
  context: ChangeContext,
  pause: { until?: CalendarDate | undefined; note?: string | undefined },
): Promise<void> {
  const at = new Date(deps.clock.now()).toISOString();
  const outcome = await changeInvoice(deps, actor, scope, context, (current) => {
    if (!current) throw notSynced(scope.invoiceNumber);
    current.pause = { at, ...(pause.until && { until: pause.until }), ...(pause.note && { note: pause.note }) };
    return { record: current, events: [{ type: 'automation.paused', data: { until: pause.until, note: pause.note } }] };
  });
  if (!outcome) throw notSynced(scope.invoiceNumber);
}

/**
 * Pause, resume, cancel one step, reschedule one step, or send one now. Cancelling a step tells
 * the ladder it was handled, so it moves on. Rescheduling and send-now stay inside business
 * hours and the cap unless the user overrides, which is recorded.
 */
export async function reminderAction(deps: ServiceDeps<Stores>, actor: Actor, body: ReminderActionRequest): Promise<RemindersResponse> {
  const scope = { tenant: actor.principal.tenant, ledgerId: body.ledgerId, invoiceNumber: body.invoiceNumber };
  const context = await changeContext(deps, actor, scope);
  const nowMs = deps.clock.now();
  const at = new Date(nowMs).toISOString();

  if (body.action === 'pause') {
    await pauseInvoice(deps, actor, scope, context, { until: body.until, note: body.note });
    return listReminders(deps, actor, scope);
  }
  if (body.action === 'dismiss') {
    await dismissTask(deps, actor, scope, context, body, nowMs);
    return listReminders(deps, actor, scope);
  }
  if (body.action === 'resume') {
    await resumeInvoice(deps, actor, scope, context, body.note);
    return listReminders(deps, actor, scope);
  }

  const record = await deps.main.getInvoice(scope);
  if (!record) throw notSynced(scope.invoiceNumber);
  const reminder = (await deps.main.reminders(scope)).find((r) => r.stepId === body.reminderId);
  // SES refused it outright (blocked, then handed to a person): it certainly did not go, so a
  // person may send it again or cancel it; an unconfirmed one (it may have gone) never.
  const refused =
    reminder?.state === 'NEEDS_REVIEW' && reminder.notSent === true && (body.action === 'send_now' || body.action === 'cancel');
  if (!reminder || !(ACTIVE_STATES.includes(reminder.state) || refused)) {
    throw new ServiceError(
      'conflict',
      `Reminder ${body.reminderId} is not waiting to be sent${reminder ? ` (it is ${reminder.state})` : ''}.`,
    );
  }
  const hours = { ...context.settings.businessHours, timeZone: record.snapshot.timeZone ?? context.settings.timeZone };

  if (body.action === 'cancel' || body.action === 'reject') {
    if (body.action === 'reject' && reminder.state !== 'AWAITING_APPROVAL')
      throw new ServiceError('conflict', `Reminder ${body.reminderId} is not waiting for approval (it is ${reminder.state}).`);
    const how = body.action === 'reject' ? 'rejected in review' : 'cancelled';
    const reason = `${how} by ${actor.principal.email}${body.note ? `: ${body.note}` : ''}`;
    if (!(await cancelStep(deps, actor, context, reminder, reason, at))) throw changedMeanwhile();
    return listReminders(deps, actor, scope);
  }

  if (body.action === 'approve') {
    if (reminder.state !== 'AWAITING_APPROVAL')
      throw new ServiceError('conflict', `Reminder ${body.reminderId} is not waiting for approval (it is ${reminder.state}).`);
    if (!(await approveStep(deps, actor, reminder, at))) throw changedMeanwhile();
    return listReminders(deps, actor, scope);
  }

  await retimeStep(deps, actor, scope, body, { reminder, refused, hours, nowMs });
  return listReminders(deps, actor, scope);
}

/** A call or letter the ladder is waiting on, dismissed with a reason: the ladder moves on. */
async function dismissTask(
  deps: ServiceDeps<Stores>,
  actor: Actor,
  scope: InvoiceScope,
  context: ChangeContext,
  body: Extract<ReminderActionRequest, { action: 'dismiss' }>,
  nowMs: number,
): Promise<void> {
  const reminders = await deps.main.reminders(scope);
  const outcome = await changeInvoice(deps, actor, scope, context, (current) => {
    if (!current) throw notSynced(scope.invoiceNumber);
    const today = ledgerToday(context.settings, nowMs);
    const history = handledSteps(current, reminders);
    const next = nextStep(current.snapshot, history, today, context.settings.ladder);
    const due =
      next.kind === 'step' && next.due && (next.step.action.kind === 'call' || next.step.action.kind === 'letter') ? [next.step] : [];
    const task = [...due, ...openTasks(current.snapshot, history, today, context.settings.ladder)].find((s) => s.id === body.reminderId);
    if (!task) {
      // Named as the sidebar names it, not by its id.
      const label = context.settings.ladder.steps.find((s) => s.id === body.reminderId)?.label ?? body.reminderId;
      throw new ServiceError(
        'conflict',
        `"${label}" is not a call or letter waiting for you on ${scope.invoiceNumber}: it was done or dismissed already, or its day has not come.`,
      );
    }
    current.escalation.push({ type: 'step', stepId: task.id, on: today, outcome: 'skipped' });
    return {
      record: current,
      events: [{ type: 'task.dismissed', data: { stepId: task.id, label: task.label ?? task.id, reason: body.note } }],
    };
  });
  if (!outcome) throw notSynced(scope.invoiceNumber);
}

/** Reminders for a paused invoice resumed; the planner plans the next step again. */
async function resumeInvoice(
  deps: ServiceDeps<Stores>,
  actor: Actor,
  scope: InvoiceScope,
  context: ChangeContext,
  note: string | undefined,
): Promise<void> {
  const outcome = await changeInvoice(deps, actor, scope, context, (current) => {
    if (!current) throw notSynced(scope.invoiceNumber);
    if (!current.pause) throw new ServiceError('conflict', 'Reminders for this invoice are not paused.');
    delete current.pause;
    return { record: current, events: [{ type: 'automation.resumed', data: { note: note } }] };
  });
  if (!outcome) throw notSynced(scope.invoiceNumber);
}

/**
 * Reschedule one step, or send it now: inside business hours and the cap unless the user
 * overrides, which is recorded. Sending a held step now approves it; one SES refused starts afresh.
 */
async function retimeStep(
  deps: ServiceDeps<Stores>,
  actor: Actor,
  scope: InvoiceScope,
  body: Extract<ReminderActionRequest, { action: 'reschedule' | 'send_now' }>,
  found: { reminder: ReminderRecord; refused: boolean; hours: Parameters<typeof nextAllowedSendSlot>[1]; nowMs: number },
): Promise<void> {
  const { reminder, refused, hours, nowMs } = found;
  const at = new Date(nowMs).toISOString();
  const requested = body.action === 'reschedule' ? Date.parse(body.sendAt) : nowMs;
  if (body.action === 'reschedule' && requested < nowMs) throw new ServiceError('bad_request', 'The new send time is in the past.');
  const override = body.action === 'send_now' && body.override;
  const sendAt = new Date(override ? requested : nextAllowedSendSlot(Math.max(requested, nowMs), hours)).toISOString();
  // Sending a held step now is approving it: a person chose it to go.
  const approved = body.action === 'send_now' && reminder.state === 'AWAITING_APPROVAL';
  const updated: ReminderRecord = {
    ...reminder,
    sendAt,
    updatedAt: at,
    timedBy: actor.principal.email,
    ...((approved || refused) && { state: 'PENDING' as const }),
    ...(override && { override: true }),
  };
  if (refused) {
    // A fresh start: its tries were against a refusal a person says is mended.
    delete updated.notSent;
    delete updated.attempts;
    delete updated.reason;
  }
  if ((await deps.main.putReminder(updated, [reminder.state], reminder.updatedAt)) !== 'ok') {
    throw new ServiceError('conflict', 'The reminder changed while you were editing it. Refresh and try again.');
  }
  const data = {
    stepId: reminder.stepId,
    from: reminder.sendAt,
    to: sendAt,
    ...(body.action === 'send_now' && { override: body.override, note: body.note }),
    ...(approved && { approved: true }),
  };
  await deps.audit.append(scope, auditBody(actor, body.action === 'reschedule' ? 'reminder.rescheduled' : 'reminder.send_now', data, at));
}

/**
 * One email step of the ladder rendered exactly as the dispatcher renders it (the same template,
 * team details and footer), aged on the day it goes. If other reminders to the same address fall
 * due in the same run, the dispatcher sends one email listing them all; the preview is this
 * invoice's part.
 */
export async function previewReminder(deps: ServiceDeps<Stores>, actor: Actor, scope: InvoiceScope, stepId: string): Promise<EmailPreview> {
  const { settings } = await changeContext(deps, actor, scope);
  const record = await deps.main.getInvoice(scope);
  if (!record) throw notSynced(scope.invoiceNumber);
  const step = settings.ladder.steps.find((s) => s.id === stepId);
  if (!step || step.action.kind !== 'email')
    throw new ServiceError('bad_request', `Step ${stepId} of the ladder is not an email, so there is nothing to preview.`);
  const today = ledgerToday(settings, deps.clock.now());
  const stepDay = addDays(record.snapshot.dueDate, step.offsetDays);
  const on = compareDates(stepDay, today) < 0 ? today : stepDay;
  const template = templateFor(settings, step.action.templateId);
  // The statement itself is made when the email goes, from the invoices as they are then.
  const attachment = template.attachStatement ? statementFileName(record.snapshot.customer, on) : undefined;
  const rendered = renderReminderEmail(
    template,
    settings,
    debtorOf(record),
    [emailInvoiceOf(record, on, settings)],
    debtorLocale(record.snapshot.timeZone, settings.timeZone),
    'reminder',
    attachment ? { statement: attachment } : {},
  );
  return {
    stepId,
    label: step.label ?? step.id,
    ...(record.snapshot.contactEmail && { to: record.snapshot.contactEmail }),
    fromName: settings.senderName,
    replyTo: settings.replyTo,
    ...rendered,
    on,
    ...(attachment && { attachment }),
  };
}

/** Where "send a test to myself" sends from; absent where the function has no SES access. */
export interface TestMail {
  mailer: Mailer;
  fromAddress: string;
  /** Hosted: the team's own address once its domain is verified, as its real emails use. */
  fromFor?: (tenant: string) => Promise<string>;
}
export interface TestMailDeps {
  testMail?: TestMail;
}

/**
 * An email step exactly as the preview renders it, sent to the signed-in user alone with
 * "[Test]" in the subject and a line saying so. It never goes to the customer, does not count
 * toward their cap, and is recorded on the invoice's trail as a test.
 */
/** Test emails one person may send themselves in a day (UTC). */
export const TEST_EMAILS_PER_DAY = 20;

export async function sendTestReminder(
  deps: ServiceDeps<Stores> & TestMailDeps,
  actor: Actor,
  body: TestReminderRequest,
): Promise<TestReminderResponse> {
  if (!deps.testMail)
    throw new ServiceError(
      'not_found',
      'This backend is not set up to send test emails (it needs FROM_ADDRESS and SES_CONFIGURATION_SET).',
    );
  const to = actor.principal.email;
  if (!isEmailAddress(to)) throw new ServiceError('bad_request', 'Your Google account has no email address to send the test to.');
  const scope = { tenant: actor.principal.tenant, ledgerId: body.ledgerId, invoiceNumber: body.invoiceNumber };
  const preview = await previewReminder(deps, actor, scope, body.stepId);
  // Each test goes through the shared SES account and its reputation: a few a day per person.
  const day = new Date(deps.clock.now()).toISOString().slice(0, 10);
  if ((await deps.main.countDaily(actor.principal.tenant, `test-email#${actor.principal.sub}`, day, TEST_EMAILS_PER_DAY)) === 'over') {
    throw new ServiceError(
      'rate_limited',
      `You have sent yourself ${TEST_EMAILS_PER_DAY} test emails today, the most allowed; try again tomorrow.`,
    );
  }
  const note = `This is a test: the email Dunning Desk will send${preview.to ? ` to ${preview.to}` : ''} for invoice ${body.invoiceNumber}. It went only to you (${to}).${preview.attachment ? ' The real email carries the statement of account, made on the day it goes; a test carries none.' : ''}`;
  const subject = headerSafe(`[Test] ${preview.subject}`, MAX_SUBJECT_LENGTH);
  const result = await deps.testMail.mailer.send({
    from: {
      name: preview.fromName,
      address: (await deps.testMail.fromFor?.(actor.principal.tenant)) ?? deps.testMail.fromAddress,
    },
    replyTo: preview.replyTo,
    to,
    subject,
    text: `${note}\n\n${preview.text}`,
    html: preview.html.replace(/<body([^>]*)>/, `<body$1><p style="background:#fef7e0;padding:8px">${escapeHtml(note)}</p>`),
    tags: { dd_test: 'true' },
  });
  if (!result.ok) throw new ServiceError('conflict', `The test email was not sent: ${result.message}`);
  await deps.audit.append(
    scope,
    auditBody(
      actor,
      'reminder.test_sent',
      { stepId: body.stepId, to, subject, messageId: result.messageId },
      new Date(deps.clock.now()).toISOString(),
    ),
  );
  return { to, subject, messageId: result.messageId };
}
