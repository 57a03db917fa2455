import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import MailComposer from 'nodemailer/lib/mail-composer';
import { handleInbound, type InboundDeps, type InboundOutcome } from '../inbound/handle-inbound';
import type { RawMessages } from '../inbound/raw-messages';
import type { AcceptedMessage } from './ses-event-simulator';

/** What the workbench's mailbox can answer an email with: a person's reply, or an out-of-office. */
export type ReplyKind = 'reply' | 'auto-reply';

const WORDS: Record<ReplyKind, string> = {
  reply: 'Hello,\n\nWe paid this last week by bank transfer. Could you check again before sending anything else?\n\nThank you',
  'auto-reply': 'I am out of the office until Monday with limited access to email. Your message will not be forwarded.',
};

/**
 * The message a customer's mail program would send back to one of our emails, as raw MIME
 * (nodemailer's composer): to its Reply-To, "Re:" its subject, in reply to its message id, the
 * original quoted below; an out-of-office carries Auto-Submitted as RFC 3834 says it must.
 */
export function replyMime(original: AcceptedMessage, kind: ReplyKind, words = WORDS[kind]): Promise<Buffer> {
  if (!original.replyTo) throw new Error(`message ${original.messageId} has no Reply-To to answer`);
  const quoted = (original.text ?? '')
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
  return new MailComposer({
    from: original.to,
    to: original.replyTo,
    subject: `${kind === 'reply' ? 'Re' : 'Automatic reply'}: ${original.subject ?? ''}`,
    inReplyTo: `<${original.messageId}@email.amazonses.com>`,
    text: kind === 'reply' ? `${words}\n\nOn ${original.at} you wrote:\n${quoted}` : words,
    ...(kind === 'auto-reply' && { headers: { 'Auto-Submitted': 'auto-replied' } }),
  })
    .compile()
    .build();
}

/** The stand-in for the bucket SES's receipt rule stores messages in. */
export class LocalRawMessages implements RawMessages {
  private readonly messages = new Map<string, Buffer>();
  /** Keeps a received message under a new id, as SES's S3 action does, and gives the id. */
  store(raw: Buffer): string {
    const id = `local-${randomUUID()}`;
    this.messages.set(id, raw);
    return id;
  }
  open(sesMessageId: string): Promise<Readable | undefined> {
    const raw = this.messages.get(sesMessageId);
    return Promise.resolve(raw ? Readable.from([raw]) : undefined);
  }
  remove(sesMessageIds: readonly string[]): Promise<void> {
    for (const id of sesMessageIds) this.messages.delete(id);
    return Promise.resolve();
  }
}

/** The event SES's receipt rule invokes the inbound function with, for one stored message. */
export function receiptEvent(sesMessageId: string, recipient: string) {
  return { Records: [{ eventSource: 'aws:ses', ses: { mail: { messageId: sesMessageId }, receipt: { recipients: [recipient] } } }] };
}

/**
 * Answers a message SES accepted as its recipient would, and hands the reply to the inbound
 * handler as SES receiving would: stored first, then the handler invoked with the receipt.
 */
export function replySimulator(
  deps: Omit<InboundDeps, 'raw'> & { accepted: readonly AcceptedMessage[] },
): (messageId: string, kind: ReplyKind) => Promise<InboundOutcome & { from: string }> {
  const inboxes = new LocalRawMessages();
  return async (messageId, kind) => {
    const message = deps.accepted.find((m) => m.messageId === messageId);
    if (!message?.replyTo) throw new Error(`SES accepted no message ${messageId} with a reply address in this run`);
    const id = inboxes.store(await replyMime(message, kind));
    const outcome = await handleInbound({ ...deps, raw: inboxes }, receiptEvent(id, message.replyTo));
    return { ...outcome, from: message.to };
  };
}
