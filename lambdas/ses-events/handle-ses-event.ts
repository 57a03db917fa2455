import type { Logger } from '@aws-lambda-powertools/logger';
import { decodeTag } from '../dispatcher/dispatcher';
import type { SendLog } from '../dispatcher/ports/send-log';
import type { SenderHealth } from '../dispatcher/ports/sender-health';
import { changeInvoice } from '../services/invoice-updates';
import { type Actor, auditBody, type ServiceDeps } from '../services/service-deps';
import { changeContext, loadSettings } from '../services/settings-service';
import { afterSent } from '../dispatcher/after-sent';
import { SesNotification, SnsEvent } from './ses-notification';
import type { InvoiceStore } from '../services/ports/invoice-store';
import type { ReminderStore } from '../services/ports/reminder-store';
import type { SettingsStore } from '../services/ports/settings-store';
import type { CustomerHoldStore } from '../services/ports/customer-hold-store';

/** The main table's ports this module uses. */
type Stores = InvoiceStore & ReminderStore & SettingsStore & CustomerHoldStore;

export interface SesEventDeps extends ServiceDeps<Stores> {
  dispatch: SendLog & SenderHealth;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
}

/** SES reviews a whole account at 5% bounces / 0.1% complaints; a tenant is paused before that. */
export const BOUNCE_PAUSE_RATE = 0.04;
export const COMPLAINT_PAUSE_RATE = 0.0008;
/** Rates over fewer sends than this say more about chance than about a list. */
export const MIN_SENDS_FOR_RATE = 50;
const WINDOW_DAYS = 7;

const actorFor = (tenant: string): Actor => ({ principal: { sub: 'ses-events', email: 'ses-events', tenant }, source: 'ses-events' });

/**
 * Handles one SNS delivery of SES events. Never throws for a message it cannot use: a malformed
 * or foreign notification is logged and acknowledged, so SNS does not retry it forever. Errors
 * reaching DynamoDB do throw, so SNS retries and nothing is lost.
 */
export async function handleSesEvents(deps: SesEventDeps, event: unknown): Promise<{ handled: number; ignored: number }> {
  const sns = SnsEvent.safeParse(event);
  if (!sns.success) {
    deps.logger.warn('not an SNS event; ignored');
    return { handled: 0, ignored: 1 };
  }
  let handled = 0;
  let ignored = 0;
  for (const record of sns.data.Records) {
    let json: unknown;
    try {
      json = JSON.parse(record.Sns.Message);
    } catch {
      json = undefined;
    }
    const parsed = SesNotification.safeParse(json);
    const tenantTag = parsed.success ? parsed.data.mail.tags.dd_tenant?.[0] : undefined;
    const batchTag = parsed.success ? parsed.data.mail.tags.dd_batch?.[0] : undefined;
    if (!parsed.success || !tenantTag || !batchTag || !/^[0-9a-f]+$/.test(tenantTag)) {
      deps.logger.warn('SES notification without our tags or malformed; ignored', { snsMessageId: record.Sns.MessageId });
      ignored += 1;
      continue;
    }
    await handleOne(deps, parsed.data, decodeTag(tenantTag), batchTag, record.Sns.MessageId ?? parsed.data.mail.messageId);
    handled += 1;
  }
  return { handled, ignored };
}

