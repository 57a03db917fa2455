import type { LedgerSettings } from '../../shared/api/contract';
import type { InvoiceScope, LedgerScope } from '../store/keys';
import type { ReminderRecord } from '../store/records';
import { applyPlan, type ChangeContext, changeInvoice } from './invoice-updates';
import { ledgerToday, outsideLadder } from './reminder-planner';
import { type Actor, auditBody, notSynced, type ServiceDeps, ServiceError } from './service-deps';
import type { InvoiceStore } from './ports/invoice-store';
import type { ReminderStore } from './ports/reminder-store';

/** The main table's ports this module uses. */
type Stores = InvoiceStore & ReminderStore;

/**
 * What a person decides about one waiting step, each in one place whichever view asked: the
 * sidebar's Approve, Reject and Cancel, "approve all due today", and switching review off.
 */

const PAGE = 500;

/** Every step of a ledger held for review, optionally only those whose send time is before `beforeMs`. */
export async function heldSteps(
  deps: ServiceDeps<Stores>,
  scope: LedgerScope,
  beforeMs = Number.POSITIVE_INFINITY,
): Promise<ReminderRecord[]> {
  const held: ReminderRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.main.invoicePage(scope, PAGE, cursor);
    held.push(...page.reminders.filter((r) => r.state === 'AWAITING_APPROVAL' && Date.parse(r.sendAt) < beforeMs));
    cursor = page.next;
  } while (cursor !== undefined);
  return held;
}

/**
 * A held step approved: it goes at its time, within business hours and the cap. False when it
 * changed meanwhile (someone else decided, or the planner moved on), so it is left as it is.
 */
export async function approveStep(
  deps: ServiceDeps<Stores>,
  actor: Actor,
  reminder: ReminderRecord,
  at: string,
  how: Record<string, unknown> = {},
): Promise<boolean> {
  if ((await deps.main.putReminder({ ...reminder, state: 'PENDING', updatedAt: at }, ['AWAITING_APPROVAL'], reminder.updatedAt)) !== 'ok')
    return false;
  const scope = { tenant: reminder.tenant, ledgerId: reminder.ledgerId, invoiceNumber: reminder.invoiceNumber };
  await deps.audit.append(scope, auditBody(actor, 'reminder.approved', { stepId: reminder.stepId, sendAt: reminder.sendAt, ...how }, at));
  return true;
}

/**
 * A waiting step cancelled (or rejected in review) with the reason on the trail. The ladder is
 * told the step was handled, so it moves on rather than planning the same step again; an
 * emailed letter is not a rung, so cancelling it leaves the ladder where it was.
 */
export async function cancelStep(
  deps: ServiceDeps<Stores>,
  actor: Actor,
  context: ChangeContext,
  reminder: ReminderRecord,
  reason: string,
  at: string,
): Promise<boolean> {
  const scope: InvoiceScope = { tenant: reminder.tenant, ledgerId: reminder.ledgerId, invoiceNumber: reminder.invoiceNumber };
  const cancelled = await applyPlan(
    deps,
    actor,
    scope,
    [{ op: 'cancel', reason, reminder: { ...reminder, state: 'CANCELLED', reason, updatedAt: at }, ifUpdatedAt: reminder.updatedAt }],
    at,
  );
  if (cancelled === 0) return false;
  if (!outsideLadder(reminder.stepId)) {
    await changeInvoice(deps, actor, scope, context, (current) => {
      if (!current) throw notSynced(scope.invoiceNumber);
      current.escalation.push({
        type: 'step',
        stepId: reminder.stepId,
        on: ledgerToday(context.settings, Date.parse(at)),
        outcome: 'skipped',
      });
      return { record: current, events: [] };
    });
  }
  return true;
}

/** What the team chose for the steps review held when switching review off. */
export type HeldStepsChoice = 'send' | 'cancel';

/**
 * Switching review off must not strand or silently release what it held: the team says whether
 * those steps go at their next sending time (each approved, by them) or are cancelled. Asked
 * before anything is saved; undefined when there is nothing to decide.
 */
export async function heldStepsToSettle(
  deps: ServiceDeps<Stores>,
  scope: LedgerScope,
  before: LedgerSettings | undefined,
  after: LedgerSettings,
  choice: HeldStepsChoice | undefined,
): Promise<ReminderRecord[] | undefined> {
  if (!before?.reviewBeforeSend || after.reviewBeforeSend) return undefined;
  const held = await heldSteps(deps, scope);
  if (held.length === 0) return undefined;
  if (!choice) {
    const [count, they] = held.length === 1 ? ['1 email is', 'it is'] : [`${held.length} emails are`, 'they are'];
    throw new ServiceError(
      'bad_request',
      `${count} held for review. Say whether ${they} sent at ${held.length === 1 ? 'its' : 'their'} next sending time or cancelled; nothing was saved.`,
      [{ path: 'heldSteps', message: `${count} held for review: choose whether ${they} sent or cancelled` }],
    );
  }
  return held;
}

/** The held steps approved or cancelled as the team chose, each on its invoice's trail. */
export async function settleHeldSteps(
  deps: ServiceDeps<Stores>,
  actor: Actor,
  context: ChangeContext,
  held: readonly ReminderRecord[],
  choice: HeldStepsChoice,
  at: string,
): Promise<number> {
  let settled = 0;
  for (const r of held) {
    const done =
      choice === 'send'
        ? await approveStep(deps, actor, r, at, { reviewSwitchedOff: true })
        : await cancelStep(
            deps,
            actor,
            context,
            r,
            `review was switched off by ${actor.principal.email}, who chose to cancel the held emails`,
            at,
          );
    if (done) settled += 1;
  }
  return settled;
}
