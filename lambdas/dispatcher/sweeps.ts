import type { InvoiceScope } from '../store/keys';
import type { UnreadableItem } from './ports/deadline-index';
import type { ReminderRecord } from '../store/records';
import { changeContext } from '../services/settings-service';
import { afterSent, finishFollowUp } from './after-sent';
import { acrossShards, attemptEvent, clearLease, dispatcherActor, dispatchEvent, iso, scopeOf } from './dispatch-records';
import type { DispatcherDeps, RunSummary } from './dispatcher';
import { guard } from './run-guard';

/**
 * What earlier runs left unfinished, oldest deadline first, each reminder in its own guard:
 * - a SENDING whose lease expired: if its send batch was never written, SES was never called
 *   and it goes back to PENDING; otherwise the email may have gone: the attempt is audited and
 *   it becomes UNKNOWN, never PENDING, until an SES event with its batch tag settles it;
 * - an UNKNOWN past its review time goes to a person (NEEDS_REVIEW);
 * - an outcome whose follow-up (email.sent, contact cap, next step) a crashed run did not finish.
 */
export async function sweepUnfinished(deps: DispatcherDeps, now: number, summary: RunSummary): Promise<void> {
  // An item that fails its schema is taken out of the index, not left to stop every sweep.
  const unreadable: UnreadableItem[] = [];
  // Family by family, each asked of every shard at once: the leases are settled before the
  // unconfirmed sends are looked at, and those before the follow-ups.
  const due = (family: 'LEASE' | 'UNKNOWN' | 'FOLLOWUP') =>
    acrossShards(deps.dispatch.shards, (shard) => deps.dispatch.deadlines(family, shard, iso(now), unreadable));
  for (const r of await due('LEASE')) {
    await guard(deps, summary, keysOf(r), () => expireLease(deps, r, now, summary));
  }
  for (const r of await due('UNKNOWN')) {
    await guard(deps, summary, keysOf(r), async () => {
      const reason = 'the email service never confirmed this email; check with the customer before sending it again';
      const next: ReminderRecord = { ...clearLease(r), state: 'NEEDS_REVIEW', reason, updatedAt: iso(now) };
      if ((await deps.main.putReminder(next, ['UNKNOWN'], r.updatedAt)) !== 'ok') return;
      await deps.audit.append(
        scopeOf(r),
        dispatchEvent(
          dispatcherActor(r.tenant),
          now,
          'reminder.needs_review',
          { stepId: r.stepId, reason },
          `reminder.needs_review:${r.batchId ?? r.updatedAt}:${r.stepId}`,
        ),
      );
      summary.needsReview += 1;
    });
  }
  for (const r of await due('FOLLOWUP')) {
    await guard(deps, summary, keysOf(r), async () => {
      const actor = dispatcherActor(r.tenant);
      const settingsOf = (scope: InvoiceScope) => changeContext(deps, actor, scope);
      const batch = r.state === 'SENT' && r.batchId ? await deps.dispatch.getBatch(r.tenant, r.batchId) : undefined;
      if (batch) await afterSent(deps, actor, batch, { messageId: r.sesMessageId ?? 'unknown', by: 'sweep' }, settingsOf);
      else await finishFollowUp(deps, actor, r, settingsOf);
      summary.followedUp += 1;
    });
  }
  for (const item of unreadable) {
    summary.problems += 1;
    deps.logger?.error('unreadable reminder taken out of the schedule', { ...item });
    await guard(deps, summary, { ...item }, () => deps.dispatch.quarantine(item, iso(now)));
  }
}

async function expireLease(deps: DispatcherDeps, r: ReminderRecord, now: number, summary: RunSummary): Promise<void> {
  const actor = dispatcherActor(r.tenant);
  const attempted = r.batchId ? await deps.dispatch.getBatch(r.tenant, r.batchId) : undefined;
  if (!attempted) {
    const reason = 'a run stopped before sending it; it goes with the next run';
    const next: ReminderRecord = {
      ...clearLease(r),
      state: 'PENDING',
      sendAt: iso(now),
      reason: `retrying: ${reason}`,
      updatedAt: iso(now),
    };
    delete next.batchId;
    if ((await deps.main.putReminder(next, ['SENDING'], r.updatedAt)) !== 'ok') return;
    await deps.audit.append(
      scopeOf(r),
      dispatchEvent(
        actor,
        now,
        'reminder.retry_scheduled',
        { stepId: r.stepId, at: next.sendAt, reason },
        `reminder.retry_scheduled:${r.batchId ?? r.updatedAt}:${r.stepId}`,
      ),
    );
    summary.retried += 1;
    return;
  }
  const reason = 'sending was interrupted; waiting for the email service to confirm whether the email went';
  // The attempt goes into the trail now, at the time it was made; the run that died may have
  // written it already (a refusal recorded, its outcome not).
  const attempt = attemptEvent(actor, attempted.attemptedAt ?? now, attempted, r.stepId);
  if (!attempt.id || !(await deps.audit.hasEvent(scopeOf(r), attempt.id))) await deps.audit.append(scopeOf(r), attempt);
  const next: ReminderRecord = {
    ...clearLease(r),
    state: 'UNKNOWN',
    reviewAt: iso(now + deps.config.settleMs),
    reason,
    updatedAt: iso(now),
  };
  if ((await deps.main.putReminder(next, ['SENDING'], r.updatedAt)) !== 'ok') return;
  await deps.audit.append(
    scopeOf(r),
    dispatchEvent(actor, now, 'reminder.unknown', { stepId: r.stepId, reason }, `reminder.unknown:${r.batchId ?? r.updatedAt}:${r.stepId}`),
  );
  summary.unknown += 1;
}

const keysOf = (r: ReminderRecord) => ({
  tenant: r.tenant,
  ledgerId: r.ledgerId,
  invoiceNumber: r.invoiceNumber,
  stepId: r.stepId,
  state: r.state,
});
