import { LEDGER, rid, snapshot, startTestApi, type TestApi } from '../support/api';
import { tableContents } from '../support/table-counts';
import { dispatcherHarness, sesMailbox } from '../support/dispatcher';

describe('a way back from a promise and from a contact logged by mistake', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi('2026-11-24T15:00:00Z');
    const res = await api.call('POST', '/v1/invoices/sync', { body: { requestId: rid(), ledgerId: LEDGER, invoices: [snapshot('W-1')] } });
    expect(res.status).toBe(200);
  });
  afterEach(() => api.close());

  const ref = { ledgerId: LEDGER, invoiceNumber: 'W-1' };
  const post = (path: string, body: Record<string, unknown>) => api.call('POST', path, { body: { requestId: rid(), ...ref, ...body } });
  const reminders = async () => (await api.call('GET', `/v1/reminders?ledgerId=${LEDGER}&invoiceNumber=W-1`)).json;
  const events = async () =>
    (
      (await api.call('GET', `/v1/history?ledgerId=${LEDGER}&invoiceNumber=W-1&limit=100`)).json.events as {
        seq: number;
        type: string;
        data: Record<string, unknown>;
      }[]
    ).reverse();

  it('corrects a promise, then withdraws it: the ladder follows each, the chain keeps all three, the payment record does not count it broken', async () => {
    expect((await post('/v1/promises', { promisedFor: '2026-12-01', amount: { minor: 68807, currency: 'USD' } })).status).toBe(200);
    const waiting = await reminders();
    expect(waiting.promise).toEqual({ promisedFor: '2026-12-01', recordedOn: '2026-11-24', amount: { minor: 68807, currency: 'USD' } });
    // While the ladder waits, no step whose day has passed reads "Planned".
    const past = (waiting.steps as { on: string; state: string; reason?: string }[]).filter((step) => step.on < '2026-11-24');
    expect(past.length).toBeGreaterThan(0);
    for (const step of past) expect(step.state).not.toBe('PLANNED');
    for (const step of past.filter((x) => x.state === 'SKIPPED')) expect(step.reason).toBeTruthy();

    const corrected = await post('/v1/promises/change', {
      action: 'correct',
      promisedFor: '2026-12-10',
      amount: { minor: 30000, currency: 'USD' },
      notes: 'Half, later',
    });
    expect(corrected.status).toBe(200);
    expect(corrected.json.automation).toMatch(/a promise to pay is pending until 2026-12-1\d/);
    expect((await reminders()).promise).toMatchObject({ promisedFor: '2026-12-10', amount: { minor: 30000 } });

    const withdrawn = await post('/v1/promises/change', { action: 'withdraw', notes: 'Recorded on the wrong invoice' });
    expect(withdrawn.status).toBe(200);
    const view = await reminders();
    expect(view.promise).toBeUndefined();
    expect(view.automation.running).toBe(true);
    expect((await events()).map((e) => e.type)).toEqual(
      expect.arrayContaining(['promise.recorded', 'promise.corrected', 'promise.withdrawn']),
    );
    expect((await events()).find((e) => e.type === 'promise.corrected')?.data).toMatchObject({
      from: { promisedFor: '2026-12-01', amount: { minor: 68807 } },
      promisedFor: '2026-12-10',
    });

    // Long after the withdrawn day, it is not a broken promise.
    api.clock.advance(40 * 86_400_000);
    expect((await api.call('GET', `/v1/customers/behaviour?ledgerId=${LEDGER}&invoiceNumber=W-1`)).json).toMatchObject({
      promises: 0,
      brokenPromises: 0,
    });

    const none = await post('/v1/promises/change', { action: 'withdraw' });
    expect(none.status).toBe(409);
    expect(none.json.error.message).toBe('Invoice W-1 has no promise to pay on record.');
  });

  it('withdraws a contact: a reversal event naming it, the original kept, the chain intact, the last contact the one still standing; never twice, never another event', async () => {
    expect(
      (await post('/v1/contacts', { channel: 'call', outcome: 'reached', reached: 'Dana', occurredAt: '2026-11-23T15:00:00.000Z' })).status,
    ).toBe(200);
    expect((await post('/v1/contacts', { channel: 'email', outcome: 'no_answer', occurredAt: '2026-11-24T14:00:00.000Z' })).status).toBe(
      200,
    );
    const mistaken = (await events()).filter((e) => e.type === 'contact.logged').at(-1);

    const before = await tableContents(api.tables);
    const noReason = await post('/v1/contacts/reverse', { seq: mistaken?.seq, reason: ' ' });
    expect(noReason.status).toBe(400);
    const notAContact = await post('/v1/contacts/reverse', { seq: 1, reason: 'oops' });
    expect(notAContact.status).toBe(409);
    expect(notAContact.json.error.message).toBe(
      'Event 1 of invoice W-1 is not a logged contact (it is invoice.tracked); only contacts logged by a person can be withdrawn.',
    );
    expect(await tableContents(api.tables)).toEqual(before);

    const undone = await post('/v1/contacts/reverse', { seq: mistaken?.seq, reason: 'Logged on the wrong invoice' });
    expect(undone.status).toBe(200);
    const after = await events();
    expect(after.find((e) => e.seq === mistaken?.seq)?.type).toBe('contact.logged');
    expect(after.at(-1)).toMatchObject({
      type: 'contact.reversed',
      data: { seq: mistaken?.seq, reason: 'Logged on the wrong invoice', original: { channel: 'email', outcome: 'no_answer' } },
    });
    expect((await post('/v1/contacts/reverse', { seq: mistaken?.seq, reason: 'again' })).status).toBe(409);

    const status = (await api.call('GET', `/v1/ledger/status?ledgerId=${LEDGER}`)).json.invoices.find(
      (i: { invoiceNumber: string }) => i.invoiceNumber === 'W-1',
    );
    expect(status.lastContact).toMatchObject({ at: '2026-11-23T15:00:00.000Z', kind: 'call' });
    expect(await api.call('GET', `/v1/audit/verify?ledgerId=${LEDGER}&invoiceNumber=W-1`).then((r) => r.json)).toMatchObject({
      intact: true,
    });
    // The evidence pack lists both, in words.
    const pack = (await api.call('GET', `/v1/evidence?ledgerId=${LEDGER}&invoiceNumber=W-1`)).json;
    expect(pack.csv).toContain('Email: no answer');
    expect(pack.csv).toContain(`Contact withdrawn (event ${mistaken?.seq ?? '?'}): Email: no answer`);
  });

  it('acts on a broken promise: recorded the day it breaks, once; a call about it comes first; the status and the digest say so; a logged contact does it', async () => {
    const team = `team-${rid()}@acme.example`;
    const settings = (await api.call('GET', `/v1/settings?ledgerId=${LEDGER}`)).json;
    await api.call('PUT', '/v1/settings', {
      body: { requestId: rid(), ledgerId: LEDGER, settings: { ...settings, timeZone: 'America/New_York', dailyDigestTo: team } },
    });
    expect((await post('/v1/promises', { promisedFor: '2026-11-27', amount: { minor: 68807, currency: 'USD' } })).status).toBe(200);
    const harness = dispatcherHarness(api);
    await harness.run();
    expect((await events()).map((e) => e.type)).not.toContain('promise.broken');

    // The grace (3 days) over: broken on 1 December. The sweep records it; the digest of 2 December lists it.
    api.clock.set(Date.parse('2026-12-01T20:00:00Z'));
    await harness.run();
    await harness.run();
    expect((await events()).filter((e) => e.type === 'promise.broken')).toEqual([
      expect.objectContaining({ data: { promisedFor: '2026-11-27', amount: { minor: 68807, currency: 'USD' } } }),
    ]);
    const view = await reminders();
    expect(view.next).toMatchObject({
      stepId: 'broken-promise-2026-11-27',
      label: 'Call about the promise to pay by 2026-11-27 (not kept)',
      action: 'call',
      due: true,
    });
    const status = (await api.call('GET', `/v1/ledger/status?ledgerId=${LEDGER}`)).json.invoices.find(
      (i: { invoiceNumber: string }) => i.invoiceNumber === 'W-1',
    );
    expect(status).toMatchObject({
      automation: { state: 'your_turn' },
      nextStep: { label: 'Call about the promise to pay by 2026-11-27 (not kept)', action: 'call' },
    });

    api.clock.set(Date.parse('2026-12-02T13:00:00Z')); // 08:00 in New York
    await harness.run();
    const [digest] = await sesMailbox((a) => a === team);
    expect(digest?.body.text).toContain('Promises to pay not kept since yesterday (the next step for each is a call):');
    expect(digest?.body.text).toMatch(/- W-1 {2}Union Square Florists {2}promised by 2026-11-27/);

    // Any contact with the customer does the call; the ladder goes on.
    expect((await post('/v1/contacts', { channel: 'email', outcome: 'no_answer' })).status).toBe(200);
    expect((await reminders()).next?.stepId).not.toBe('broken-promise-2026-11-27');
  });

  it('never shows a step whose day passed while the ladder waited as "Planned"', async () => {
    await api.call('POST', '/v1/invoices/sync', {
      body: { requestId: rid(), ledgerId: LEDGER, invoices: [snapshot('W-2', { dueDate: '2026-11-30' })] },
    });
    await api.call('POST', '/v1/promises', {
      body: {
        requestId: rid(),
        ledgerId: LEDGER,
        invoiceNumber: 'W-2',
        promisedFor: '2026-12-20',
        amount: { minor: 68807, currency: 'USD' },
      },
    });
    api.clock.set(Date.parse('2026-12-16T15:00:00Z')); // the promise (20 December, 3 days' grace) still holds the ladder
    const view = (await api.call('GET', `/v1/reminders?ledgerId=${LEDGER}&invoiceNumber=W-2`)).json as {
      automation: { running: boolean };
      steps: { stepId: string; on: string; state: string; reason?: string }[];
    };
    expect(view.automation.running).toBe(false);
    // Never scheduled (the ladder was waiting when its day came): not "Planned", and why.
    expect(view.steps.find((step) => step.stepId === 'overdue-15')).toMatchObject({
      on: '2026-12-15',
      state: 'SKIPPED',
      reason: 'not done: its day passed while a promise to pay is pending until 2026-12-24',
    });
    expect(view.steps.filter((step) => step.on < '2026-12-16' && step.state === 'PLANNED')).toEqual([]);
    expect(view.steps.find((step) => step.stepId === 'overdue-30')).toMatchObject({ state: 'PLANNED' }); // its day is still to come
  });
});
