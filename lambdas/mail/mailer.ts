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
 * throttled: the service asked us to slow down (stay PENDING, retry soon); transient: a failure
 * worth retrying later (stay PENDING with backoff); permanent: this message will never go
 * (FAILED with the reason).
 */
export type SendResult = { ok: true; messageId: string } | { ok: false; kind: 'throttled' | 'transient' | 'permanent'; message: string };

export interface Mailer {
  send(email: OutgoingEmail): Promise<SendResult>;
}

/** Where the account's maximum send rate (emails per second) comes from. */
export interface SendRateSource {
  maxSendRate(): Promise<number>;
}
