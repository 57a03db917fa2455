import { GetSendQuotaCommand, SendRawEmailCommand, type SESClient } from '@aws-sdk/client-ses';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Clock } from '../clock';
import type { Mailer, OutgoingEmail, SendRateSource, SendResult } from './mailer';

/** MIME from nodemailer's composer: header folding, encoded words and boundaries done right. */
export function buildMime(email: OutgoingEmail): Promise<Buffer> {
  return new MailComposer({
    from: { name: email.from.name, address: email.from.address },
    replyTo: email.replyTo,
    to: email.to,
    subject: email.subject,
    text: email.text,
    html: email.html,
    attachments: (email.attachments ?? []).map((a) => ({ filename: a.filename, content: Buffer.from(a.content), contentType: a.contentType })),
    headers: { 'Auto-Submitted': 'auto-generated' },
  })
    .compile()
    .build();
}

const THROTTLING = new Set(['Throttling', 'ThrottlingException', 'TooManyRequestsException']);
const PERMANENT = new Set(['MessageRejected', 'MailFromDomainNotVerifiedException', 'InvalidParameterValue', 'ConfigurationSetDoesNotExistException']);

/** Sorts an SES error into what the dispatcher does next; unknown errors are retried, never dropped. */
export function classifySesError(error: unknown): Exclude<SendResult, { ok: true }> {
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (THROTTLING.has(name) || /maximum sending rate exceeded/i.test(message)) return { ok: false, kind: 'throttled', message };
  if (PERMANENT.has(name)) return { ok: false, kind: 'permanent', message };
  return { ok: false, kind: 'transient', message };
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

  async send(email: OutgoingEmail): Promise<SendResult> {
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
      return result.MessageId ? { ok: true, messageId: result.MessageId } : { ok: false, kind: 'transient', message: 'SES returned no message id' };
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
