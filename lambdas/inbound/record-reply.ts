import { headerSafe, escapeHtml } from '../../shared/email/render-email';
import type { SendBatchRecord } from '../store/records';
import type { InvoiceScope, LedgerScope } from '../store/keys';
import type { Mailer } from '../mail/mailer';
import { holdCustomer } from '../services/customer-hold-service';
import type { MainStore } from '../services/ports/main-store';
import { type Actor, auditBody, type ServiceDeps } from '../services/service-deps';
import { loadSettings } from '../services/settings-service';
import type { ReadReply } from './read-reply';
import { newWords } from './reply-kind';

/** What the customer hold says while a reply waits for a person. */
export const REPLY_PAUSE_NOTE = 'the customer replied: your turn';

export interface RecordReplyDeps extends ServiceDeps<MainStore> {
  mailer: Mailer;
  /** The verified sender the forward to the team goes from. */
  fromAddress: string;
}

export interface ReplyReceived {
  tenant: string;
  batch: SendBatchRecord;
  reply: ReadReply;
  /** SES's id of the received message: the raw message's key, and the event's id. */
  sesMessageId: string;
  /** Why it is a machine's message, if it is: recorded, nothing paused, nothing forwarded. */
  autoReply?: string;
}

/**
 * A reply to one of our emails, received: `email.replied` on each invoice the email was about
 * (its SHA-256, size, sender, subject and new words; the raw message stays where SES stored it,
 * its attachments are never taken out), then, for a person's reply, its customers' reminders
 * paused with "the customer replied: your turn" (a pause a person already set is kept, the
 * reply added to it), and the reply forwarded to the team's address, so nothing is lost if no
 * one opens the sidebar. SES may deliver the same message twice: each step looks first.
 */
export async function recordReply(
  deps: RecordReplyDeps,
  received: ReplyReceived,
): Promise<{ invoices: number; paused: number; problems: string[] }> {
  const { tenant, batch, reply, sesMessageId, autoReply } = received;
  const actor: Actor = { principal: { sub: 'inbound-email', email: reply.from ?? 'unknown sender', tenant }, source: 'inbound-email' };
  const at = new Date(deps.clock.now()).toISOString();
  const id = `email.replied:${sesMessageId}`;
  const refs = [...new Map(batch.reminders.map((r) => [`${r.ledgerId}\n${r.invoiceNumber}`, r])).values()];
  const data = {
    from: reply.from,
    fromName: reply.fromName,
    subject: reply.subject,
    words: newWords(reply.text),
    sha256: reply.sha256,
    bytes: reply.bytes,
    rawMessage: sesMessageId,
    attachments: reply.attachments,
    batchId: batch.batchId,
    about: batch.about?.subject,
    sentTo: batch.to,
    ...(autoReply && { autoReply }),
  };
  for (const ref of refs) {
    const scope: InvoiceScope = { tenant, ledgerId: ref.ledgerId, invoiceNumber: ref.invoiceNumber };
    if (!(await deps.audit.hasEvent(scope, id))) await deps.audit.append(scope, { ...auditBody(actor, 'email.replied', data, at), id });
  }
  if (autoReply) return { invoices: refs.length, paused: 0, problems: [] };

  let paused = 0;
  const problems: string[] = [];
  // The pause is the product's doing, not the customer's: the trail names it so.
  const pauser: Actor = { principal: { sub: 'inbound-email', email: 'reply received', tenant }, source: 'inbound-email' };
  for (const [ledgerId, invoiceNumbers] of groupByLedger(refs)) {
    const ledger: LedgerScope = { tenant, ledgerId };
    const records = await deps.main.getInvoices(ledger, invoiceNumbers);
    const customers = [...new Set([...records.values()].map((r) => r.snapshot.customer))];
    const pending = { at, ...(reply.from && { from: reply.from }), subject: reply.subject, invoiceNumbers, messageId: sesMessageId };
    let fresh = 0;
    for (const customer of customers) {
      const held = await deps.main.getCustomerHold(ledger, customer);
      // Already done by an earlier delivery of the same message: no second pause, no second copy.
      if (held?.pause?.reply?.messageId === sesMessageId) continue;
      if (!held?.pause)
        await holdCustomer(deps, pauser, {
          requestId: `reply-${sesMessageId}`.slice(0, 64),
          ledgerId,
          customer,
          action: 'pause',
          note: REPLY_PAUSE_NOTE,
        });
      const now = await deps.main.getCustomerHold(ledger, customer);
      if (now?.pause) await deps.main.putCustomerHold({ ...now, pause: { ...now.pause, reply: pending } });
      paused += 1;
      fresh += 1;
    }
    if (fresh === 0) continue;
    const failed = await forward(deps, ledger, customers.join(', '), received);
    if (failed) problems.push(failed);
  }
  return { invoices: refs.length, paused, problems };
}

function groupByLedger(refs: readonly { ledgerId: string; invoiceNumber: string }[]): Map<string, string[]> {
  const by = new Map<string, string[]>();
  for (const r of refs) by.set(r.ledgerId, [...(by.get(r.ledgerId) ?? []), r.invoiceNumber]);
  return by;
}

/** The reply, as the team reads it in their own mailbox: who, about what, what happens now, their words. */
async function forward(
  deps: RecordReplyDeps,
  ledger: LedgerScope,
  customers: string,
  received: ReplyReceived,
): Promise<string | undefined> {
  const actor: Actor = { principal: { sub: 'inbound-email', email: 'inbound-email', tenant: ledger.tenant }, source: 'inbound-email' };
  const settings = await loadSettings(deps, actor, ledger);
  const { reply, batch } = received;
  const invoices = batch.reminders.filter((r) => r.ledgerId === ledger.ledgerId).map((r) => r.invoiceNumber);
  const lines = [
    `${customers} replied to "${batch.about?.subject ?? 'our email'}" (invoice${invoices.length === 1 ? '' : 's'} ${invoices.join(', ')}).`,
    `Reminders to ${customers} are paused until someone resumes them in the sidebar; the reply is on each invoice's timeline.`,
    `From: ${reply.fromName ? `${reply.fromName} <${reply.from ?? '?'}>` : (reply.from ?? 'unknown')}`,
    `Subject: ${reply.subject}`,
    ...(reply.attachments.length > 0
      ? [`Attachments (not forwarded): ${reply.attachments.map((a) => a.fileName ?? a.contentType).join(', ')}`]
      : []),
    '',
    newWords(reply.text, 20_000),
  ];
  const text = lines.join('\n');
  const result = await deps.mailer.send({
    from: { name: `${settings.senderName} (Dunning Desk)`, address: deps.fromAddress },
    replyTo: reply.from ?? settings.replyTo,
    to: settings.replyTo,
    subject: headerSafe(`Reply from ${customers}: ${reply.subject}`, 150),
    text,
    html: `<!DOCTYPE html><html><body style="font-family:Arial,sans-serif;font-size:14px">${lines.map((l) => `<p>${escapeHtml(l).replace(/\n/g, '<br>')}</p>`).join('')}</body></html>`,
    tags: {},
  });
  // Not thrown: the reply is recorded and the customer paused; a failed forward is logged and said.
  return result.ok ? undefined : `the reply could not be forwarded to ${settings.replyTo}: ${result.message}`;
}
