import { randomUUID } from 'node:crypto';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { sendingSesClient } from '../../lambdas/mail/ses-client';
import { dynamoClient } from '../../lambdas/store/dynamodb-client';
import { SesMailer } from '../../lambdas/mail/ses-mailer';
import type { ReminderRecord } from '../../lambdas/store/records';
import { LEDGER, rid, snapshot, startTestApi, type TestApi } from '../support/api';
import { dispatcherHarness, sesMailbox, snsEvent } from '../support/dispatcher';
import { acceptedBySes, faultyLink, type FaultyLink, type NetworkAction } from '../support/network-faults';

const TENANT = 'd:acme.example';
const ledger = { tenant: TENANT, ledgerId: LEDGER };
const silent = { error: () => undefined };

describe('send-once under faults below the SDK', () => {
  let api: TestApi;
  const links: FaultyLink[] = [];
  beforeEach(async () => {
    api = await startTestApi('2026-11-24T15:00:00Z'); // 10:00 in New York, a Tuesday
  });
  afterEach(async () => {
    await Promise.all(links.splice(0).map((l) => l.close()));
    await api.close();
  });

  const link = async (upstream: string | undefined, policy?: FaultyLink['policy']) => {
    if (!upstream) throw new Error('the jest global setup starts dynalite and the local SES');
    const l = await faultyLink(upstream, policy);
    links.push(l);
    return l;
  };
  const sync = async (invoices: unknown[]) => {
    const res = await api.call('POST', '/v1/invoices/sync', { body: { requestId: rid(), ledgerId: LEDGER, invoices } });
    expect(res.status).toBe(200);
  };
  const reminder = async (invoiceNumber: string, stepId: string) =>
    (await dispatcherHarness(api).deps.main.getReminder({ ...ledger, invoiceNumber }, stepId)) as ReminderRecord;
  const chain = (invoiceNumber: string) => dispatcherHarness(api).deps.audit.chain({ ...ledger, invoiceNumber });

  it.each<NetworkAction>(['drop-answer', 'error-after', 'reset-before'])(
    'a send whose answer is lost (%s) is never sent again; it is UNKNOWN until SES reports it',
    async (action) => {
      const to = `lost-${action}-${randomUUID().slice(0, 8)}@debtor.example`;
      await sync([snapshot('L-1', { contactEmail: to })]);
      const ses = await link(process.env.SES_ENDPOINT, ({ operation }) => (operation === 'SendRawEmail' ? action : 'pass'));
      const faulty = dispatcherHarness(api, { sesEndpoint: ses.url, logger: silent });

      expect(await faulty.run()).toMatchObject({ emails: 0, unknown: 1, retried: 0 });
      expect(ses.calls.filter((c) => c.operation === 'SendRawEmail')).toHaveLength(1); // one attempt, no SDK retry
      expect(await reminder('L-1', 'due')).toMatchObject({ state: 'UNKNOWN', reason: expect.stringMatching(/answer was lost/) });
      api.clock.advance(3600_000);
      await faulty.run();
      const accepted = acceptedBySes(ses);
      expect(await sesMailbox((a) => a === to)).toHaveLength(accepted.length);
      expect(accepted.length).toBeLessThanOrEqual(1);
      // The attempt is on record before any answer: subject and invoices, even for an email that never went.
      expect((await chain('L-1')).filter((e) => e.type === 'email.attempted')).toEqual([
        expect.objectContaining({ data: expect.objectContaining({ to, invoices: ['L-1'], subject: expect.any(String) }) }),
      ]);

      for (const message of accepted) await dispatcherHarness(api).deliverEvents(snsEvent('Delivery', message));
      if (action === 'reset-before') {
        expect(accepted).toHaveLength(0); // SES never saw it: it stays unknown, then goes to a person
        api.clock.advance(25 * 3600_000);
        await dispatcherHarness(api).run();
        expect(await reminder('L-1', 'due')).toMatchObject({ state: 'NEEDS_REVIEW' });
        return;
      }
      const settled = await reminder('L-1', 'due');
      expect(settled).toMatchObject({ state: 'SENT', sesMessageId: accepted[0]?.messageId });
      expect(settled.followUpAt).toBeUndefined();
      const events = await chain('L-1');
      expect(events.filter((e) => e.type === 'email.sent')).toHaveLength(1);
      // The settlement did what a send does: the cap counts it once, and the next step is planned.
      expect((await dispatcherHarness(api).deps.dispatch.getDebtorLog(ledger, to))?.sentAt).toHaveLength(1);
      expect(await reminder('L-1', 'overdue-15')).toMatchObject({ state: 'PENDING' });
    },
  );

  it('a send SES never answers is UNKNOWN at the request timeout, not when the function dies', async () => {
    const ses = await link(process.env.SES_ENDPOINT, ({ operation }) => (operation === 'SendRawEmail' ? 'freeze' : 'pass'));
    const client = sendingSesClient(
      { endpoint: ses.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } },
      300,
    );
    try {
      const result = await new SesMailer(client, 'dunning-desk-local').send({
        from: { name: 'Accounts', address: 'ar@acme.example' },
        replyTo: 'ar@acme.example',
        to: `frozen-${randomUUID().slice(0, 8)}@debtor.example`,
        subject: 'Payment reminder',
        text: 'Hello',
        html: '<p>Hello</p>',
        tags: {},
      });
      // It may have gone: never tried again, left for SES's event or a person.
      expect(result).toMatchObject({ ok: false, kind: 'unknown' });
      expect(ses.calls.filter((c) => c.operation === 'SendRawEmail')).toHaveLength(1);
    } finally {
      client.destroy();
    }
  });

  it('a DynamoDB request that never answers ends at the request timeout, tried again as the SDK does, then fails', async () => {
    const dynamo = await link(process.env.DYNAMODB_ENDPOINT, () => 'freeze');
    const client = dynamoClient(
      { endpoint: dynamo.url, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } },
      200,
    );
    try {
      await expect(client.send(new ListTablesCommand({}))).rejects.toMatchObject({ name: 'TimeoutError' });
      // Each of the SDK's attempts ended by the timeout rather than waiting on (their number is the SDK's).
      expect(dynamo.calls.length).toBeGreaterThan(1);
    } finally {
      client.destroy();
    }
  });

  it('a DynamoDB write whose answer is lost is recognised by its writer: no second email.sent, no false review, the cap counted once', async () => {
    const tag = randomUUID().slice(0, 8);
    const invoices = Array.from({ length: 6 }, (_, i) =>
      snapshot(`DW-${i}`, { row: i + 2, contactEmail: `dw-${tag}-${i}@debtor.example` }),
    );
    await sync(invoices);
    let writes = 0;
    let commits = 0;
    // Every third single write, and the first try of every commit of many writes as one (the
    // SDK's retry carries the same ClientRequestToken, which DynamoDB answers as done).
    const dynamo = await link(process.env.DYNAMODB_ENDPOINT, ({ operation }) =>
      (['PutItem', 'UpdateItem'].includes(operation) && ++writes % 3 === 0) || (operation === 'TransactWriteItems' && ++commits % 2 === 1)
        ? 'drop-answer'
        : 'pass',
    );
    const summary = await dispatcherHarness(api, { dynamoEndpoint: dynamo.url, logger: silent }).run();
    expect(dynamo.calls.filter((c) => c.action === 'drop-answer').length).toBeGreaterThan(10);
    // Two commits a send (up to the send batch, then the follow-up), each first try's answer lost.
    expect(dynamo.calls.filter((c) => c.action === 'drop-answer' && c.operation === 'TransactWriteItems')).toHaveLength(12);
    expect(summary).toMatchObject({ emails: 6, sent: 6, needsReview: 0, unknown: 0, problems: 0 });
    for (const invoice of invoices) {
      expect(await sesMailbox((a) => a === invoice.contactEmail)).toHaveLength(1);
      const events = await chain(invoice.invoiceNumber);
      // What the email said is on email.sent; email.attempted is for an email not known to have gone.
      expect(events.filter((e) => e.type === 'email.sent')).toEqual([
        expect.objectContaining({ data: expect.objectContaining({ invoices: [invoice.invoiceNumber], subject: expect.any(String) }) }),
      ]);
      expect(events.filter((e) => e.type === 'email.attempted')).toHaveLength(0);
      // Events written without an id of their writer's are recognised alike: the next step is planned once, and said once.
      expect(events.filter((e) => e.type === 'reminder.scheduled' && e.data.stepId === 'overdue-15')).toHaveLength(1);
      expect(new Set(events.map((e) => e.hash)).size).toBe(events.length);
      expect((await dispatcherHarness(api).deps.dispatch.getDebtorLog(ledger, invoice.contactEmail))?.sentAt).toHaveLength(1);
      expect(await reminder(invoice.invoiceNumber, 'due')).toMatchObject({ state: 'SENT' });
      expect(await reminder(invoice.invoiceNumber, 'overdue-15')).toMatchObject({ state: 'PENDING' });
    }
  });

  it("a transaction whose every answer is lost (the SDK's retries too) was made: the run finds its send batch and sends once, no false review", async () => {
    const tag = randomUUID().slice(0, 8);
    const invoices = Array.from({ length: 3 }, (_, i) =>
      snapshot(`TX-${i}`, { row: i + 2, contactEmail: `tx-${tag}-${i}@debtor.example` }),
    );
    await sync(invoices);
    // DynamoDB applies each transaction (the retries carry its token), and no answer ever arrives.
    const dynamo = await link(process.env.DYNAMODB_ENDPOINT, ({ operation }) =>
      operation === 'TransactWriteItems' ? 'drop-answer' : 'pass',
    );
    const summary = await dispatcherHarness(api, { dynamoEndpoint: dynamo.url, logger: silent }).run();
    expect(dynamo.calls.filter((c) => c.operation === 'TransactWriteItems').length).toBeGreaterThan(6);
    expect(summary).toMatchObject({ emails: 3, sent: 3, needsReview: 0, unknown: 0 });
    for (const invoice of invoices) {
      expect(await sesMailbox((a) => a === invoice.contactEmail)).toHaveLength(1);
      expect((await chain(invoice.invoiceNumber)).filter((e) => e.type === 'email.sent')).toHaveLength(1);
      expect((await dispatcherHarness(api).deps.dispatch.getDebtorLog(ledger, invoice.contactEmail))?.sentAt).toHaveLength(1);
      expect(await reminder(invoice.invoiceNumber, 'due')).toMatchObject({ state: 'SENT' });
      expect(await reminder(invoice.invoiceNumber, 'overdue-15')).toMatchObject({ state: 'PENDING' });
    }
  });

  describe('SES refusing every message (paused, daily quota, access denied)', () => {
    // With lanes, the run's calls wait for its first answer from SES: still one try a run.
    it.each([1, 4])(
      'asks SES once per run, retries each reminder 5 times, then hands it to a person who can send it again (lanes: %i)',
      async (lanes) => {
        const tos = ['a', 'b', 'c'].map((x) => `paused-${x}-${randomUUID().slice(0, 8)}@debtor.example`);
        await sync(tos.map((to, i) => snapshot(`P-${i}`, { contactEmail: to })));
        const ses = await link(process.env.SES_ENDPOINT, ({ operation }) => (operation === 'SendRawEmail' ? 'refuse' : 'pass'));
        const faulty = dispatcherHarness(api, { sesEndpoint: ses.url, logger: silent, lanes });
        const sends = () => ses.calls.filter((c) => c.operation === 'SendRawEmail').length;

        expect(await faulty.run()).toMatchObject({
          emails: 0,
          blocked: 1,
          retried: 1,
          leftForNextRun: 2,
          blockedBy: expect.stringMatching(/paused for the whole SES account/),
        });
        expect(sends()).toBe(1);
        const tried = (await Promise.all(['P-0', 'P-1', 'P-2'].map((n) => reminder(n, 'due')))).filter((r) => r.attempts === 1);
        expect(tried).toEqual([
          expect.objectContaining({
            state: 'PENDING',
            reason: expect.stringMatching(/^retrying: the email service refuses every message for now: sending is paused/),
          }),
        ]);

        let runs = 1;
        let needsReview = 0;
        while (runs < 20) {
          api.clock.advance(16 * 60_000); // past the longest backoff (16 minutes after the 4th try), within New York's business hours
          const before = sends();
          const summary = await faulty.run();
          runs += 1;
          expect(sends() - before).toBeLessThanOrEqual(1);
          needsReview += summary.needsReview;
          if (needsReview === 3) break;
        }
        expect(needsReview).toBe(3);
        expect(sends()).toBe(15); // 3 reminders x 5 tries, one a run
        for (const n of ['P-0', 'P-1', 'P-2']) {
          expect(await reminder(n, 'due')).toMatchObject({
            state: 'NEEDS_REVIEW',
            notSent: true,
            attempts: 5,
            reason: expect.stringMatching(/^not sent, after 5 tries: sending is paused for the whole SES account/),
          });
          expect((await chain(n)).filter((e) => e.type === 'reminder.needs_review')).toHaveLength(1);
        }
        expect(await sesMailbox((a) => tos.includes(a))).toHaveLength(0);

        // The cause mended: the sidebar's "Send again" on one; the others wait for a person.
        ses.policy = () => 'pass';
        const view = (await api.call('GET', `/v1/reminders?ledgerId=${LEDGER}&invoiceNumber=P-1`)).json.steps as {
          stepId: string;
          state: string;
          notSent?: boolean;
        }[];
        expect(view.find((s) => s.stepId === 'due')).toMatchObject({ state: 'NEEDS_REVIEW', notSent: true });
        const again = await api.call('POST', '/v1/reminders/actions', {
          body: { requestId: rid(), ledgerId: LEDGER, invoiceNumber: 'P-1', action: 'send_now', reminderId: 'due' },
        });
        expect(again.status).toBe(200);
        expect(await faulty.run()).toMatchObject({ emails: 1, sent: 1, blocked: 0 });
        expect(await sesMailbox((a) => tos.includes(a))).toEqual([
          expect.objectContaining({ destination: expect.objectContaining({ to: [tos[1]] }) }),
        ]);
        expect(await reminder('P-0', 'due')).toMatchObject({ state: 'NEEDS_REVIEW' });
        // An unconfirmed send (it may have gone) is never "sent again" this way.
        const refused = await api.call('POST', '/v1/reminders/actions', {
          body: { requestId: rid(), ledgerId: LEDGER, invoiceNumber: 'P-1', action: 'send_now', reminderId: 'due' },
        });
        expect(refused.status).toBe(409);
      },
    );

    it.each([
      [400, 'Throttling', 'Daily message quota exceeded.', /daily sending quota is used up/],
      [400, 'ConfigurationSetSendingPausedException', 'The configuration set is paused.', /configuration set/],
      [403, 'AccessDenied', 'User is not authorized to perform ses:SendRawEmail', /denied access/],
    ])('%s %s is a refusal of every message, worded for the person who must mend it', async (status, code, message, words) => {
      const tos = ['a', 'b'].map((x) => `blocked-${x}-${randomUUID().slice(0, 8)}@debtor.example`);
      await sync(tos.map((to, i) => snapshot(`B-${i}`, { contactEmail: to })));
      const ses = await link(process.env.SES_ENDPOINT, ({ operation }) => (operation === 'SendRawEmail' ? 'refuse' : 'pass'));
      ses.refusal = { status, code, message };
      expect(await dispatcherHarness(api, { sesEndpoint: ses.url, logger: silent }).run()).toMatchObject({
        blocked: 1,
        retried: 1,
        leftForNextRun: 1,
        blockedBy: expect.stringMatching(words),
      });
      expect(ses.calls.filter((c) => c.operation === 'SendRawEmail')).toHaveLength(1);
    });
  });
});
