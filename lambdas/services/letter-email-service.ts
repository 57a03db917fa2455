import type { EmailLetterRequest, EmailLetterResponse } from '../../shared/api/contract';
import { nextAllowedSendSlot } from '../../shared/time/business-hours';
import { LETTER_KEEP_DAYS } from '../store/dynamodb-main-store';
import { type ReminderRecord, suppressedBecause } from '../store/records';
import { LETTER_EMAIL_PREFIX, whyNotEmailLetter } from './reminder-planner';
import { type Actor, auditBody, notSynced, type ServiceDeps, ServiceError } from './service-deps';
import { changeContext } from './settings-service';
import type { InvoiceStore } from './ports/invoice-store';
import type { LetterStore } from './ports/letter-store';
import type { ReminderStore } from './ports/reminder-store';
import type { SendingLimits } from './ports/sending-limits';
import type { SettingsStore } from './ports/settings-store';
import type { CustomerHoldStore } from './ports/customer-hold-store';

/** The main table's ports this module uses. */
type Stores = InvoiceStore & ReminderStore & LetterStore & SendingLimits & SettingsStore & CustomerHoldStore;

/** One reminder per letter: emailing the same letter twice is refused by the key itself. */
export const letterEmailStep = (sha256: string) => `${LETTER_EMAIL_PREFIX}${sha256.slice(0, 16)}`;

/**
 * Queues a letter made earlier to be emailed with its PDF attached. It becomes a reminder the
 * dispatcher sends like any other: in business hours in the debtor's zone, within the contact
 * cap, never to a suppressed address, re-checked against the invoice at send time. What would
 * stop it now is refused now, with the reason, so the person is not left waiting for nothing.
 */
export async function emailLetter(deps: ServiceDeps<Stores>, actor: Actor, body: EmailLetterRequest): Promise<EmailLetterResponse> {
  const scope = { tenant: actor.principal.tenant, ledgerId: body.ledgerId, invoiceNumber: body.invoiceNumber };
  const { settings, customerHold } = await changeContext(deps, actor, scope);
  const record = await deps.main.getInvoice(scope);
  if (!record) throw notSynced(body.invoiceNumber);
  const nowMs = deps.clock.now();
  const letter = await deps.main.getLetter(scope, body.sha256);
  if (!letter || Date.parse(letter.createdAt) + LETTER_KEEP_DAYS * 86_400_000 < nowMs) {
    throw new ServiceError(
      'not_found',
      `No letter with that SHA-256 was made for invoice ${body.invoiceNumber} in the last ${LETTER_KEEP_DAYS} days. Make the letter again, then email it.`,
    );
  }
  const to = record.snapshot.contactEmail;
  if (!to) throw new ServiceError('conflict', `Not emailed: invoice ${body.invoiceNumber} has no contact email in the sheet.`);
  const suppression = (await deps.main.suppressions(scope.tenant, [to])).get(to.toLowerCase());
  if (suppression) throw new ServiceError('conflict', `Not emailed: ${suppressedBecause(suppression)}.`);
  const reputation = await deps.main.getReputation(scope.tenant);
  if (reputation?.paused) throw new ServiceError('conflict', `Not emailed: sending is paused for this account: ${reputation.reason}.`);
  const reminders = await deps.main.reminders(scope);
  const why = whyNotEmailLetter({ record, reminders, settings, customerHold: await customerHold(record.snapshot.customer), nowMs });
  if (why) throw new ServiceError('conflict', `Not emailed: ${why}.`);

  const stepId = letterEmailStep(body.sha256);
  const hours = { ...settings.businessHours, timeZone: record.snapshot.timeZone ?? settings.timeZone };
  const at = new Date(nowMs).toISOString();
  const reminder: ReminderRecord = {
    ...scope,
    stepId,
    label: `${letter.title} by email`,
    templateId: 'letter',
    sendAt: new Date(nextAllowedSendSlot(nowMs, hours)).toISOString(),
    state: 'PENDING',
    updatedAt: at,
    attempts: 0,
    letter: { sha256: letter.sha256, fileName: letter.fileName, title: letter.title, totalDue: letter.totalDue, deadline: letter.deadline },
  };
  if ((await deps.main.putReminder(reminder, 'absent')) !== 'ok') {
    const existing = reminders.find((r) => r.stepId === stepId);
    throw new ServiceError(
      'conflict',
      `This letter was already queued to be emailed${existing ? ` (${existing.state.toLowerCase()})` : ''}; it is never sent twice.`,
    );
  }
  await deps.audit.append(
    scope,
    auditBody(actor, 'letter.email_queued', { stepId, to, sha256: letter.sha256, fileName: letter.fileName, sendAt: reminder.sendAt }, at),
  );
  return { to, stepId, sendAt: reminder.sendAt, fileName: letter.fileName };
}
