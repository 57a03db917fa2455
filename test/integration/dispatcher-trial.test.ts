import { randomUUID } from 'node:crypto';
import { planReminders } from '../../lambdas/services/reminder-planner';
import { defaultLedgerSettings } from '../../shared/default-settings';
import { LEDGER, rid, snapshot, startTestApi, type TestApi } from '../support/api';
import { dispatcherHarness, snsEvent } from '../support/dispatcher';
import { acceptedBySes, faultyLink, type FaultyLink, type NetworkAction } from '../support/network-faults';

/**
 * Weeks of dispatcher runs against the real local DynamoDB and SES, each run's traffic through
 * fault proxies: some runs die at a random request (everything after it hangs, as in a killed
 * process), DynamoDB writes lose their answers, SES sends lose theirs or answer 500 after
 * accepting, and SES's events arrive late and twice. What must hold at the end is the product's
 * promise: no email twice, no debtor over the cap, no ladder without its next step, no
 * email.sent twice, every reminder in a state a person can see. FAULT_TRIAL_RUNS and
 * FAULT_TRIAL_SEED replay or lengthen it; the figures go to the README's reliability table.
 */
const RUNS = Number(process.env.FAULT_TRIAL_RUNS ?? 120);
const SEED = Number(process.env.FAULT_TRIAL_SEED ?? 20261202);
const STEP_MS = 3 * 3600_000;
const CAP = { maxEmails: 2, windowDays: 7 };
const TENANT = 'd:acme.example';
const ledger = { tenant: TENANT, ledgerId: LEDGER };
const VISIBLE = ['PENDING', 'AWAITING_APPROVAL', 'SENT', 'CANCELLED', 'SKIPPED', 'FAILED', 'NEEDS_REVIEW'];

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('a month of unattended chasing under faults', () => {
  let api: TestApi;
  const links: FaultyLink[] = [];
  const harnesses: ReturnType<typeof dispatcherHarness>[] = [];
  beforeAll(async () => {
    api = await startTestApi('2026-11-24T14:00:00Z');
  });
  afterAll(async () => {
    await Promise.all(links.map((l) => l.close()));
    for (const h of harnesses) h.close();
    await api.close();
  });

  it(`${RUNS} runs with kills, lost answers and late, repeated SES events: 0 duplicates, 0 over the cap, 0 stalled ladders`, async () => {
    const rand = random(SEED);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
    const tag = randomUUID().slice(0, 8);
    // 8 debtors with 3 invoices each, due from 2 days ago to 3 weeks ahead: every ladder rung is met.
    const invoices = Array.from({ length: 24 }, (_, i) => {
      const due = new Date(Date.parse('2026-11-22T00:00:00Z') + Math.floor(i / 3) * 3 * 86400_000 + (i % 3) * 86400_000)
        .toISOString()
        .slice(0, 10);
      return snapshot(`TR-${i}`, {
        row: i + 2,
        customer: `Debtor ${Math.floor(i / 3)}`,
        contactEmail: `trial-${tag}-${Math.floor(i / 3)}@debtor.example`,
        dueDate: due,
      });
    });
    const settings = { ...defaultLedgerSettings('ar@acme.example'), timeZone: 'America/New_York', cap: CAP };
    expect((await api.call('PUT', '/v1/settings', { body: { requestId: rid(), ledgerId: LEDGER, settings } })).status).toBe(200);
    expect((await api.call('POST', '/v1/invoices/sync', { body: { requestId: rid(), ledgerId: LEDGER, invoices } })).status).toBe(200);

    const clean = dispatcherHarness(api);
    const figures = {
      replanned: 0,
      runs: 0,
      killed: 0,
      dynamoAnswersLost: 0,
      sesAnswersLost: 0,
      eventsDelivered: 0,
      eventsRepeated: 0,
      problemsReported: 0,
    };
    const delivered = new Set<string>();
    const deliverSome = async (share: number) => {
      for (const message of links.flatMap(acceptedBySes)) {
        if (delivered.has(message.messageId) || rand() > share) continue;
        delivered.add(message.messageId);
        await clean.deliverEvents(snsEvent('Delivery', message));
        figures.eventsDelivered += 1;
        if (rand() < 0.2) {
          await clean.deliverEvents(snsEvent('Delivery', message)); // SNS delivers at least once
          figures.eventsRepeated += 1;
        }
      }
    };

    const runOnce = async (faults: boolean) => {
      figures.runs += 1;
      // A kill lands between two writes (a DynamoDB write, a transaction of several, or an SES send): where a crash can do harm.
      const killAt = faults && rand() < 0.5 ? Math.floor(rand() * 14) : Infinity;
      let writes = 0;
      let dead = false;
      let died: () => void = () => undefined;
      const death = new Promise<void>((resolve) => (died = resolve));
      const policy =
        (kind: 'dynamo' | 'ses') =>
        ({ operation }: { operation: string }): NetworkAction => {
          const write = ['PutItem', 'UpdateItem', 'DeleteItem', 'TransactWriteItems', 'SendRawEmail'].includes(operation);
          if (dead || (write && writes++ >= killAt)) {
            if (!dead) figures.killed += 1;
            dead = true;
            died();
            return 'freeze';
          }
          if (!faults) return 'pass';
          if (kind === 'dynamo' && ['PutItem', 'UpdateItem', 'TransactWriteItems'].includes(operation) && rand() < 0.05) {
            figures.dynamoAnswersLost += 1;
            return 'drop-answer';
          }
          if (kind === 'ses' && operation === 'SendRawEmail' && rand() < 0.3) {
            figures.sesAnswersLost += 1;
            return pick(['drop-answer', 'error-after', 'reset-before'] as const);
          }
          return 'pass';
        };
      const dynamo = await faultyLink(process.env.DYNAMODB_ENDPOINT ?? '', policy('dynamo'));
      const ses = await faultyLink(process.env.SES_ENDPOINT ?? '', policy('ses'));
      links.push(dynamo, ses);
      const harness = dispatcherHarness(api, {
        dynamoEndpoint: dynamo.url,
        sesEndpoint: ses.url,
        logger: {
          error: () => {
            figures.problemsReported += 1;
          },
        },
      });
      harnesses.push(harness);
      const run = harness.run();
      run.then(
        (s) => {
          figures.replanned += s.replanned;
        },
        () => undefined,
      ); // a killed run never settles
      await Promise.race([run, death]);
    };

    for (let i = 0; i < RUNS; i += 1) {
      await runOnce(true);
      await deliverSome(0.6);
      if (i === Math.floor(RUNS / 2)) {
        // Debtor 0 pays mid-trial: nothing more may go to it.
        const paid = invoices.slice(0, 3).map((inv) => ({ ...inv, balance: { minor: 0, currency: 'USD' }, status: 'paid' }));
        expect((await api.call('POST', '/v1/invoices/sync', { body: { requestId: rid(), ledgerId: LEDGER, invoices: paid } })).status).toBe(
          200,
        );
      }
      api.clock.advance(STEP_MS);
    }
    // What production does next: more runs every few minutes, every SES event in, review times pass.
    for (let i = 0; i < 16; i += 1) {
      await deliverSome(1);
      await runOnce(false);
      api.clock.advance(i === 8 ? 26 * 3600_000 : 20 * 60_000);
    }
    await deliverSome(1);

    // The verdict, from what SES accepted (whatever the dispatcher was told) and from the tables.
    const accepted = links.flatMap(acceptedBySes);
    const sends: { to: string; at: number; steps: string[] }[] = [];
    let missingSentEvents = 0;
    let uncounted = 0;
    for (const message of accepted) {
      const batch = await clean.deps.dispatch.getBatch(TENANT, message.tags.dd_batch ?? '');
      if (!batch) throw new Error(`SES accepted an email whose batch is not on record: ${message.messageId}`);
      sends.push({ to: batch.to, at: batch.attemptedAt ?? 0, steps: batch.reminders.map((r) => `${r.invoiceNumber}/${r.stepId}`) });
      // Every email SES took is on record: email.sent on each invoice it carried, and in the cap's log.
      for (const ref of batch.reminders) {
        const events = await clean.deps.audit.chain({ ...ledger, invoiceNumber: ref.invoiceNumber });
        if (!events.some((e) => e.type === 'email.sent' && e.data.stepId === ref.stepId)) missingSentEvents += 1;
      }
      if (!(await clean.deps.dispatch.getDebtorLog(ledger, batch.to))?.batches.includes(batch.batchId)) uncounted += 1;
    }
    const steps = sends.flatMap((s) => s.steps);
    const duplicates = steps.length - new Set(steps).size;
    let overCap = 0;
    for (const to of new Set(sends.map((s) => s.to))) {
      const times = sends
        .filter((s) => s.to === to)
        .map((s) => s.at)
        .sort((a, b) => a - b);
      times.forEach((t, i) => {
        if (times.filter((u, j) => j <= i && u > t - CAP.windowDays * 86400_000).length > CAP.maxEmails) overCap += 1;
      });
    }
    let stalled = 0;
    let duplicateSentEvents = 0;
    let invisible = 0;
    let unfinished = 0;
    const paidTo = invoices[0]?.contactEmail;
    for (const invoice of invoices) {
      const scope = { ...ledger, invoiceNumber: invoice.invoiceNumber };
      const record = await clean.deps.main.getInvoice(scope);
      const reminders = await clean.deps.main.reminders(scope);
      if (!record) throw new Error(`invoice ${invoice.invoiceNumber} missing`);
      const plan = planReminders({ record, reminders, settings, nowMs: api.clock.now() });
      // Stalled: an email step to do, and no reminder waiting, being sent or being settled for it.
      const holding = reminders.some((r) => ['PENDING', 'AWAITING_APPROVAL', 'SENDING', 'UNKNOWN'].includes(r.state));
      if (!holding && plan.ops.some((op) => op.op === 'schedule')) {
        stalled += 1;
        process.stdout.write(
          `stalled ${invoice.invoiceNumber}: next ${JSON.stringify(plan.next)} reminders ${JSON.stringify(reminders.map((r) => [r.stepId, r.state, r.reason, r.followUpAt]))}\n`,
        );
      }
      invisible += reminders.filter((r) => !VISIBLE.includes(r.state)).length;
      unfinished += reminders.filter((r) => r.followUpAt).length;
      const sent = (await clean.deps.audit.chain(scope)).filter((e) => e.type === 'email.sent').map((e) => String(e.data.stepId));
      duplicateSentEvents += sent.length - new Set(sent).size;
    }
    const paidLate = sends.filter(
      (s) => s.to === paidTo && s.at > Date.parse('2026-11-24T14:00:00Z') + Math.floor(RUNS / 2 + 1) * STEP_MS,
    ).length;
    const verdict = {
      emails: accepted.length,
      duplicates,
      overCap,
      stalled,
      duplicateSentEvents,
      missingSentEvents,
      uncounted,
      invisible,
      unfinished,
      paidLate,
    };
    process.stdout.write(`fault trial (seed ${SEED}): ${JSON.stringify({ ...figures, ...verdict })}\n`);

    // The trial must have met what it is about: kills, lost SES answers, and a month of emails.
    expect(figures.killed).toBeGreaterThanOrEqual(Math.floor(RUNS / 16));
    expect(figures.sesAnswersLost).toBeGreaterThanOrEqual(Math.floor(RUNS / 80));
    // The ladder and the cap bound the emails, not the runs (54 in 480 runs): at least about two a debtor shows it sent.
    expect(accepted.length).toBeGreaterThanOrEqual(Math.min(Math.floor(RUNS / 8), 15));
    expect(verdict).toEqual({
      emails: accepted.length,
      duplicates: 0,
      overCap: 0,
      stalled: 0,
      duplicateSentEvents: 0,
      missingSentEvents: 0,
      uncounted: 0,
      invisible: 0,
      unfinished: 0,
      paidLate: 0,
    });
  }, 600_000);
});
