import { createHash } from 'node:crypto';
import type { LedgerSettings } from '../../shared/api/contract';
import { defaultLedgerSettings } from '../../shared/default-settings';
import { type EmailInvoice, renderReminderEmail, type RenderedEmail } from '../../shared/email/render-email';
import { renderLetterEmail } from '../../shared/email/render-letter-email';
import type { CalendarDate } from '../../shared/time/calendar-date';
import { capFreesAt, nextSendSlot } from '../../shared/escalation/contact-cap';
import { isWithinBusinessHours, nextAllowedSendSlot } from '../../shared/time/business-hours';
import type { Mailer } from '../mail/mailer';
import { sendDueDigests } from './daily-digest';
import type { Pacer } from '../mail/pacer';
import type { DynamoDbDispatchStore } from '../store/dynamodb-dispatch-store';
import type { InvoiceScope, LedgerScope } from '../store/keys';
import { type DebtorLogRecord, type InvoiceRecord, type ReminderRecord, suppressedBecause } from '../store/records';
import { type ChangeContext, changeInvoice } from '../services/invoice-updates';
import { ledgerToday, THANK_YOU_STEP, whyNotEmailLetter, whyNotSend } from '../services/reminder-planner';
import { debtorOf, emailInvoiceOf, templateFor } from '../services/reminder-email';
import { isSettled } from '../../shared/invoice';
import { type Actor, auditBody, type ServiceDeps } from '../services/service-deps';
import { memoizedPauses } from '../services/settings-service';

/** Where a test may stop the dispatcher dead, as a crash or a timeout would. */
export type CrashPoint = 'after-claim' | 'after-checks' | 'after-send' | 'after-audit' | 'after-mark';

export interface DispatcherConfig {
  fromAddress: string;
  /** Reply-To when a ledger has no saved settings; the From address when absent. */
  defaultReplyTo?: string;
  /** How long a claim holds before another run may treat it as abandoned. */
  leaseMs: number;
  /** How long an unconfirmed send waits for SES's event before a person must look. */
  settleMs: number;
  /** Stop taking new work when less than this remains of the invocation. */
  safetyMs: number;
}

export interface DispatcherDeps extends ServiceDeps {
  dispatch: DynamoDbDispatchStore;
  mailer: Mailer;
  pacer: Pacer;
  newId: () => string;
  config: DispatcherConfig;
  faults?: (point: CrashPoint) => void;
}

export interface RunSummary {
  emails: number;
  sent: number;
  skipped: number;
  moved: number;
  retried: number;
  failed: number;
  dryRun: number;
  unknown: number;
  needsReview: number;
  leftForNextRun: number;
  digests: number;
  /** Emails sent per tenant in this run: added to the reputation counters once, at the end. */
  sendsByTenant: Map<string, number>;
}

const dispatcherActor = (tenant: string): Actor => ({ principal: { sub: 'dispatcher', email: 'dispatcher', tenant }, source: 'dispatcher' });

/** SES tag values allow only [A-Za-z0-9_.@-]: the tenant travels hex-encoded. */
export const encodeTag = (value: string) => Buffer.from(value, 'utf8').toString('hex');
export const decodeTag = (value: string) => Buffer.from(value, 'hex').toString('utf8');