async function handleOne(deps: SesEventDeps, n: SesNotification, tenant: string, batchId: string, snsMessageId: string): Promise<void> {
  const now = deps.clock.now();
  const at = new Date(now).toISOString();
  const actor = actorFor(tenant);
  const batch = await deps.dispatch.getBatch(tenant, batchId);
  if (!batch) {
    deps.logger.warn('SES event for a batch we do not know; ignored', { batchId });
    return;
  }
  const permanentBounce = n.kind === 'bounce' && n.bounce?.bounceType === 'Permanent';
  const complaint = n.kind === 'complaint';
  const type =
    n.kind === 'delivery'
      ? 'email.delivered'
      : n.kind === 'bounce'
        ? 'email.bounced'
        : complaint
          ? 'email.complained'
          : n.kind === 'reject'
            ? 'email.rejected'
            : `email.${n.kind || 'event'}`;
  const detail = {
    messageId: n.mail.messageId,
    to: batch.to,
    ...(n.bounce && { bounceType: n.bounce.bounceType, bounceSubType: n.bounce.bounceSubType }),
    ...(n.complaint?.complaintFeedbackType && { feedback: n.complaint.complaintFeedbackType }),
    ...(n.reject?.reason && { reason: n.reject.reason }),
  };

  // Any event with our tag but a rejection proves SES accepted the message: a send this run
  // could not confirm (a lost answer, a timeout, a crash) is settled as SENT, with everything
  // that follows a send (email.sent, the contact cap, the next step) done once.
  if (n.kind !== 'reject') {
    await afterSent({ ...deps, dispatch: deps.dispatch }, actor, batch, { messageId: n.mail.messageId, by: 'ses-event' }, (scope) =>
      changeContext(deps, actor, scope),
    );
  }
  let redelivered = false;
  for (const ref of batch.reminders) {
    const scope = { tenant, ...ref };
    // SNS delivers at least once: a notification whose event the chain holds was handled before.
    const id = `${type}:${snsMessageId}:${ref.stepId}`;
    if (await deps.audit.hasEvent(scope, id)) {
      redelivered = true;
      continue;
    }
    await deps.audit.append(scope, { ...auditBody(actor, type, { stepId: ref.stepId, ...detail }, at), id });
    if (permanentBounce || complaint) {
      const settings = await loadSettings(deps, actor, scope);
      const why = permanentBounce ? `${batch.to} bounced permanently` : `${batch.to} marked our email as spam`;
      await changeInvoice(deps, actor, scope, { settings, customerHold: (c) => deps.main.getCustomerHold(scope, c) }, (current) => {
        if (!current) return undefined;
        current.pause = { at, note: `${why}; fix the contact, then resume` };
        return { record: current, events: [{ type: 'automation.paused', data: { note: current.pause.note } }] };
      });
    }
  }
  if (permanentBounce || complaint) {
    await deps.dispatch.putSuppression(tenant, {
      email: batch.to,
      reason: permanentBounce ? 'they bounced permanently' : 'the recipient marked one as spam',
      at,
    });
    // A bounce counts once toward the tenant's rate, however often SNS delivers it.
    if (!redelivered) await deps.dispatch.addStats(tenant, at.slice(0, 10), permanentBounce ? { bounces: 1 } : { complaints: 1 });
    await checkReputation(deps, tenant, now);
  }
}

/** Pauses a tenant whose rolling bounce or complaint rate would put the shared SES account at risk. */
async function checkReputation(deps: SesEventDeps, tenant: string, now: number): Promise<void> {
  const days = Array.from({ length: WINDOW_DAYS }, (_, i) => new Date(now - i * 86_400_000).toISOString().slice(0, 10));
  const stats = await deps.dispatch.stats(tenant, days);
  if (stats.sends < MIN_SENDS_FOR_RATE) return;
  const bounceRate = stats.bounces / stats.sends;
  const complaintRate = stats.complaints / stats.sends;
  const pct = (r: number) => `${(r * 100).toFixed(2)}%`;
  let reason: string | undefined;
  if (bounceRate >= BOUNCE_PAUSE_RATE)
    reason = `bounce rate ${pct(bounceRate)} over ${WINDOW_DAYS} days (pause at ${pct(BOUNCE_PAUSE_RATE)}); clean the contact list, then ask support to resume`;
  else if (complaintRate >= COMPLAINT_PAUSE_RATE)
    reason = `complaint rate ${pct(complaintRate)} over ${WINDOW_DAYS} days (pause at ${pct(COMPLAINT_PAUSE_RATE)}); review who is emailed, then ask support to resume`;
  if (!reason) return;
  await deps.dispatch.putReputation(tenant, { paused: true, reason, at: new Date(now).toISOString() });
  deps.logger.warn('tenant sending paused', { tenant, bounceRate, complaintRate });
}
