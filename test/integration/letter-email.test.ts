import { createHash, randomUUID } from 'node:crypto';
import { LEDGER, rid, snapshot, startTestApi, type TestApi } from '../support/api';
import type { OutgoingEmail } from '../../lambdas/mail/mailer';
import { dispatcherHarness, sesMailbox } from '../support/dispatcher';

const unique = (label: string) => `${label}-${randomUUID().slice(0, 8)}@debtor.example`;
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * Emailing a letter goes through the dispatcher like any reminder: the same send-once claim, the
 * invoice re-read before sending, business hours, the cap and suppression. Invoices are due
 * 2026-10-01, so on 2026-11-24 the ladder's next step is the formal demand letter (a task) and
 * no reminder email of the ladder is in the way.
 */
describe('POST /v1/letters/email: a letter as a PDF attachment, through the dispatcher', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi('2026-11-24T15:00:00Z'); // a Tuesday, 10:00 in New York
  });
  afterEach(() => api.close());

  const ref = (invoiceNumber: string) => ({ ledgerId: LEDGER, invoiceNumber });
  const sync = (...invoices: unknown[]) =>
    api.call('POST', '/v1/invoices/sync', { body: { requestId: rid(), ledgerId: LEDGER, invoices } });
  const makeLetter = async (n: string) => {
    const res = await api.call('POST', '/v1/letters', { body: { requestId: rid(), ...ref(n), stage: 'formal_demand' } });
    expect(res.status).toBe(200);
    return res.json as { sha256: string; fileName: string; bytes: number; contactEmail?: string };
  };
  const emailIt = (n: string, sha256: string) => api.call('POST', '/v1/letters/email', { body: { requestId: rid(), ...ref(n), sha256 } });
  const steps = async (n: string) =>
    (await api.call('GET', `/v1/reminders?${new URLSearchParams(ref(n)).toString()}`)).json.steps as {
      stepId: string;
      action: string;
      state: string;
      reason?: string;
      sendAt?: string;
      sesMessageId?: string;
    }[];
  const history = async (n: string) =>
    (await api.call('GET', `/v1/history?${new URLSearchParams({ ...ref(n), limit: '100' }).toString()}`)).json.events as {
      type: string;
      data: Record<string, unknown>;
    }[];

  it('queues the letter, and the next run emails it once with the PDF attached, byte for byte', async () => {
    const to = unique('letter');
    await sync(snapshot('E-1', { contactEmail: to, contactName: 'Dana <Ops> & Co', dueDate: '2026-10-01' }));
    const letter = await makeLetter('E-1');
    expect(letter.contactEmail).toBe(to);

    const queued = await emailIt('E-1', letter.sha256);
    expect(queued.status).toBe(200);
    expect(queued.json).toMatchObject({ to, fileName: letter.fileName, sendAt: '2026-11-24T15:00:00.000Z' });
    expect((await steps('E-1')).find((s) => s.stepId === queued.json.stepId)).toMatchObject({ action: 'letter', state: 'PENDING' });

    const handed: OutgoingEmail[] = [];
    const harness = dispatcherHarness(api, { mailer: (real) => ({ send: (email) => (handed.push(email), real.send(email)) }) });
    expect(await harness.run()).toMatchObject({ emails: 1, sent: 1 });
    expect(await harness.run()).toMatchObject({ emails: 0, sent: 0 });

    const mail = await sesMailbox((a) => a === to);
    expect(mail).toHaveLength(1);
    expect(mail[0]?.subject).toBe('Formal demand for payment: Union Square Florists');
    expect(mail[0]?.attachments).toEqual([
      expect.objectContaining({ contentType: 'application/pdf', filename: letter.fileName, size: letter.bytes }),
    ]);
    expect(mail[0]?.body.text).toContain('Dear Dana <Ops> & Co,');
    expect(mail[0]?.body.html).toContain('Dear Dana &lt;Ops&gt; &amp; Co,');
    const attached = handed[0]?.attachments?.[0];
    expect(attached && sha(attached.content)).toBe(letter.sha256);

    const sent = (await steps('E-1')).find((s) => s.stepId === queued.json.stepId);
    expect(sent).toMatchObject({ state: 'SENT', sesMessageId: mail[0]?.messageId });
    const events = await history('E-1');
    expect(events.find((e) => e.type === 'letter.email_queued')?.data).toMatchObject({ to, sha256: letter.sha256 });
    expect(events.find((e) => e.type === 'email.sent')?.data).toMatchObject({
      to,
      messageId: mail[0]?.messageId,
      attachment: { fileName: letter.fileName, sha256: letter.sha256, bytes: letter.bytes },
    });
  });

  it('never queues the same letter twice, and names what is wrong with a request', async () => {
    const to = unique('twice');
    await sync(snapshot('E-2', { contactEmail: to, dueDate: '2026-10-01' }));
    const letter = await makeLetter('E-2');
    expect((await emailIt('E-2', letter.sha256)).status).toBe(200);
    const again = await emailIt('E-2', letter.sha256);
    expect(again.status).toBe(409);
    expect(again.json.error.message).toMatch(/already queued to be emailed \(pending\); it is never sent twice/);

    const unknown = await emailIt('E-2', 'a'.repeat(64));
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.message).toMatch(/No letter with that SHA-256 was made for invoice E-2/);
    const malformed = await emailIt('E-2', 'not-a-hash');
    expect(malformed.status).toBe(400);
    expect(JSON.stringify(malformed.json)).toMatch(/sha256.*is not a SHA-256 in hex/);
  });

  it.each<[string, (n: string, to: string) => Promise<unknown>, RegExp]>([
    [
      'disputed',
      (n) => api.call('POST', '/v1/disputes', { body: { requestId: rid(), ...ref(n), action: 'open', reason: 'Pricing' } }),
      /Not emailed: the invoice is disputed/,
    ],
    [
      'promised',
      (n) =>
        api.call('POST', '/v1/promises', {
          body: { requestId: rid(), ...ref(n), promisedFor: '2026-12-01', amount: { minor: 68807, currency: 'USD' } },
        }),
      /Not emailed: a promise to pay is pending/,
    ],
    [
      'suppressed',
      (_n, to) =>
        dispatcherHarness(api).deps.dispatch.putSuppression('d:acme.example', {
          email: to,
          reason: 'they bounced permanently',
          at: '2026-11-01T00:00:00Z',
        }),
      /Not emailed: emails to .* are blocked because they bounced/,
    ],
  ])('refuses at once when the invoice is %s, and queues nothing', async (label, change, reason) => {
    const to = unique(label);
    const n = `E-${label}`;
    await sync(snapshot(n, { contactEmail: to, dueDate: '2026-10-01' }));
    const letter = await makeLetter(n);
    await change(n, to);
    const res = await emailIt(n, letter.sha256);
    expect(res.status).toBe(409);
    expect(res.json.error.message).toMatch(reason);
    expect((await steps(n)).some((s) => s.action === 'letter' && s.state === 'PENDING')).toBe(false);
  });

  it('refuses an invoice with no contact email', async () => {
    await sync(snapshot('E-none', { contactEmail: undefined, dueDate: '2026-10-01' }));
    const letter = await makeLetter('E-none');
    const res = await emailIt('E-none', letter.sha256);
    expect(res.status).toBe(409);
    expect(res.json.error.message).toBe('Not emailed: invoice E-none has no contact email in the sheet.');
  });

  it('re-reads the invoice at send time: paid after queueing, it is skipped with the reason', async () => {
    const to = unique('paid');
    await sync(snapshot('E-paid', { contactEmail: to, dueDate: '2026-10-01' }));
    const letter = await makeLetter('E-paid');
    const queued = await emailIt('E-paid', letter.sha256);
    await sync(snapshot('E-paid', { contactEmail: to, dueDate: '2026-10-01', status: 'paid', balance: { minor: 0, currency: 'USD' } }));
    expect(await dispatcherHarness(api).run()).toMatchObject({ emails: 0 });
    expect(await sesMailbox((a) => a === to)).toHaveLength(0);
    const step = (await steps('E-paid')).find((s) => s.stepId === queued.json.stepId);
    expect(step).toMatchObject({ state: 'SKIPPED', reason: expect.stringMatching(/paid/) });
  });

  it('keeps to the contact cap and business hours like every automated email', async () => {
    const to = unique('cap');
    await sync(snapshot('E-cap', { contactEmail: to, dueDate: '2026-10-01' }));
    const first = await makeLetter('E-cap');
    expect((await emailIt('E-cap', first.sha256)).status).toBe(200);
    const harness = dispatcherHarness(api);
    expect(await harness.run()).toMatchObject({ emails: 1 });
    // Two more letters (different deadlines, so different PDFs): the second exceeds 2 emails in 7 days.
    api.clock.advance(3600_000);
    const second = (
      await api.call('POST', '/v1/letters', { body: { requestId: rid(), ...ref('E-cap'), stage: 'final_notice', deadlineDays: 7 } })
    ).json as { sha256: string };
    const third = (
      await api.call('POST', '/v1/letters', { body: { requestId: rid(), ...ref('E-cap'), stage: 'final_notice', deadlineDays: 14 } })
    ).json as { sha256: string };
    expect((await emailIt('E-cap', second.sha256)).status).toBe(200);
    expect((await emailIt('E-cap', third.sha256)).status).toBe(200);
    const run = await harness.run();
    expect(run).toMatchObject({ emails: 1, moved: 1 });
    expect(await sesMailbox((a) => a === to)).toHaveLength(2);
    const moved = (await steps('E-cap')).find((s) => s.action === 'letter' && s.state === 'PENDING');
    expect(moved?.reason).toMatch(/already had 2 automated emails in 7 days/);

    // Queued in the evening, New York time: it waits for the morning.
    api.clock.set(Date.parse('2026-11-24T23:30:00Z'));
    const to2 = unique('evening');
    await sync(snapshot('E-late', { contactEmail: to2, dueDate: '2026-10-01' }));
    const late = await makeLetter('E-late');
    expect((await emailIt('E-late', late.sha256)).json.sendAt).toBe('2026-11-25T14:00:00.000Z');
  });
});
