import type { Mailer } from '../../lambdas/mail/mailer';
import { LEDGER, rid, snapshot, startTestApi, type TestApi } from '../support/api';
import type { CrashPoint } from '../../lambdas/dispatcher/dispatcher';
import { dispatcherHarness, sesMailbox } from '../support/dispatcher';

/**
 * Many teams on one backend: Acme (Alice) has a backlog of 60 customers due, Globex (Bob) two.
 * The dispatcher sends in lanes that share one pacer, teams taking turns, each team at most its
 * emails per run: Globex's reminders go in the run's first round, not after Acme's sixty; the
 * account's rate holds in every second; nothing goes twice, crash or not.
 */
describe('the dispatcher: fair and parallel across teams', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi('2026-11-24T15:00:00Z');
  });
  afterAll(() => api.close());

  const owe = (user: 'alice' | 'bob', prefix: string, count: number) =>
    api.call('POST', '/v1/invoices/sync', {
      user,
      body: {
        requestId: rid(),
        ledgerId: LEDGER,
        invoices: Array.from({ length: count }, (_, i) =>
          snapshot(`${prefix}-${i}`, { row: i + 2, contactEmail: `ap-${i}@${prefix.toLowerCase()}.fairness.example` }),
        ),
      },
    });
  /** When each email reached SES, by the machine's clock (the pacer's), in order. */
  const timed =
    (sent: { to: string; at: number }[]) =>
    (real: Mailer): Mailer => ({
      send: async (email) => {
        const result = await real.send(email);
        if (result.ok) sent.push({ to: email.to, at: performance.now() });
        return result;
      },
    });
  const busiestSecond = (times: readonly number[]) => {
    let best = 0;
    for (let start = 0, end = 0; end < times.length; end += 1) {
      while ((times[end] ?? 0) - (times[start] ?? 0) >= 1000) start += 1;
      best = Math.max(best, end - start + 1);
    }
    return best;
  };

  it("sends the small team's reminders in the first round, keeps each team to its share of the run, and holds the rate", async () => {
    expect((await owe('alice', 'ACME', 60)).status).toBe(200);
    expect((await owe('bob', 'GLOBEX', 2)).status).toBe(200);
    const sent: { to: string; at: number }[] = [];
    const harness = dispatcherHarness(api, { rate: 14, mailer: timed(sent), lanes: 4, tenantEmailsPerRun: 12 });
    // A run of 4 s (1 kept back) can send about 12.6 x 3 = 38: Globex's 2, and Acme what Globex leaves.
    const first = await harness.run(4_000);
    expect(first.emails).toBeGreaterThanOrEqual(30);
    expect(first.emails).toBeLessThanOrEqual(38);
    expect(first.leftForNextRun).toBe(62 - first.emails);
    // Two teams' first debtors, then their second: Globex's two are among the first four.
    expect(sent.slice(0, 4).filter((s) => s.to.endsWith('@globex.fairness.example'))).toHaveLength(2);
    expect(busiestSecond(sent.map((s) => s.at))).toBeLessThanOrEqual(14);

    // The next runs take the rest of Acme's backlog.
    for (let run = 0; run < 3 && sent.length < 62; run += 1) await harness.run(4_000);
    harness.close();
    const mailbox = await sesMailbox((a) => a.endsWith('@acme.fairness.example') || a.endsWith('@globex.fairness.example'));
    const to = mailbox.map((e) => e.destination.to[0]);
    expect(to).toHaveLength(62);
    expect(new Set(to).size).toBe(62);
  });

  it('never sends twice when the process dies in one lane while the others are mid-send, and the next run finishes', async () => {
    expect((await owe('bob', 'CRASH', 12)).status).toBe(200);
    let sends = 0;
    const dies = (point: CrashPoint) => {
      if (point === 'after-send' && (sends += 1) === 5) throw new Error('the function was killed');
    };
    const crashing = dispatcherHarness(api, { rate: 1000, lanes: 4, faults: dies });
    await expect(crashing.run()).rejects.toThrow('the function was killed');
    crashing.close();
    // A minute later (the leases of the dead run lapse after five), the next runs settle and finish.
    api.clock.advance(6 * 60_000);
    const next = dispatcherHarness(api, { rate: 1000, lanes: 4 });
    await next.run();
    await next.run();
    next.close();
    const to = (await sesMailbox((a) => a.endsWith('@crash.fairness.example'))).map((e) => e.destination.to[0]);
    expect(new Set(to).size).toBe(to.length);
    expect(to.length).toBe(12);
  });
});
