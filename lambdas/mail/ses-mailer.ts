import { GetSendQuotaCommand, SendRawEmailCommand, type SESClient } from '@aws-sdk/client-ses';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Clock } from '../clock';
import type { Mailer, OutgoingEmail, SendRateSource, SendResult } from './mailer';
import { assertSingleAttempt } from './ses-client';

/** MIME from nodemailer's composer: header folding, encoded words and boundaries done right. */
export function buildMime(email: OutgoingEmail): Promise<Buffer> {
  return new MailComposer({
    from: { name: email.from.name, address: email.from.address },
    replyTo: email.replyTo,
    to: email.to,
    subject: email.subject,
    text: email.text,
    html: email.html,
    attachments: (email.attachments ?? []).map((a) => ({
      filename: a.filename,
      content: Buffer.from(a.content),
      contentType: a.contentType,
    })),
    headers: { 'Auto-Submitted': 'auto-generated' },
  })
    .compile()
    .build();
}

const THROTTLING = new Set(['Throttling', 'ThrottlingException', 'TooManyRequestsException']);
const PERMANENT = new Set([
  'MessageRejected',
  'MailFromDomainNotVerifiedException',
  'InvalidParameterValue',
  'ConfigurationSetDoesNotExistException',
]);
/**
 * Refusals of every message, not of this one: retrying soon cannot fix them, a person can. Each
 * says what to do in words, because the reason reaches the sidebar and the alarm's log line.
 */
const BLOCKED: Record<string, string> = {
  // Missing IAM rights (in the sandbox, also on the recipient's identity).
  AccessDenied: 'the email service denied access: check the sending permissions and, in the SES sandbox, that the recipient is verified',
  AccessDeniedException:
    'the email service denied access: check the sending permissions and, in the SES sandbox, that the recipient is verified',
  AccountSendingPausedException:
    "sending is paused for the whole SES account (AWS pauses it over bounces or complaints): see the account's reputation page in the SES console",
  ConfigurationSetSendingPausedException: "sending is paused for the stack's SES configuration set: resume it in the SES console",
};
const DAILY_QUOTA = /daily message quota exceeded/i;
const DAILY_QUOTA_REASON =
  "the SES account's daily sending quota is used up: ask AWS for a higher quota, or wait for the 24-hour window to move on";

/** Network failures that happen before a byte of the request is written: the email cannot have gone. */
const NOT_WRITTEN = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

interface SdkErrorShape {
  name?: string;
  code?: string;
  message?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number };
}

/**
 * Sorts an SES error by whether the email can have gone. A 4xx answer is SES saying no; a 5xx, a
 * reset, a timeout or a socket that closed before the answer leaves it unknown whether SES
 * accepted the message, so it is never retried blindly. Only errors before the request was
 * written (connection refused, no DNS) are safe to retry.
 */
export function classifySesError(error: unknown): Exclude<SendResult, { ok: true }> {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  const name = e.name ?? '';
  const message = e.message ?? String(error);
  const status = e.$metadata?.httpStatusCode;
  // SES words both quotas as Throttling; only the per-second one passes within minutes.
  if (DAILY_QUOTA.test(message)) return { ok: false, kind: 'blocked', message: DAILY_QUOTA_REASON };
  const blocked = BLOCKED[name];
  if (blocked) return { ok: false, kind: 'blocked', message: `${blocked} (${message})` };
  if (THROTTLING.has(name) || /maximum sending rate exceeded/i.test(message)) return { ok: false, kind: 'throttled', message };
  if (PERMANENT.has(name)) return { ok: false, kind: 'permanent', message };
  if (status !== undefined && status >= 400 && status < 500) return { ok: false, kind: 'transient', message };
  if (status === undefined && NOT_WRITTEN.has(e.code ?? name)) return { ok: false, kind: 'transient', message };
  return { ok: false, kind: 'unknown', message };
}

/**
 * SES v1 SendRawEmail: one raw MIME message, the configuration set named on every send (its
 * event destination reports deliveries, bounces and complaints), and the tags that let those
 * events find their reminders.
 */
export class SesMailer implements Mailer {
  constructor(
    private readonly ses: SESClient,
    private readonly configurationSet: string,
  ) {}

  private checked = false;

  async send(email: OutgoingEmail): Promise<SendResult> {
    if (!this.checked) {
      await assertSingleAttempt(this.ses);
      this.checked = true;
    }
    try {
      const result = await this.ses.send(
        new SendRawEmailCommand({
          RawMessage: { Data: await buildMime(email) },
          Source: email.from.address,
          Destinations: [email.to],
          ConfigurationSetName: this.configurationSet,
          Tags: Object.entries(email.tags).map(([Name, Value]) => ({ Name, Value })),
        }),
      );
      return result.MessageId
        ? { ok: true, messageId: result.MessageId }
        : { ok: false, kind: 'unknown', message: 'SES answered without a message id' };
    } catch (error) {
      return classifySesError(error);
    }
  }
}

/** GetSendQuota, asked at most once a second: the rate can change when AWS raises the quota. */
export class SesSendRate implements SendRateSource {
  private cached: { rate: number; at: number } | undefined;
  constructor(
    private readonly ses: SESClient,
    private readonly clock: Clock,
  ) {}

  async maxSendRate(): Promise<number> {
    const now = this.clock.now();
    if (this.cached && now - this.cached.at < 1000) return this.cached.rate;
    const quota = await this.ses.send(new GetSendQuotaCommand({}));
    const rate = quota.MaxSendRate && quota.MaxSendRate > 0 ? quota.MaxSendRate : 1;
    this.cached = { rate, at: now };
    return rate;
  }
}

export const fixedSendRate = (rate: number): SendRateSource => ({ maxSendRate: () => Promise.resolve(rate) });
