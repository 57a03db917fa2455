import { GetSendQuotaCommand, SendRawEmailCommand, type SESClient } from '@aws-sdk/client-ses';
import { ManualClock } from '../../../lambdas/clock';
import type { OutgoingEmail } from '../../../lambdas/mail/mailer';
import { buildMime, classifySesError, SesMailer, SesSendRate } from '../../../lambdas/mail/ses-mailer';

/** Records the commands sent, as SESClient.send receives them; answers like SES would. */
function recordingSes(answer: (command: unknown) => unknown) {
  const sent: unknown[] = [];
  const client = {
    send: (command: unknown) => {
      sent.push(command);
      return Promise.resolve(answer(command));
    },
  } as unknown as SESClient;
  return { client, sent };
}

const email: OutgoingEmail = {
  from: { name: 'Acme "AR" Team', address: 'ar@acme.example' },
  replyTo: 'ar-team@acme.example',
  to: 'ap@debtor.example',
  subject: 'Invoice 1\r\nBcc: everyone@x.example',
  text: 'plain',
  html: '<p>html</p>',
  tags: { dd_tenant: '643a61636d65', dd_batch: 'b-1' },
};

describe('the SES mailer', () => {
  it('names the configuration set and the tags on every send, and returns the message id', async () => {
    const { client, sent } = recordingSes(() => ({ MessageId: 'ses-123' }));
    const result = await new SesMailer(client, 'dunning-desk').send(email);
    expect(result).toEqual({ ok: true, messageId: 'ses-123' });
    const command = sent[0] as SendRawEmailCommand;
    expect(command).toBeInstanceOf(SendRawEmailCommand);
    expect(command.input).toMatchObject({
      ConfigurationSetName: 'dunning-desk',
      Source: 'ar@acme.example',
      Destinations: ['ap@debtor.example'],
      Tags: [
        { Name: 'dd_tenant', Value: '643a61636d65' },
        { Name: 'dd_batch', Value: 'b-1' },
      ],
    });
  });

  it('builds MIME in which a CR/LF in the subject cannot start a header of its own', async () => {
    const mime = (await buildMime(email)).toString('utf8');
    const headers = mime.slice(0, mime.indexOf('\r\n\r\n')).split(/\r\n(?![ \t])/);
    expect(headers.filter((h) => /^bcc:/i.test(h))).toEqual([]);
    expect(headers.filter((h) => /^subject:/i.test(h))).toHaveLength(1);
    expect(headers).toContain('From: "Acme \\"AR\\" Team" <ar@acme.example>');
    expect(headers).toContain('Reply-To: ar-team@acme.example');
    expect(mime).toMatch(/Content-Type: multipart\/alternative/);
    expect(mime).toMatch(/text\/plain[\s\S]*text\/html/);
  });

  it.each([
    ['Throttling', 'Rate exceeded', { $fault: 'client', $metadata: { httpStatusCode: 400 } }, 'throttled'],
    ['Throttling', 'Maximum sending rate exceeded.', { $fault: 'client', $metadata: { httpStatusCode: 400 } }, 'throttled'],
    ['MessageRejected', 'Email address is not verified.', { $fault: 'client', $metadata: { httpStatusCode: 400 } }, 'permanent'],
    ['AccessDenied', 'not authorized to perform ses:SendRawEmail', { $fault: 'client', $metadata: { httpStatusCode: 403 } }, 'blocked'],
    ['Throttling', 'Daily message quota exceeded.', { $fault: 'client', $metadata: { httpStatusCode: 400 } }, 'blocked'],
    [
      'AccountSendingPausedException',
      'Email sending is disabled for your entire Amazon SES account.',
      { $fault: 'client', $metadata: { httpStatusCode: 400 } },
      'blocked',
    ],
    [
      'ConfigurationSetSendingPausedException',
      'Sending is paused for this configuration set.',
      { $fault: 'client', $metadata: { httpStatusCode: 400 } },
      'blocked',
    ],
    ['SomethingNew', 'a refusal we do not know', { $fault: 'client', $metadata: { httpStatusCode: 400 } }, 'transient'],
    ['Error', 'connect ECONNREFUSED 127.0.0.1:1', { code: 'ECONNREFUSED' }, 'transient'],
    ['ServiceUnavailable', 'try later', { $fault: 'server', $metadata: { httpStatusCode: 503 } }, 'unknown'],
    ['InternalFailure', 'We encountered an internal error', { $fault: 'server', $metadata: { httpStatusCode: 500 } }, 'unknown'],
    ['TypeError', 'socket hang up', { code: 'ECONNRESET' }, 'unknown'],
    ['TimeoutError', 'Connection timed out after 10000 ms', {}, 'unknown'],
  ])('treats %s ("%s") as %s', (name, message, fields, kind) => {
    const error = Object.assign(new Error(message), { name }, fields);
    expect(classifySesError(error).kind).toBe(kind);
  });

  it('words a blocked send as what to do, keeping what SES said', () => {
    const quota = classifySesError(
      Object.assign(new Error('Daily message quota exceeded.'), { name: 'Throttling', $metadata: { httpStatusCode: 400 } }),
    );
    expect(quota.message).toMatch(/daily sending quota is used up/);
    const paused = classifySesError(
      Object.assign(new Error('Email sending is disabled for your entire Amazon SES account.'), { name: 'AccountSendingPausedException' }),
    );
    expect(paused.message).toMatch(/^sending is paused for the whole SES account .*\(Email sending is disabled/);
  });

  it('refuses an SES client that would retry a send on its own', async () => {
    const client = Object.assign(recordingSes(() => ({ MessageId: 'x' })).client, { config: { maxAttempts: () => Promise.resolve(3) } });
    await expect(new SesMailer(client, 'dunning-desk').send(email)).rejects.toThrow(/must make one attempt \(it makes 3\)/);
  });

  it('reads GetSendQuota at most once a second', async () => {
    const clock = new ManualClock(0);
    const { client, sent } = recordingSes((c) => (c instanceof GetSendQuotaCommand ? { MaxSendRate: 14 } : {}));
    const rate = new SesSendRate(client, clock);
    expect(await rate.maxSendRate()).toBe(14);
    clock.advance(999);
    await rate.maxSendRate();
    expect(sent).toHaveLength(1);
    clock.advance(1);
    await rate.maxSendRate();
    expect(sent).toHaveLength(2);
  });
});
