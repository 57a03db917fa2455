import type { SendLog } from './ports/send-log';
import type { InvoiceScope } from '../store/keys';
import type { DebtorLogRecord, InvoiceRecord, ReminderRecord, SendBatchRecord } from '../store/records';
import { changeInvoice, type ChangeContext } from '../services/invoice-updates';
import type { Actor, ServiceDeps } from '../services/service-deps';
import type { CrashPoint } from './dispatcher';
import { clearLease, dispatchEvent, iso, scopeOf, sentEventId } from './dispatch-records';
import type { InvoiceStore } from '../services/ports/invoice-store';
import type { ReminderStore } from '../services/ports/reminder-store';
import type { WriteTogether } from './ports/write-together';

/** The main table's ports this module uses. */
type Stores = InvoiceStore & ReminderStore;

export interface AfterSentDeps extends ServiceDeps<Stores> {
  dispatch: SendLog;
  faults?: ((point: CrashPoint) => void) | undefined;
  /** Where the follow-up's writes can be made in one request (DynamoDB); one by one when absent. */
  together?: WriteTogether | undefined;
}

/** How the send became known: this run's own SES answer, or later (a sweep, an SES event). */
export type SentEvidence = { messageId: string; by: 'dispatcher' | 'ses-event' | 'sweep' };

/**
 * What the sending run already read or wrote, so this routine does not read it again. Each is
 * only a first guess: the writes that use them are conditional (on the reminder's state and
 * time, the invoice's version, the log's version), and a stale one is read afresh.
 */
export interface AlreadyKnown {
  /** The claimed reminders as this run wrote them. */
  claimed?: readonly ReminderRecord[];
  invoices?: Map<string, InvoiceRecord>;
  /** Each invoice's reminders as read after the claim. */
  reminders?: Map<string, ReminderRecord[]>;
  /** The address's log as read after its lease was taken (`log` absent: it has none yet). */
  debtorLog?: { log: DebtorLogRecord | undefined };
  /** The run holding the address's lease: counting the send ends it in the same write. */
  leaseOwner?: string;
}

/** States a reminder may be in while its email is known to have gone but not yet marked SENT. */
const UNSETTLED: readonly ReminderRecord['state'][] = ['SENDING', 'UNKNOWN', 'NEEDS_REVIEW'];

/**
 * Everything that follows an email SES accepted, in one idempotent routine shared by the
 * dispatcher, the SES-event settlement and the follow-up sweep: mark each reminder SENT (with a
 * follow-up deadline, so a crash from here on is finished by the next run), record email.sent
 * once (its id names the batch and step), count the batch once for the contact cap, plan each
 * invoice's next step, and clear the follow-up. Running it twice, or after a crash at any
 * point, leaves the same records as running it once.
 */
export async function afterSent(
  deps: AfterSentDeps,
  actor: Actor,
  batch: SendBatchRecord,
  evidence: SentEvidence,
  settingsOf: (scope: InvoiceScope) => Promise<ChangeContext>,
  known: AlreadyKnown = {},
): Promise<{ marked: number; released: boolean }> {
  // The sending run has read everything the follow-up reads, so none of its reads would have to
  // see its own writes: they can all be made in one request, together or not at all. There is
  // then no moment at which the reminder is SENT without its email.sent, cap record and next
  // step. If a condition no longer holds (an SES event settled it first, someone changed the
  // invoice), nothing was written and the steps below run one at a time, each conditional.
  if (deps.together && evidence.by === 'dispatcher' && known.claimed && known.invoices && known.reminders) {
    const once = await deps.together.run((stores) => followSend({ ...deps, ...stores }, actor, batch, evidence, settingsOf, known));
    if (once.outcome === 'done') return once.value;
    if (once.outcome === 'unknown') {
      // Made or not: the steps one at a time find the reminders SENT if it was, and leave them
      // (each step is conditional on what it follows), or do them if it was not.
      const after = await followSend(deps, actor, batch, evidence, settingsOf, known);
      return after.marked > 0 ? after : once.value;
    }
  }
  return followSend(deps, actor, batch, evidence, settingsOf, known);
}

async function followSend(
  deps: AfterSentDeps,
  actor: Actor,
  batch: SendBatchRecord,
  evidence: SentEvidence,
  settingsOf: (scope: InvoiceScope) => Promise<ChangeContext>,
  known: AlreadyKnown,
): Promise<{ marked: number; released: boolean }> {
  const now = deps.clock.now();
  const { marked, followUps } = await markSent(deps, actor, batch, evidence, known, now);
  deps.faults?.('after-mark');
  await recordSent(deps, actor, batch, evidence, followUps, now);
  deps.faults?.('after-audit');
  const first = batch.reminders[0];
  const released =
    followUps.length > 0 && first
      ? await deps.dispatch.recordSend(
          { tenant: batch.tenant, ledgerId: first.ledgerId },
          batch.to,
          batch.batchId,
          batch.attemptedAt ?? now,
          {
            ...(known.debtorLog && { known: known.debtorLog }),
            ...(known.leaseOwner && { releaseFor: known.leaseOwner }),
          },
        )
      : false;
  deps.faults?.('after-cap');
  for (const reminder of followUps) {
    // The invoice's reminders as they are now: as read before the send, with this one's outcome.
    const before = known.reminders?.get(reminder.invoiceNumber);
    const reminders = before?.map((r) => (r.stepId === reminder.stepId ? reminder : r));
    await finishFollowUp(deps, actor, reminder, settingsOf, known.invoices?.get(reminder.invoiceNumber), reminders);
  }
  return { marked, released };
}

