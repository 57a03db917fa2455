import { randomUUID } from 'node:crypto';
import type { Mailer, OutgoingEmail, SendResult } from '../mail/mailer';

export type SesEventKind = 'Delivery' | 'Bounce' | 'Complaint';

export interface AcceptedMessage {
  messageId: string;
  to: string;
  tags: Record<string, string>;
}

/**
 * Stands in for SES's event publishing, which cannot run here: remembers every message SES
 * accepted, with its tags, so the Delivery / Bounce / Complaint notifications SES would publish
 * can be delivered to the ses-events handler (by tests, and from the workbench's mailbox).
 */
export class RecordingMailer implements Mailer {
  readonly accepted: AcceptedMessage[] = [];
  constructor(private readonly inner: Mailer) {}
  async send(email: OutgoingEmail): Promise<SendResult> {
    const result = await this.inner.send(email);
    if (result.ok) this.accepted.push({ messageId: result.messageId, to: email.to, tags: email.tags });
    return result;
  }
}

/** An SNS delivery of SES configuration-set events, shaped as SES publishes them. */
export function snsEvent(kind: SesEventKind, message: AcceptedMessage, bounceType = 'Permanent') {
  const notification = {
    eventType: kind,
    mail: { messageId: message.messageId, destination: [message.to], tags: Object.fromEntries(Object.entries(message.tags).map(([k, v]) => [k, [v]])) },
    ...(kind === 'Delivery' && { delivery: { recipients: [message.to] } }),
    ...(kind === 'Bounce' && { bounce: { bounceType, bouncedRecipients: [{ emailAddress: message.to }] } }),
    ...(kind === 'Complaint' && { complaint: { complainedRecipients: [{ emailAddress: message.to }], complaintFeedbackType: 'abuse' } }),
  };
  return { Records: [{ Sns: { MessageId: randomUUID(), Message: JSON.stringify(notification) } }] };
}
