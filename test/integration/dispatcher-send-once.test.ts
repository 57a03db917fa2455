import { randomUUID } from 'node:crypto';
import type { CrashPoint } from '../../lambdas/dispatcher/dispatcher';
import { defaultLedgerSettings } from '../../shared/default-settings';
import { LEDGER, rid, snapshot, startTestApi, type TestApi } from '../support/api';
import { dispatcherHarness, sesMailbox, snsEvent } from '../support/dispatcher';
import { faultyLink } from '../support/network-faults';

const VISIBLE_END_STATES = ['SENT', 'CANCELLED', 'SKIPPED', 'FAILED', 'NEEDS_REVIEW'];
const POINTS: CrashPoint[] = [
  'after-claim',
  'after-checks',
  'after-attempt-record',
  'after-send',
  'after-mark',
  'after-audit',
  'after-cap',
];

describe('send-once', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi('2026-11-24T15:00:00Z');
  });
  afterEach(() => api.close());

  const syncAll = async (invoices: unknown[]) => {
    for (let i = 0; i < invoices.length; i += 500) {
      const res = await api.call('POST', '/v1/invoices/sync', {
        body: { requestId: rid(), ledgerId: LEDGER, invoices: invoices.slice(i, i + 500) },
      });
      expect(res.status).toBe(200);
    }
  };
  const dueState = async (harness: ReturnType<typeof dispatcherHarness>, n: string) =>
    (await harness.deps.main.reminders({ tenant: 'd:acme.example', ledgerId: LEDGER, invoiceNumber: n })).find((r) => r.stepId === 'due');

  // One lane, and four (debtors sent to at once, as in production): the same promise either way.
  // A send's writes are made in two requests (up to the send batch, then the follow-up), so a
  // crash at a point inside one leaves none of its writes; where each write is made on its own
  // (after a refused transaction), the points fall between writes. Both are tried.
  const CASES = POINTS.flatMap((point) =>
    [1, 4].flatMap((lanes) => (['together', 'one write at a time'] as const).map((writes) => [point, lanes, writes] as const)),
  );
  it.each(CASES)(
    'never sends twice when the dispatcher dies %s (lanes: %i, follow-up %s), and every reminder ends visible',
    async (point, lanes, writes) => {
      const tag = randomUUID().slice(0, 8);
      const invoices = Array.from({ length: 3 }, (_, i) =>
        snapshot(`CR-${i}`, { contactEmail: `crash-${point}-${tag}-${i}@debtor.example` }),
      );
      await syncAll(invoices);
      const crashing = dispatcherHarness(api, {
        lanes,
        oneWriteAtATime: writes === 'one write at a time',
        faults: (p) => {
          if (p === point) throw new Error(`injected crash ${p}`);
        },
      });
      await expect(crashing.run()).rejects.toThrow(`injected crash ${point}`);

      // Later runs by a healthy dispatcher: the lease expires, then SES's events arrive for what it accepted.
      const healthy = dispatcherHarness(api, { lanes });
      api.clock.advance(6 * 60_000);
      await healthy.run();
      for (const message of crashing.recorder.accepted) await healthy.deliverEvents(snsEvent('Delivery', message));
      api.clock.advance(25 * 3600_000);
      await healthy.run();
      for (const message of healthy.recorder.accepted) await healthy.deliverEvents(snsEvent('Delivery', message));

      for (const invoice of invoices) {
        const to = invoice.contactEmail;
        const received = await sesMailbox((a) => a === to);
        expect(received.length).toBeLessThanOrEqual(1);
        const reminder = await dueState(healthy, invoice.invoiceNumber);
        expect(VISIBLE_END_STATES).toContain(reminder?.state);
        // Sent exactly when SES has it; an email SES never took is never claimed to be SENT.
        expect(reminder?.state === 'SENT').toBe(received.length === 1);
        // And what follows a send is on record once, whoever finished it: email.sent, the cap's count.
        const scope = { tenant: 'd:acme.example', ledgerId: LEDGER, invoiceNumber: invoice.invoiceNumber };
        const sentEvents = (await healthy.deps.audit.chain(scope)).filter((e) => e.type === 'email.sent');
        expect(sentEvents).toHaveLength(received.length);
        const log = await healthy.deps.dispatch.getDebtorLog({ tenant: scope.tenant, ledgerId: LEDGER }, to);
        expect(log?.sentAt ?? []).toHaveLength(received.length);
      }
    },
  );

  it('a run that dies after SES accepted leaves the attempt in the trail once, at its time, and email.sent once SES confirms', async () => {
    const to = `trail-${randomUUID().slice(0, 8)}@debtor.example`;
    await syncAll([snapshot('TR-1', { contactEmail: to })]);
    const chain = () => dispatcherHarness(api).deps.audit.chain({ tenant: 'd:acme.example', ledgerId: LEDGER, invoiceNumber: 'TR-1' });
    const attemptedAt = new Date(api.clock.now()).toISOString();
    const crashing = dispatcherHarness(api, {
      faults: (p) => {
        if (p === 'after-send') throw new Error('injected crash after-send');
      },
    });
    await expect(crashing.run()).rejects.toThrow('injected crash');
    // Nothing in the trail yet: the send batch in the main table is what the run left.
    expect((await chain()).filter((e) => e.type.startsWith('email.'))).toEqual([]);

    const healthy = dispatcherHarness(api);
    api.clock.advance(6 * 60_000);
    await healthy.run();
    await healthy.run();
    const attempted = (await chain()).filter((e) => e.type === 'email.attempted');
    expect(attempted).toEqual([
      expect.objectContaining({ at: attemptedAt, data: expect.objectContaining({ to, invoices: ['TR-1'], subject: expect.any(String) }) }),
    ]);
    expect(await dueState(healthy, 'TR-1')).toMatchObject({ state: 'UNKNOWN' });

    for (const message of crashing.recorder.accepted) await healthy.deliverEvents(snsEvent('Delivery', message));
    const events = await chain();
    expect(events.filter((e) => e.type === 'email.sent')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'email.attempted')).toHaveLength(1);
    expect(await dueState(healthy, 'TR-1')).toMatchObject({ state: 'SENT' });
  });

  it("an SES event that settles the send before its run writes the follow-up: the run's one write is refused, and nothing is recorded twice", async () => {
    const to = `race-${randomUUID().slice(0, 8)}@debtor.example`;
    await syncAll([snapshot('RACE-1', { contactEmail: to })]);
    const scope = { tenant: 'd:acme.example', ledgerId: LEDGER, invoiceNumber: 'RACE-1' };
    // SES's event is handled between SES's answer and the run's own follow-up.
    const harness: ReturnType<typeof dispatcherHarness> = dispatcherHarness(api, {
      mailer: (recorder) => ({
        send: async (email) => {
          const result = await recorder.send(email);
          const message = harness.recorder.accepted.at(-1);
          if (result.ok && message) await harness.deliverEvents(snsEvent('Delivery', message));
          return result;
        },
      }),
    });
    expect(await harness.run()).toMatchObject({ emails: 1, problems: 0 });
    const events = await harness.deps.audit.chain(scope);
    // Recorded once, by the SES event's handler, which came first.
    expect(events.filter((e) => e.type === 'email.sent')).toEqual([expect.objectContaining({ source: 'ses-events' })]);
    expect(events.filter((e) => e.type === 'reminder.scheduled' && e.data.stepId === 'overdue-15')).toHaveLength(1);
    expect(await dueState(harness, 'RACE-1')).toMatchObject({ state: 'SENT' });
    const log = await harness.deps.dispatch.getDebtorLog({ tenant: scope.tenant, ledgerId: LEDGER }, to);
    expect(log?.sentAt).toHaveLength(1);
    // The run's lease on the address ended even though its own follow-up wrote nothing.
    expect(log?.leaseOwner).toBeUndefined();
  });

  it('two dispatchers over the same 100 due reminders send each exactly once', async () => {
    const tag = randomUUID().slice(0, 8);
    const invoices = Array.from({ length: 100 }, (_, i) =>
      snapshot(`TW-${i}`, { row: i + 2, contactEmail: `twin-${tag}-${i}@debtor.example` }),
    );
    await syncAll(invoices);
    // One dispatcher one debtor at a time, the other four at once.
    const a = dispatcherHarness(api, { rate: 5000 });
    const b = dispatcherHarness(api, { rate: 5000, lanes: 4 });
    const [ra, rb] = await Promise.all([a.run(), b.run()]);
    expect(ra.emails + rb.emails).toBe(100);
    const received = await sesMailbox((address) => address.startsWith(`twin-${tag}-`));
    expect(received).toHaveLength(100);
    expect(new Set(received.map((e) => e.destination.to[0])).size).toBe(100);
  }, 300_000);

  it('two dispatchers at once send each debtor one email with all its invoices, and a cap of 1 holds', async () => {
    const tag = randomUUID().slice(0, 8);
    const settings = { ...defaultLedgerSettings('ar@acme.example'), cap: { maxEmails: 1, windowDays: 7 } };
    expect((await api.call('PUT', '/v1/settings', { body: { requestId: rid(), ledgerId: LEDGER, settings } })).status).toBe(200);
    // 20 debtors with 3 invoices each, all due today.
    const invoices = Array.from({ length: 60 }, (_, i) =>
      snapshot(`PAIR-${i}`, {
        row: i + 2,
        customer: `Pair ${Math.floor(i / 3)}`,
        contactEmail: `pair-${tag}-${Math.floor(i / 3)}@debtor.example`,
        dueDate: '2026-11-24',
      }),
    );
    await syncAll(invoices);
    // One of the two is slow on writes, so their claims interleave within each debtor.
    const slow = await faultyLink(process.env.DYNAMODB_ENDPOINT ?? '');
    slow.delayMs = (operation) => (operation === 'PutItem' ? 15 : 0);
    const [ra, rb] = await Promise.all([
      dispatcherHarness(api, { rate: 5000, dynamoEndpoint: slow.url }).run(),
      dispatcherHarness(api, { rate: 5000 }).run(),
    ]).finally(() => slow.close());
    expect(ra.emails + rb.emails).toBe(20);
    const received = await sesMailbox((address) => address.startsWith(`pair-${tag}-`));
    expect(received).toHaveLength(20);
    expect(new Set(received.map((e) => e.destination.to[0])).size).toBe(20);
    // A later run may not add a second email inside the week.
    api.clock.advance(3600_000);
    await dispatcherHarness(api).run();
    expect(await sesMailbox((address) => address.startsWith(`pair-${tag}-`))).toHaveLength(20);
  }, 120_000);
});