/** 1, 2, 4 ... 60 minutes: throttling and outages leave reminders PENDING, spaced out. */
export function backoffMs(attempts: number): number {
  return Math.min(60, 2 ** attempts) * 60_000;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * One dispatcher run. Send-once rests on the order of writes: a reminder is claimed
 * (PENDING -> SENDING, conditional on its state and version) before SES is called, the audit
 * event is appended after SES accepts, and only then is it marked SENT. A run that dies anywhere
 * in between leaves SENDING with a lease; a later run turns an expired lease into UNKNOWN, never
 * back into PENDING, and an SES event carrying the batch tag settles it, or a person reviews it.
 */
export async function runDispatcher(deps: DispatcherDeps, remainingMs: () => number): Promise<RunSummary> {
  const summary: RunSummary = { emails: 0, sent: 0, skipped: 0, moved: 0, retried: 0, failed: 0, dryRun: 0, unknown: 0, needsReview: 0, leftForNextRun: 0, digests: 0, sendsByTenant: new Map() };
  const now = deps.clock.now();
  const owner = deps.newId();
  await sweepExpired(deps, now, summary);
  summary.digests = await sendDueDigests({ ...deps, fromAddress: deps.config.fromAddress }, now);

  const due: ReminderRecord[] = [];
  for (let shard = 0; shard < deps.dispatch.shards; shard += 1) due.push(...(await deps.dispatch.deadlines('DUE', shard, iso(now))));
  const byLedger = groupBy(due, (r) => JSON.stringify([r.tenant, r.ledgerId]));

  for (const reminders of byLedger.values()) {
    const first = reminders[0];
    if (!first) continue;
    const ledger: LedgerScope = { tenant: first.tenant, ledgerId: first.ledgerId };
    const actor = dispatcherActor(ledger.tenant);
    const settings = (await deps.main.getSettings(ledger))?.settings ?? defaultLedgerSettings(deps.config.defaultReplyTo ?? deps.config.fromAddress);
    const customerPause = memoizedPauses(deps.main, ledger);
    const reputation = await deps.main.getReputation(ledger.tenant);
    // A first, unclaimed read only to group reminders by recipient; decisions use the read after the claim.
    const preview = await deps.dispatch.sendContext(ledger, [...new Set(reminders.map((r) => r.invoiceNumber))], undefined, []);
    // Thanks, chasing and each emailed letter never share an email; a debtor's reminders do.
    const byDebtor = groupBy(reminders, (r) => JSON.stringify([preview.invoices.get(r.invoiceNumber)?.snapshot.contactEmail ?? `no-email:${r.invoiceNumber}`, emailKind(r)]));

    for (const [key, group] of byDebtor) {
      const [recipient] = JSON.parse(key) as [string, string];
      if (remainingMs() < deps.config.safetyMs) {
        summary.leftForNextRun += group.length;
        continue;
      }
      const batchId = deps.newId();
      const claimed: ReminderRecord[] = [];
      for (const r of group) {
        const held: ReminderRecord = { ...r, state: 'SENDING', owner, leaseUntil: iso(now + deps.config.leaseMs), batchId, updatedAt: iso(now) };
        if ((await deps.main.putReminder(held, ['PENDING'], r.updatedAt)) === 'ok') claimed.push(held);
      }
      deps.faults?.('after-claim');
      if (claimed.length === 0) continue;
      const email = recipient.startsWith('no-email:') ? undefined : recipient;
      const customers = [...new Set(group.flatMap((r) => preview.invoices.get(r.invoiceNumber)?.snapshot.customer ?? []))];
      await handleDebtor(deps, actor, ledger, settings, customerPause, reputation?.paused ? reputation.reason : undefined, { email, customers }, claimed, now, summary);
    }
  }
  for (const [tenant, sends] of summary.sendsByTenant) await deps.dispatch.addStats(tenant, iso(now).slice(0, 10), { sends });
  return summary;
}

async function handleDebtor(
  deps: DispatcherDeps,
  actor: Actor,
  ledger: LedgerScope,
  settings: LedgerSettings,
  customerPause: ChangeContext['customerPause'],
  tenantPaused: string | undefined,
  recipient: { email: string | undefined; customers: string[] },
  claimed: ReminderRecord[],
  now: number,
  summary: RunSummary,
): Promise<void> {
  // The re-read after the claim: what the sheet says now is what decides.
  const { email, customers } = recipient;
  const ctx = await deps.dispatch.sendContext(ledger, [...new Set(claimed.map((r) => r.invoiceNumber))], email, customers);
  // Pauses of the customers grouped on were in the BatchGet; a customer renamed since is looked up.
  const pauseOf = async (customer: string) => ctx.customerPauses.get(customer.toLowerCase()) ?? (customers.includes(customer) ? undefined : await customerPause(customer));

  const sendable: { reminder: ReminderRecord; invoice: InvoiceRecord }[] = [];
  for (const reminder of claimed) {
    const invoice = ctx.invoices.get(reminder.invoiceNumber);
    if (invoice?.snapshot.contactEmail && invoice.snapshot.contactEmail !== email) {
      // The address changed since this run grouped it: back to PENDING, to be grouped anew.
      const moveReason = 'the contact email changed; it goes to the new address on the next run';
      await finish(deps, actor, reminder, { ...reminder, state: 'PENDING', sendAt: iso(now), reason: `moved: ${moveReason}` }, { type: 'reminder.moved', data: { stepId: reminder.stepId, to: iso(now), reason: moveReason } });
      summary.moved += 1;
      continue;
    }
    const reminders = invoice ? await deps.main.reminders({ ...ledger, invoiceNumber: reminder.invoiceNumber }) : [];
    const planInput = { record: invoice, reminders, settings, customerPause: invoice ? await pauseOf(invoice.snapshot.customer) : undefined, nowMs: now };
    const reason =
      (ctx.suppression ? suppressedBecause(ctx.suppression) : undefined) ??
      (tenantPaused ? `sending is paused for this account: ${tenantPaused}` : undefined) ??
      (reminder.stepId === THANK_YOU_STEP ? whyNotThank(invoice) : reminder.letter ? whyNotEmailLetter(planInput) : whyNotSend(planInput, reminder.stepId));
    if (reason) {
      await finish(deps, actor, reminder, { ...reminder, state: 'SKIPPED', reason }, { type: 'reminder.skipped', data: { stepId: reminder.stepId, reason } }, settings);
      summary.skipped += 1;
    } else if (invoice) sendable.push({ reminder, invoice });
  }
  const lead = sendable[0];
  if (!lead || !email) return;

  const hours = { ...settings.businessHours, timeZone: lead.invoice.snapshot.timeZone ?? settings.timeZone };
  const override = sendable.every((s) => s.reminder.override);
  const sentAt = ctx.debtorLog?.sentAt ?? [];
  let moveTo: number | undefined;
  let moveReason = '';
  if (!override && !isWithinBusinessHours(now, hours)) {
    moveTo = nextSendSlot(nextAllowedSendSlot(now, hours), sentAt, settings.cap, hours);
    moveReason = `outside business hours in ${hours.timeZone}`;
  } else if (!override && capFreesAt(sentAt, now, settings.cap) > now) {
    moveTo = nextSendSlot(now, sentAt, settings.cap, hours);
    moveReason = `${email} already had ${settings.cap.maxEmails} automated emails in ${settings.cap.windowDays} days`;
  }
  if (moveTo !== undefined) {
    for (const { reminder } of sendable) {
      const moved: ReminderRecord = { ...reminder, state: 'PENDING', sendAt: iso(moveTo), reason: `moved: ${moveReason}` };
      await finish(deps, actor, reminder, moved, { type: 'reminder.moved', data: { stepId: reminder.stepId, to: moved.sendAt, reason: moveReason } });
      summary.moved += 1;
    }
    return;
  }
  deps.faults?.('after-checks');

  const composed = await composeEmail(deps, settings, sendable, ledgerToday(settings, now));
  if (!composed.ok) {
    for (const { reminder } of sendable) {
      await finish(deps, actor, reminder, { ...reminder, state: 'SKIPPED', reason: composed.reason }, { type: 'reminder.skipped', data: { stepId: reminder.stepId, reason: composed.reason } });
      summary.skipped += 1;
    }
    return;
  }
  const { rendered, attachment } = composed;
  const about = {
    to: email,
    subject: rendered.subject,
    invoices: sendable.map(({ invoice }) => invoice.invoiceNumber),
    ...(attachment && { attachment: { fileName: attachment.filename, sha256: attachment.sha256, bytes: attachment.content.length } }),
  };

  if (settings.dryRun) {
    for (const { reminder } of sendable) {
      const reason = 'dry run: rendered, not sent';
      await finish(deps, actor, reminder, { ...reminder, state: 'SKIPPED', reason }, { type: 'reminder.dry_run', data: { stepId: reminder.stepId, ...about, text: rendered.text } }, settings);
      summary.dryRun += 1;
    }
    return;
  }

  const batchId = lead.reminder.batchId ?? deps.newId();
  await deps.dispatch.putBatch(
    { tenant: ledger.tenant, batchId, to: email, reminders: sendable.map(({ reminder }) => ({ ledgerId: ledger.ledgerId, invoiceNumber: reminder.invoiceNumber, stepId: reminder.stepId })) },
    Math.floor(now / 1000) + 30 * 86400,
  );
  await deps.pacer.take(1);
  const result = await deps.mailer.send({
    from: { name: settings.senderName, address: deps.config.fromAddress },
    replyTo: settings.replyTo,
    to: email,
    ...rendered,
    ...(attachment && { attachments: [{ filename: attachment.filename, content: attachment.content, contentType: 'application/pdf' as const }] }),
    tags: { dd_tenant: encodeTag(ledger.tenant), dd_batch: batchId },
  });
  deps.faults?.('after-send');

  if (!result.ok) {
    for (const { reminder } of sendable) {
      if (result.kind === 'permanent') {
        await finish(deps, actor, reminder, { ...reminder, state: 'FAILED', reason: result.message }, { type: 'reminder.failed', data: { stepId: reminder.stepId, to: email, reason: result.message } });
        summary.failed += 1;
      } else {
        const attempts = (reminder.attempts ?? 0) + 1;
        const retryAt = iso(now + backoffMs(attempts));
        const reason = result.kind === 'throttled' ? 'the email service asked us to slow down' : `the email service did not accept it yet (${result.message})`;
        await finish(deps, actor, reminder, { ...reminder, state: 'PENDING', sendAt: retryAt, attempts, reason: `retrying: ${reason}` }, { type: 'reminder.retry_scheduled', data: { stepId: reminder.stepId, at: retryAt, reason } });
        summary.retried += 1;
      }
    }
    return;
  }

  summary.emails += 1;
  for (const { reminder } of sendable) {
    await deps.audit.append(scopeOf(reminder), event(actor, now, 'email.sent', { stepId: reminder.stepId, messageId: result.messageId, ...about }));
  }
  deps.faults?.('after-audit');
  for (const { reminder } of sendable) {
    const sent: ReminderRecord = { ...reminder, state: 'SENT', sesMessageId: result.messageId, updatedAt: iso(now) };
    delete sent.reason;
    if ((await deps.main.putReminder(clearLease(sent), ['SENDING'], reminder.updatedAt)) === 'ok') summary.sent += 1;
  }
  deps.faults?.('after-mark');
  await recordSendForCap(deps, ledger, email, now, ctx.debtorLog);
  summary.sendsByTenant.set(ledger.tenant, (summary.sendsByTenant.get(ledger.tenant) ?? 0) + 1);
  for (const { reminder, invoice } of sendable) await replan(deps, actor, scopeOf(reminder), settings, invoice, pauseOf);
}

/** Which reminders may share one email: chasing with chasing; thanks, and each letter, alone. */
function emailKind(r: ReminderRecord): string {
  if (r.stepId === THANK_YOU_STEP) return 'thanks';
  return r.letter ? `letter:${r.letter.sha256}` : 'reminder';
}

type Composed =
  | { ok: true; rendered: RenderedEmail; attachment?: { filename: string; content: Uint8Array; sha256: string } }
  | { ok: false; reason: string };

/**
 * The email for a group: a letter's covering note with the PDF exactly as it was made (its hash
 * checked against the one recorded), or the reminder template listing the group's invoices.
 */
async function composeEmail(deps: DispatcherDeps, settings: LedgerSettings, sendable: { reminder: ReminderRecord; invoice: InvoiceRecord }[], today: CalendarDate): Promise<Composed> {
  const lead = sendable[0];
  if (!lead) throw new Error('an email needs at least one reminder');
  const { letter } = lead.reminder;
  if (letter) {
    const stored = await deps.main.getLetter(scopeOf(lead.reminder), letter.sha256);
    if (!stored || sha256Hex(stored.pdf) !== letter.sha256) return { ok: false, reason: "the letter's PDF is no longer kept (letters can be emailed for 30 days); make it again" };
    return { ok: true, rendered: renderLetterEmail(settings, debtorOf(lead.invoice), letter), attachment: { filename: letter.fileName, content: stored.pdf, sha256: letter.sha256 } };
  }
  const firmest = sendable.reduce((a, b) => (stepIndex(settings, b.reminder.stepId) > stepIndex(settings, a.reminder.stepId) ? b : a));
  const invoices: EmailInvoice[] = sendable.map(({ invoice }) => emailInvoiceOf(invoice, today));
  const kind = lead.reminder.stepId === THANK_YOU_STEP ? 'thanks' : 'reminder';
  return { ok: true, rendered: renderReminderEmail(templateFor(settings, firmest.reminder.templateId), settings, debtorOf(lead.invoice), invoices, 'en-US', kind) };
}

const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A thank-you goes only to a paid invoice whose customer has not asked to be left alone. */
function whyNotThank(invoice: InvoiceRecord | undefined): string | undefined {
  if (!invoice) return 'the invoice is no longer in the ledger';
  if (invoice.snapshot.status === 'do_not_contact') return 'the customer asked not to be contacted';
  if (!isSettled(invoice.snapshot)) return 'the invoice is not paid any more';
  return undefined;
}

function stepIndex(settings: LedgerSettings, stepId: string): number {
  const i = settings.ladder.steps.findIndex((s) => s.id === stepId);
  return i < 0 ? settings.ladder.steps.length : i;
}

function clearLease(r: ReminderRecord): ReminderRecord {
  const { owner: _o, leaseUntil: _l, reviewAt: _r, ...rest } = r;
  return rest;
}

const scopeOf = (r: ReminderRecord): InvoiceScope => ({ tenant: r.tenant, ledgerId: r.ledgerId, invoiceNumber: r.invoiceNumber });

const event = (actor: Actor, now: number, type: string, data: Record<string, unknown>) => auditBody(actor, type, data, iso(now));

/** Moves a claimed reminder out of SENDING (only if this run still holds it), audits, and replans. */
async function finish(
  deps: DispatcherDeps,
  actor: Actor,
  claimed: ReminderRecord,
  next: ReminderRecord,
  audit: { type: string; data: Record<string, unknown> },
  replanWith?: LedgerSettings,
): Promise<void> {
  const now = deps.clock.now();
  if ((await deps.main.putReminder(clearLease({ ...next, updatedAt: iso(now) }), ['SENDING'], claimed.updatedAt)) !== 'ok') return;
  await deps.audit.append(scopeOf(claimed), event(actor, now, audit.type, audit.data));
  if (replanWith) await replan(deps, actor, scopeOf(claimed), replanWith);
}

/** Lets the planner schedule the invoice's next step now that this one is done or passed. */
async function replan(
  deps: DispatcherDeps,
  actor: Actor,
  scope: InvoiceScope,
  settings: LedgerSettings,
  alreadyRead?: InvoiceRecord,
  customerPause: ChangeContext['customerPause'] = (customer) => deps.main.getCustomerPause(scope, customer),
): Promise<void> {
  const context = { settings, customerPause };
  await changeInvoice(deps, actor, scope, context, (current) => (current ? { record: current, events: [] } : undefined), alreadyRead);
}

async function recordSendForCap(deps: DispatcherDeps, ledger: LedgerScope, email: string, now: number, alreadyRead: DebtorLogRecord | undefined): Promise<void> {
  let log = alreadyRead;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    if ((await deps.dispatch.recordSend(ledger, email, log, now)) === 'ok') return;
    log = await deps.dispatch.getDebtorLog(ledger, email);
  }
  throw new Error(`could not record the send to ${email} for the contact cap`);
}

