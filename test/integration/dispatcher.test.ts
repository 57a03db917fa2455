import { randomUUID } from 'node:crypto';
import { LEDGER, rid, snapshot, startTestApi, type TestApi } from '../support/api';
import { runDispatcherAlone } from '../../lambdas/dispatcher/dispatcher';
import { dispatcherHarness, sesMailbox, snsEvent } from '../support/dispatcher';

/** Each test mails its own addresses, so the shared local SES mailbox can be read per test. */
const unique = (label: string) => `${label}-${randomUUID().slice(0, 8)}@debtor.example`;

describe('the dispatcher, on dynalite and aws-ses-v2-local', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi('2026-11-24T15:00:00Z'); // a Tuesday, 10:00 in New York
  });
  afterEach(() => api.close());

  const sync = (...invoices: unknown[]) =>
    api.call('POST', '/v1/invoices/sync', { body: { requestId: rid(), ledgerId: LEDGER, invoices } });
  const steps = async (n: string) =>
    (await api.call('GET', `/v1/reminders?ledgerId=${LEDGER}&invoiceNumber=${encodeURIComponent(n)}`)).json.steps as {
      stepId: string;
      state: string;
      reason?: string;
      sendAt?: string;
      sesMessageId?: string;
    }[];
  const stepState = async (n: string, stepId = 'due') => (await steps(n)).find((s) => s.stepId === stepId);
  const history = async (n: string) =>
    (await api.call('GET', `/v1/history?ledgerId=${LEDGER}&invoiceNumber=${encodeURIComponent(n)}&limit=100`)).json.events as {
      type: string;
      data: Record<string, unknown>;
    }[];

  it('sends a due reminder once, with both parts, the right headers and the audit trail', async () => {
    const to = unique('one');
    await sync(snapshot('D-1', { contactEmail: to, contactName: 'Jane <Doe> & Co' }));
    const harness = dispatcherHarness(api);
    expect(await harness.run()).toMatchObject({ emails: 1, sent: 1 });
    expect(await harness.run()).toMatchObject({ emails: 0, sent: 0 });

    const mail = await sesMailbox((a) => a === to);
    expect(mail).toHaveLength(1);
    const [email] = mail;
    expect(email?.from).toBe('"Accounts Receivable" <ar@acme.example>');
    expect(email?.replyTo).toEqual(['alice@acme.example']);
    expect(email?.subject).toBe('Payment reminder: invoice D-1, due November 11, 2026');
    expect(email?.body.text).toContain('Hello Jane <Doe> & Co,');
    expect(email?.body.html).toContain('Hello Jane &lt;Doe&gt; &amp; Co,');
    expect(email?.body.html).not.toContain('<Doe>');
    expect(email?.body.text).toContain('If you have already paid, thank you');

    expect(await stepState('D-1')).toMatchObject({ state: 'SENT', sesMessageId: email?.messageId });
    expect((await history('D-1')).map((e) => e.type)).toEqual(expect.arrayContaining(['email.sent', 'reminder.scheduled']));
    // Due 11 November, first seen 24 November: the due-date email went today, so the next keeps the ladder's 15 days from it.
    expect(await stepState('D-1', 'overdue-15')).toMatchObject({ state: 'PENDING', sendAt: '2026-12-09T14:00:00.000Z' });
  });

  it('makes at most 5 DynamoDB requests per email it sends', async () => {
    const invoices = Array.from({ length: 10 }, (_, i) => snapshot(`R-${i}`, { contactEmail: unique(`requests-${i}`) }));
    await sync(...invoices);
    const counts = new Map<string, number>();
    const harness = dispatcherHarness(api, { onRequest: (op) => counts.set(op, (counts.get(op) ?? 0) + 1) });
    const total = () => [...counts.values()].reduce((a, b) => a + b, 0);
    expect(await harness.run()).toMatchObject({ emails: 10, sent: 10 });
    const sending = total();
    const byOperation = Object.fromEntries(counts);
    counts.clear();
    // A run with nothing due: what every run costs whether or not it sends (the schedule's queries).
    expect(await harness.run()).toMatchObject({ emails: 0 });
    const perEmail = (sending - total()) / 10;
    harness.close();
    // 4.5 here, where ten emails share one ledger's reads (settings, reputation, the debtors')
    // and its sweep: per email, the invoice's reminders and its audit chain's head (2 queries)
    // and two transactions (up to the send batch, then the follow-up). 13.4 while each write
    // was a request of its own, 18.4 before the send reused what it had read.
    if (perEmail > 5) throw new Error(`${perEmail} DynamoDB requests per email: ${JSON.stringify(byOperation)}`);
  });

  it("counting a send ends this run's lease on the address only if it still holds it", async () => {
    const harness = dispatcherHarness(api);
    const { dispatch } = harness.deps;
    const ledger = { tenant: 'd:acme.example', ledgerId: LEDGER };
    const to = unique('lease');
    const now = api.clock.now();
    expect(await dispatch.leaseDebtor(ledger, to, 'run-a', now, now + 1_000)).toBe('ok');
    const readByA = await dispatch.getDebtorLog(ledger, to);
    // Run A's lease ran out and run B took the address; A's copy of the log still names A.
    expect(await dispatch.leaseDebtor(ledger, to, 'run-b', now + 2_000, now + 600_000)).toBe('ok');
    expect(await dispatch.recordSend(ledger, to, 'batch-a', now, { known: { log: readByA }, releaseFor: 'run-a' })).toBe(false);
    expect(await dispatch.getDebtorLog(ledger, to)).toMatchObject({ batches: ['batch-a'], leaseOwner: 'run-b' });
    // B's own count ends B's lease in the same write.
    const readByB = await dispatch.getDebtorLog(ledger, to);
    expect(await dispatch.recordSend(ledger, to, 'batch-b', now, { known: { log: readByB }, releaseFor: 'run-b' })).toBe(true);
    const after = await dispatch.getDebtorLog(ledger, to);
    expect(after).toMatchObject({ batches: ['batch-a', 'batch-b'] });
    expect(after?.leaseOwner).toBeUndefined();
    harness.close();
  });

  it('sends one email per debtor, listing every invoice due', async () => {
    const to = unique('many');
    await sync(
      snapshot('M-1', { contactEmail: to }),
      snapshot('M-2', { contactEmail: to, dueDate: '2026-11-10' }),
      snapshot('M-3', { contactEmail: to, dueDate: '2026-11-12' }),
    );
    const harness = dispatcherHarness(api);
    expect(await harness.run()).toMatchObject({ emails: 1, sent: 3 });
    const mail = await sesMailbox((a) => a === to);
    expect(mail).toHaveLength(1);
    expect(mail[0]?.subject).toBe('Payment reminder: 3 invoices, $2,064.21 in total');
    for (const n of ['M-1', 'M-2', 'M-3']) {
      expect(mail[0]?.body.text).toContain(n);
      expect(await stepState(n)).toMatchObject({ state: 'SENT', sesMessageId: mail[0]?.messageId });
    }
  });

  describe('re-reading the invoice right before sending', () => {
    /** Changes the stored invoice behind the planner's back, as a sync racing the dispatcher would. */
    async function changeBehindTheScenes(n: string, change: (record: Record<string, unknown>) => void) {
      const harness = dispatcherHarness(api);
      const record = await harness.deps.main.getInvoice({ tenant: 'd:acme.example', ledgerId: LEDGER, invoiceNumber: n });
      if (!record) throw new Error('no record');
      change(record);
      expect(await harness.deps.main.putInvoice({ ...record, version: record.version + 1 }, record.version)).toBe('ok');
      return harness;
    }

    it.each<[string, (r: Record<string, unknown>) => void, RegExp]>([
      [
        'paid',
        (r) => {
          (r.snapshot as Record<string, unknown>).status = 'paid';
        },
        /the invoice is paid/,
      ],
      [
        'zero balance',
        (r) => {
          (r.snapshot as Record<string, unknown>).balance = { minor: 0, currency: 'USD' };
        },
        /the invoice is paid/,
      ],
      [
        'disputed',
        (r) => {
          r.dispute = { reason: 'Pricing', openedAt: '2026-11-24T14:00:00Z' };
        },
        /disputed/,
      ],
      [
        'promised',
        (r) => {
          (r.escalation as unknown[]).push({ type: 'promise', promisedFor: '2026-12-01', recordedOn: '2026-11-24' });
        },
        /promise to pay is pending/,
      ],
      [
        'on hold',
        (r) => {
          (r.snapshot as Record<string, unknown>).status = 'on_hold';
        },
        /on hold/,
      ],
      [
        'do not contact',
        (r) => {
          (r.snapshot as Record<string, unknown>).status = 'do_not_contact';
        },
        /asked not to be contacted/,
      ],
      [
        'bankrupt',
        (r) => {
          r.bankruptcy = { recordedAt: '2026-11-24T14:00:00Z' };
        },
        /bankruptcy/,
      ],
      [
        'paused',
        (r) => {
          r.pause = { at: '2026-11-24T14:00:00Z' };
        },
        /reminders are paused/,
      ],
    ])('skips an invoice that became %s, with the reason, and sends nothing', async (label, change, reason) => {
      const to = unique(label.replace(/\s/g, '-'));
      const n = `RR-${label}`;
      await sync(snapshot(n, { contactEmail: to }));
      const harness = await changeBehindTheScenes(n, change);
      expect(await harness.run()).toMatchObject({ emails: 0, skipped: 1 });
      expect(await sesMailbox((a) => a === to)).toHaveLength(0);
      expect(await stepState(n)).toMatchObject({ state: 'SKIPPED', reason: expect.stringMatching(reason) });
      expect((await history(n)).some((e) => e.type === 'reminder.skipped')).toBe(true);
    });

    it('skips a suppressed address', async () => {
      const to = unique('suppressed');
      await sync(snapshot('RR-supp', { contactEmail: to }));
      const harness = dispatcherHarness(api);
      await harness.deps.dispatch.putSuppression('d:acme.example', {
        email: to,
        reason: 'they bounced permanently',
        at: '2026-11-01T00:00:00Z',
      });
      expect(await harness.run()).toMatchObject({ emails: 0, skipped: 1 });
      expect(await stepState('RR-supp')).toMatchObject({
        state: 'SKIPPED',
        reason: `emails to ${to} are blocked because they bounced permanently; correct the address, then resume`,
      });
    });
  });

  it('moves a send outside business hours to the next opening in the debtor’s zone', async () => {
    const to = unique('late');
    api.clock.set(Date.parse('2026-11-24T23:30:00Z')); // 18:30 in New York
    await sync(snapshot('H-1', { contactEmail: to }));
    // The planner already put it at the next opening; force it due now to test the dispatcher's own check.
    const harness = dispatcherHarness(api);
    const [pending] = (await harness.deps.main.reminders({ tenant: 'd:acme.example', ledgerId: LEDGER, invoiceNumber: 'H-1' })).filter(
      (r) => r.state === 'PENDING',
    );
    if (!pending) throw new Error('no pending reminder');
    await harness.deps.main.putReminder({ ...pending, sendAt: '2026-11-24T23:00:00.000Z' }, ['PENDING'], pending.updatedAt);
    expect(await harness.run()).toMatchObject({ emails: 0, moved: 1 });
    expect(await stepState('H-1')).toMatchObject({ state: 'PENDING', sendAt: '2026-11-25T14:00:00.000Z' });
    expect(await sesMailbox((a) => a === to)).toHaveLength(0);
  });

  it('moves a send past the contact cap to when the cap frees, in business hours', async () => {
    const to = unique('capped');
    await sync(snapshot('C-1', { contactEmail: to }));
    const harness = dispatcherHarness(api);
    const ledger = { tenant: 'd:acme.example', ledgerId: LEDGER };
    await harness.deps.dispatch.recordSend(ledger, to, 'earlier-1', Date.parse('2026-11-20T15:00:00Z'));
    await harness.deps.dispatch.recordSend(ledger, to, 'earlier-2', Date.parse('2026-11-23T15:00:00Z'));
    expect(await harness.run()).toMatchObject({ emails: 0, moved: 1 });
    // 2 emails in 7 days: the first ages out on Friday 27th at 15:00 UTC, 10:00 in New York.
    expect(await stepState('C-1')).toMatchObject({
      state: 'PENDING',
      sendAt: '2026-11-27T15:00:00.000Z',
      reason: expect.stringMatching(/already had 2 automated emails in 7 days/),
    });
  });

  it('leaves a throttled reminder PENDING with backoff, then sends it once', async () => {
    const to = unique('throttled');
    await sync(snapshot('T-1', { contactEmail: to }));
    let throttle = true;
    const harness = dispatcherHarness(api, {
      mailer: (real) => ({
        send: (email) =>
          throttle ? Promise.resolve({ ok: false, kind: 'throttled', message: 'Maximum sending rate exceeded.' }) : real.send(email),
      }),
    });
    expect(await harness.run()).toMatchObject({ emails: 0, retried: 1 });
    expect(await stepState('T-1')).toMatchObject({
      state: 'PENDING',
      sendAt: '2026-11-24T15:02:00.000Z',
      reason: 'retrying: the email service asked us to slow down',
    });
    throttle = false;
    api.clock.advance(2 * 60_000);
    expect(await harness.run()).toMatchObject({ emails: 1, sent: 1 });
    expect(await sesMailbox((a) => a === to)).toHaveLength(1);
  });

  it('marks a permanently rejected message FAILED with the reason', async () => {
    const to = unique('rejected');
    await sync(snapshot('F-1', { contactEmail: to }));
    const harness = dispatcherHarness(api, {
      mailer: () => ({ send: () => Promise.resolve({ ok: false, kind: 'permanent', message: 'Email address is not verified.' }) }),
    });
    expect(await harness.run()).toMatchObject({ failed: 1 });
    expect(await stepState('F-1')).toMatchObject({ state: 'FAILED', reason: 'Email address is not verified.' });
  });

  it('renders but sends nothing in dry-run mode', async () => {
    const to = unique('dry');
    const settings = (await api.call('GET', `/v1/settings?ledgerId=${LEDGER}`)).json;
    await api.call('PUT', '/v1/settings', { body: { requestId: rid(), ledgerId: LEDGER, settings: { ...settings, dryRun: true } } });
    await sync(snapshot('DRY-1', { contactEmail: to }));
    expect(await dispatcherHarness(api).run()).toMatchObject({ emails: 0, dryRun: 1 });
    expect(await sesMailbox((a) => a === to)).toHaveLength(0);
    expect((await history('DRY-1')).find((e) => e.type === 'reminder.dry_run')?.data).toMatchObject({
      subject: 'Payment reminder: invoice DRY-1, due November 11, 2026',
    });
  });

  it('waits for approval in review-before-send mode, then sends once approved', async () => {
    const to = unique('review');
    const settings = (await api.call('GET', `/v1/settings?ledgerId=${LEDGER}`)).json;
    await api.call('PUT', '/v1/settings', {
      body: { requestId: rid(), ledgerId: LEDGER, settings: { ...settings, reviewBeforeSend: true } },
    });
    await sync(snapshot('REV-1', { contactEmail: to }));
    const harness = dispatcherHarness(api);
    expect(await harness.run()).toMatchObject({ emails: 0 });
    expect(await stepState('REV-1')).toMatchObject({ state: 'AWAITING_APPROVAL' });
    const approved = await api.call('POST', '/v1/reminders/actions', {
      body: { requestId: rid(), ledgerId: LEDGER, invoiceNumber: 'REV-1', action: 'approve', reminderId: 'due' },
    });
    expect(approved.status).toBe(200);
    expect(await harness.run()).toMatchObject({ emails: 1, sent: 1 });
    expect((await history('REV-1')).map((e) => e.type)).toEqual(expect.arrayContaining(['reminder.approved', 'email.sent']));
  });

  it('delivers a letter PDF as an attachment through SendRawEmail', async () => {
    const to = unique('letter');
    const pdf = new TextEncoder().encode('%PDF-1.4\n% a letter\n%%EOF\n');
    const harness = dispatcherHarness(api);
    const result = await harness.deps.mailer.send({
      from: { name: 'Acme AR', address: 'ar@acme.example' },
      replyTo: 'ar@acme.example',
      to,
      subject: 'Formal demand: invoice D-1',
      text: 'Please find our letter attached.',
      html: '<p>Please find our letter attached.</p>',
      attachments: [{ filename: 'formal-demand-D-1.pdf', content: pdf, contentType: 'application/pdf' }],
      tags: { dd_tenant: '00', dd_batch: 'b1' },
    });
    expect(result.ok).toBe(true);
    const [email] = await sesMailbox((a) => a === to);
    expect(email?.attachments).toEqual([
      expect.objectContaining({ contentType: 'application/pdf', filename: 'formal-demand-D-1.pdf', size: pdf.length }),
    ]);
    expect(email?.body.text?.trim()).toBe('Please find our letter attached.');
  });

  it('thanks a customer once when an invoice turns paid, if the ledger wants it', async () => {
    const to = unique('thanks');
    await sync(snapshot('TY-1', { contactEmail: to, dueDate: '2026-12-20' }));
    await api.call('PUT', '/v1/settings', {
      body: {
        requestId: rid(),
        ledgerId: LEDGER,
        settings: { ...(await api.call('GET', `/v1/settings?ledgerId=${LEDGER}`)).json, thankYouOnPayment: true },
      },
    });
    await sync(snapshot('TY-1', { contactEmail: to, dueDate: '2026-12-20', status: 'paid', balance: { minor: 0, currency: 'USD' } }));
    const harness = dispatcherHarness(api);
    expect(await harness.run()).toMatchObject({ emails: 1, sent: 1 });
    expect(await harness.run()).toMatchObject({ emails: 0 });
    const mail = await sesMailbox((a) => a === to);
    expect(mail.map((m) => m.subject)).toEqual(['Thank you for your payment of invoice TY-1']);
    expect(mail[0]?.body.text).not.toContain('already paid');
  });

  it('emails the team a digest of the next 24 hours once a day, at 08:00 in the ledger’s zone', async () => {
    const settings = (await api.call('GET', `/v1/settings?ledgerId=${LEDGER}`)).json;
    const team = unique('team');
    await api.call('PUT', '/v1/settings', {
      body: { requestId: rid(), ledgerId: LEDGER, settings: { ...settings, timeZone: 'America/New_York', dailyDigestTo: team } },
    });
    await sync(
      snapshot('DG-1', { contactEmail: unique('digest-debtor'), dueDate: '2026-12-10' }),
      snapshot('DG-2', { contactEmail: unique('digest-debtor'), dueDate: '2026-11-25' }),
    );
    const harness = dispatcherHarness(api);
    await harness.run(); // 10:00 New York: today's 08:00 has passed, the first digest is tomorrow
    expect(await sesMailbox((a) => a === team)).toHaveLength(0);
    api.clock.set(Date.parse('2026-11-25T13:00:00Z')); // 08:00 New York
    expect((await harness.run()).digests).toBe(1);
    expect((await dispatcherHarness(api).run()).digests).toBe(0);
    const [digest] = await sesMailbox((a) => a === team);
    expect(digest?.subject).toBe('Dunning Desk: 1 reminder to go out in the next 24 hours');
    // On the team's clock: 14:00 UTC is 09:00 in New York.
    expect(digest?.body.text).toContain('(times in America/New_York)');
    expect(digest?.body.text).toMatch(/2026-11-25 09:00 {2}DG-2 {2}Due-date reminder/);
  });

  it('stops taking new work when the invocation is about to run out, leaving it PENDING', async () => {
    await sync(snapshot('TO-1', { contactEmail: unique('timeout') }));
    expect(await dispatcherHarness(api).run(500)).toMatchObject({ emails: 0, leftForNextRun: 1 });
    expect(await stepState('TO-1')).toMatchObject({ state: 'PENDING' });
  });

  describe('SES events', () => {
    it('suppresses the address, pauses the invoice and records the evidence on a permanent bounce', async () => {
      const to = unique('bounce');
      await sync(snapshot('B-1', { contactEmail: to }));
      const harness = dispatcherHarness(api);
      await harness.run();
      const [message] = harness.recorder.accepted;
      if (!message) throw new Error('nothing sent');
      expect(await harness.deliverEvents(snsEvent('Bounce', message))).toEqual({ handled: 1, ignored: 0 });
      expect((await history('B-1')).map((e) => e.type)).toEqual(expect.arrayContaining(['email.bounced', 'automation.paused']));
      const reminders = (await api.call('GET', `/v1/reminders?ledgerId=${LEDGER}&invoiceNumber=B-1`)).json;
      expect(reminders.automation.running).toBe(false);
    });

    it('acknowledges malformed and foreign notifications without throwing', async () => {
      const harness = dispatcherHarness(api);
      expect(
        await harness.deliverEvents({
          Records: [
            { Sns: { Message: 'not json' } },
            { Sns: { Message: JSON.stringify({ eventType: 'Delivery', mail: { messageId: 'x' } }) } },
          ],
        }),
      ).toEqual({ handled: 0, ignored: 2 });
      expect(await harness.deliverEvents({ hello: 'world' })).toEqual({ handled: 0, ignored: 1 });
    });

    it('pauses a tenant whose bounce rate passes 4%, and not before', async () => {
      const harness = dispatcherHarness(api);
      await harness.deps.dispatch.addStats('d:acme.example', '2026-11-24', { sends: 50 });
      await sync(snapshot('RATE-1', { contactEmail: unique('rate') }));
      await harness.run();
      const [message] = harness.recorder.accepted;
      if (!message) throw new Error('nothing sent');
      await harness.deliverEvents(snsEvent('Bounce', message)); // 1 bounce in 51 sends: 1.96%
      expect(await harness.deps.main.getReputation('d:acme.example')).toBeUndefined();
      await harness.deps.dispatch.addStats('d:acme.example', '2026-11-24', { bounces: 1 });
      await harness.deliverEvents(snsEvent('Bounce', message)); // 3 in 51: 5.88%
      expect(await harness.deps.main.getReputation('d:acme.example')).toMatchObject({
        paused: true,
        reason: expect.stringMatching(/^bounce rate 5\.88% over 7 days \(pause at 4\.00%\)/),
      });
      // The team is told why, on every invoice, and nothing more goes out.
      const view = (await api.call('GET', `/v1/reminders?ledgerId=${LEDGER}&invoiceNumber=RATE-1`)).json;
      expect(view.automation).toEqual({
        running: false,
        reason: expect.stringMatching(/^sending is paused for this account: bounce rate 5\.88%/),
      });
    });
  });

  // Last: it moves the clock.
  describe('one run at a time, by the run lock (no reserved concurrency)', () => {
    const alone = (harness: ReturnType<typeof dispatcherHarness>) => runDispatcherAlone(harness.deps, () => 60_000);

    it('of two invocations at once, one runs and the other exits at once; the lock is released for the next', async () => {
      const to = unique('lock');
      await sync(snapshot('LOCK-1', { contactEmail: to }));
      const results = await Promise.all([alone(dispatcherHarness(api)), alone(dispatcherHarness(api))]);
      expect(results.filter((r) => 'lockedBy' in r)).toHaveLength(1);
      const ran = results.flatMap((r) => ('lockedBy' in r ? [] : [r]));
      expect(ran.map((r) => r.emails >= 1)).toEqual([true]);
      expect(await sesMailbox((a) => a === to)).toHaveLength(1);
      expect('lockedBy' in (await alone(dispatcherHarness(api)))).toBe(false);
    });

    it('takes over the lock of a run that died only once its lease has run out', async () => {
      const harness = dispatcherHarness(api);
      const now = api.clock.now();
      const until = new Date(now + 90_000).toISOString();
      expect(await harness.deps.dispatch.takeRunLock('a-run-that-died', new Date(now).toISOString(), until)).toEqual({ taken: true });
      expect(await alone(harness)).toEqual({ lockedBy: 'a-run-that-died', until });
      api.clock.advance(90_001);
      expect('lockedBy' in (await alone(harness))).toBe(false);
      // A late release by the dead run does not free a lock it no longer holds.
      await harness.deps.dispatch.releaseRunLock('a-run-that-died');
    });
  });
});
