import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import type { Mailer, OutgoingEmail, SendResult } from '../mail/mailer';

export type SesEventKind = 'Delivery' | 'Bounce' | 'Complaint';

export interface AcceptedMessage {
  messageId: string;
  to: string;
  tags: Record<string, string>;
  /** Where a reply goes, and what it was about: a reply as the customer is made from them. */
  replyTo?: string;
  subject?: string;
  text?: string;
  /** When SES accepted it, by the stack's clock (the local SES stamps its own, the machine's). */
  at: string;
}

/**
 * Stands in for SES's event publishing, which cannot run here: remembers every message SES
 * accepted, with its tags, so the Delivery / Bounce / Complaint notifications SES would publish
 * can be delivered to the ses-events handler (by tests, and from the workbench's mailbox).
 */
export class RecordingMailer implements Mailer {
  readonly accepted: AcceptedMessage[] = [];
  constructor(
    private readonly inner: Mailer,
    private readonly clock: Clock,
  ) {}
  async send(email: OutgoingEmail): Promise<SendResult> {
    const at = new Date(this.clock.now()).toISOString();
    const result = await this.inner.send(email);
    if (result.ok)
      this.accepted.push({
        messageId: result.messageId,
        to: email.to,
        tags: email.tags,
        replyTo: email.replyTo,
        subject: email.subject,
        text: email.text,
        at,
      });
    return result;
  }
}

/** An SNS delivery of SES configuration-set events, shaped as SES publishes them. */
export function snsEvent(kind: SesEventKind, message: Omit<AcceptedMessage, 'at'>, bounceType = 'Permanent') {
  const notification = {
    eventType: kind,
    mail: {
      messageId: message.messageId,
      destination: [message.to],
      tags: Object.fromEntries(Object.entries(message.tags).map(([k, v]) => [k, [v]])),
    },
    ...(kind === 'Delivery' && { delivery: { recipients: [message.to] } }),
    ...(kind === 'Bounce' && { bounce: { bounceType, bouncedRecipients: [{ emailAddress: message.to }] } }),
    ...(kind === 'Complaint' && { complaint: { complainedRecipients: [{ emailAddress: message.to }], complaintFeedbackType: 'abuse' } }),
  };
  return { Records: [{ Sns: { MessageId: randomUUID(), Message: JSON.stringify(notification) } }] };
}