/** Expired leases become UNKNOWN (never PENDING: the email may have gone); old UNKNOWNs go to a person. */
async function sweepExpired(deps: DispatcherDeps, now: number, summary: RunSummary): Promise<void> {
  for (let shard = 0; shard < deps.dispatch.shards; shard += 1) {
    for (const r of await deps.dispatch.deadlines('LEASE', shard, iso(now))) {
      const reason = 'sending was interrupted; waiting for the email service to confirm whether the email went';
      const next: ReminderRecord = { ...clearLease(r), state: 'UNKNOWN', reviewAt: iso(now + deps.config.settleMs), reason, updatedAt: iso(now) };
      if ((await deps.main.putReminder(next, ['SENDING'], r.updatedAt)) !== 'ok') continue;
      await deps.audit.append(scopeOf(r), event(dispatcherActor(r.tenant), now, 'reminder.unknown', { stepId: r.stepId, reason }));
      summary.unknown += 1;
    }
    for (const r of await deps.dispatch.deadlines('UNKNOWN', shard, iso(now))) {
      const reason = 'the email service never confirmed this email; check with the customer before sending it again';
      const next: ReminderRecord = { ...clearLease(r), state: 'NEEDS_REVIEW', reason, updatedAt: iso(now) };
      if ((await deps.main.putReminder(next, ['UNKNOWN'], r.updatedAt)) !== 'ok') continue;
      await deps.audit.append(scopeOf(r), event(dispatcherActor(r.tenant), now, 'reminder.needs_review', { stepId: r.stepId, reason }));
      summary.needsReview += 1;
    }
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k) ?? [];
    list.push(item);
    groups.set(k, list);
  }
  return groups;
}
