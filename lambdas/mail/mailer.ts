/** One email as the dispatcher hands it to the mail service. */
export interface OutgoingEmail {
  from: { name: string; address: string };
  replyTo: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments?: { filename: string; content: Uint8Array; contentType: 'application/pdf' }[];
  /** SES message tags: they come back on delivery, bounce and complaint events. */
  tags: Record<string, string>;
}

/**
 * What the dispatcher may do after a failed send depends only on whether the email can have gone:
 * - throttled: SES refused it for rate (documented as not sent): stay PENDING, retry soon;
 * - transient: refused or never written (connection refused, a 4xx we do not know): retry later;
 * - permanent: this message will never go (FAILED with the reason);
 * - blocked: SES refuses every message for now, whoever it is to (access denied, the account's or
 *   configuration set's sending paused, the daily quota used up): nothing more is sent this run,
 *   the reminder is retried a few times, then goes to a person (NEEDS_REVIEW) with the cause;
 * - unknown: the request was written and no definite answer came back (5xx, reset, timeout):
 *   SES may have accepted it. Never retried; SES's own events or a person settle it.
 */
export type SendFailureKind = 'throttled' | 'transient' | 'permanent' | 'blocked' | 'unknown';
export type SendResult = { ok: true; messageId: string } | { ok: false; kind: SendFailureKind; message: string };

export interface Mailer {
  send(email: OutgoingEmail): Promise<SendResult>;
}

/** Where the account's maximum send rate (emails per second) comes from. */
export interface SendRateSource {
  maxSendRate(): Promise<number>;
}