/**
 * Each of the batch's reminders still unsettled becomes SENT with a follow-up deadline (a
 * settlement after the fact says so in the trail); one already SENT whose follow-up a dead run
 * left is followed up too. Returns the reminders to follow up.
 */
async function markSent(
  deps: AfterSentDeps,
  actor: Actor,
  batch: SendBatchRecord,
  evidence: SentEvidence,
  known: AlreadyKnown,
  now: number,
): Promise<{ marked: number; followUps: ReminderRecord[] }> {
  let marked = 0;
  const followUps: ReminderRecord[] = [];
  for (const ref of batch.reminders) {
    const scope: InvoiceScope = { tenant: batch.tenant, ledgerId: ref.ledgerId, invoiceNumber: ref.invoiceNumber };
    const reminder =
      known.claimed?.find((r) => r.invoiceNumber === ref.invoiceNumber && r.stepId === ref.stepId) ??
      (await deps.main.getReminder(scope, ref.stepId));
    if (!reminder || reminder.batchId !== batch.batchId) continue;
    if (UNSETTLED.includes(reminder.state)) {
      const { reason: _why, ...rest } = clearLease(reminder);
      const sent: ReminderRecord = {
        ...rest,
        state: 'SENT',
        sesMessageId: evidence.messageId,
        updatedAt: iso(now),
        followUpAt: iso(now + FOLLOW_UP_GRACE_MS),
      };
      if ((await deps.main.putReminder(sent, [reminder.state], reminder.updatedAt)) !== 'ok') continue;
      marked += 1;
      if (reminder.state !== 'SENDING') {
        await deps.audit.append(
          scope,
          dispatchEvent(
            actor,
            now,
            'reminder.settled',
            { stepId: ref.stepId, messageId: evidence.messageId, from: reminder.state, by: evidence.by },
            `reminder.settled:${batch.batchId}:${ref.stepId}`,
          ),
        );
      }
      followUps.push(sent);
    } else if (
      reminder.state === 'SENT' &&
      reminder.followUpAt &&
      (evidence.by !== 'ses-event' || Date.parse(reminder.followUpAt) <= now)
    ) {
      // Left unfinished by a run that died. An SES event arriving while the sending run is still
      // within its grace leaves the follow-up to that run, so the two never record it twice.
      followUps.push(reminder);
    }
  }
  return { marked, followUps };
}

/** email.sent once per reminder: its id names the batch and step, and a recovery looks before it writes. */
async function recordSent(
  deps: AfterSentDeps,
  actor: Actor,
  batch: SendBatchRecord,
  evidence: SentEvidence,
  followUps: readonly ReminderRecord[],
  now: number,
): Promise<void> {
  const recovering = evidence.by !== 'dispatcher';
  for (const reminder of followUps) {
    const id = sentEventId(batch.batchId, reminder.stepId);
    if (recovering && (await deps.audit.hasEvent(scopeOf(reminder), id))) continue;
    await deps.audit.append(
      scopeOf(reminder),
      dispatchEvent(
        actor,
        now,
        'email.sent',
        { stepId: reminder.stepId, messageId: reminder.sesMessageId ?? evidence.messageId, to: batch.to, ...batch.about },
        id,
      ),
    );
  }
}

/**
 * A follow-up is picked up by the sweep only after this long, so the run that set it (normally
 * done within seconds) is not raced by another run doing the same work.
 */
export const FOLLOW_UP_GRACE_MS = 10 * 60_000;

/** Plans the invoice's next step now that this reminder is done or passed, then clears the follow-up. */
export async function finishFollowUp(
  deps: ServiceDeps<Stores>,
  actor: Actor,
  reminder: ReminderRecord,
  settingsOf: (scope: InvoiceScope) => Promise<ChangeContext>,
  alreadyRead?: InvoiceRecord,
  remindersRead?: ReminderRecord[],
): Promise<void> {
  const scope = scopeOf(reminder);
  await replan(deps, actor, scope, await settingsOf(scope), alreadyRead, remindersRead);
  // Its updatedAt stays: it says when the outcome happened (the sheet's "last contact").
  const { followUpAt: _f, ...done } = reminder;
  await deps.main.putReminder(done, [reminder.state], reminder.updatedAt);
}

/** Lets the planner schedule the invoice's next step (idempotent: a step already planned stays). */
export async function replan(
  deps: ServiceDeps<Stores>,
  actor: Actor,
  scope: InvoiceScope,
  context: ChangeContext,
  alreadyRead?: InvoiceRecord,
  remindersRead?: ReminderRecord[],
): Promise<void> {
  const unchanged = (current: InvoiceRecord | undefined) => (current ? { record: current, events: [] } : undefined);
  await changeInvoice(deps, actor, scope, context, unchanged, alreadyRead, remindersRead);
}
