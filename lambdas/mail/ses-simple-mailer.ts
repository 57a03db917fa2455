import { SendEmailCommand, type SESClient } from '@aws-sdk/client-ses';
import { encodeWord } from 'nodemailer/lib/mime-funcs';
import type { Mailer, OutgoingEmail, SendResult } from './mailer';
import { assertSingleAttempt } from './ses-client';
import { classifySesError } from './ses-mailer';

/**
 * "Name" <address> for SES's Source: a printable ASCII name as a quoted string, anything else
 * (accents, other scripts, control characters) encoded whole as RFC 2047 encoded words, as SES
 * requires, by the MIME library the dispatcher already uses (a few KB of it): each word within
 * the standard's 75 characters and of whole characters. Whole, so no comma, quote or line break
 * of the name is left bare in the header.
 */
export function sourceAddress(name: string, address: string): string {
  const display = /^[\x20-\x7e]*$/.test(name) ? `"${name.replace(/["\\]/g, '\\$&')}"` : encodeWord(name, 'B', 52);
  return `${display} <${address}>`;
}

/**
 * SES v1 SendEmail: SES builds the MIME itself, so no MIME library is bundled. For emails
 * without attachments sent outside the dispatcher (a test to oneself), where the api function's
 * bundle and cold start matter more than control over the message's structure.
 */
export class SesSimpleMailer implements Mailer {
  constructor(
    private readonly ses: SESClient,
    private readonly configurationSet: string,
  ) {}

  async send(email: OutgoingEmail): Promise<SendResult> {
    if (email.attachments && email.attachments.length > 0)
      throw new Error('SesSimpleMailer sends no attachments; the dispatcher sends letters');
    await assertSingleAttempt(this.ses);
    try {
      const result = await this.ses.send(
        new SendEmailCommand({
          Source: sourceAddress(email.from.name, email.from.address),
          Destination: { ToAddresses: [email.to] },
          ReplyToAddresses: [email.replyTo],
          Message: {
            Subject: { Data: email.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: email.text, Charset: 'UTF-8' }, Html: { Data: email.html, Charset: 'UTF-8' } },
          },
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
