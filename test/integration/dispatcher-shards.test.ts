import { runDispatcherAlone } from '../../lambdas/dispatcher/dispatcher';
import { shardOf } from '../../lambdas/dispatcher/tenant-shards';
import { LEDGER, rid, snapshot, startTestApi, type TestApi } from '../support/api';
import { dispatcherHarness, sesMailbox } from '../support/dispatcher';

/**
 * Dispatch fanned out: four workers, each the one run of its shard of the teams (a run lock of
 * its own) at a quarter of the account's rate. Acme and Carol's team fall to shard 0, Globex to
 * shard 2 (by a hash of the team, fixed). Each team is one worker's; nothing goes twice.
 */
describe('the dispatcher fanned out by shards of teams', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi('2026-11-24T15:00:00Z');
  });
  afterAll(() => api.close());

  const owe = (user: 'alice' | 'bob' | 'carol', prefix: string) =>
    api.call('POST', '/v1/invoices/sync', {
      user,
      body: {
        requestId: rid(),
        ledgerId: LEDGER,
        invoices: Array.from({ length: 5 }, (_, i) =>
          snapshot(`${prefix}-${i}`, { row: i + 2, contactEmail: `ap-${i}@${prefix.toLowerCase()}.shards.example` }),
        ),
      },
    });

  it("sends each team's email from its shard's worker alone, each worker under its own lock, every email once", async () => {
    expect([shardOf('d:acme.example', 4), shardOf('u:3001', 4), shardOf('d:globex.example', 4)]).toEqual([0, 0, 2]);
    for (const [user, prefix] of [
      ['alice', 'ACME'],
      ['carol', 'CAROL'],
      ['bob', 'GLOBEX'],
    ] as const)
      expect((await owe(user, prefix)).status).toBe(200);
    const workers = [0, 1, 2, 3].map((index) => dispatcherHarness(api, { rate: 5, lanes: 2, shard: { index, of: 4 } }));

    // Shard 0's lock is held by another run of shard 0: that worker waits; shard 2's is its own and runs.
    const other = await workers[0]?.deps.dispatch.takeRunLock(
      'someone-else',
      new Date(api.clock.now()).toISOString(),
      new Date(api.clock.now() + 60_000).toISOString(),
      'shard-0-of-4',
    );
    expect(other).toEqual({ taken: true });
    const held = await runDispatcherAlone(workers[0]!.deps, () => 60_000);
    expect(held).toMatchObject({ lockedBy: 'someone-else' });
    await workers[0]?.deps.dispatch.releaseRunLock('someone-else', 'shard-0-of-4');

    const runs = await Promise.all(workers.map((w) => runDispatcherAlone(w.deps, () => 60_000)));
    for (const w of workers) w.close();
    expect(runs.map((r) => ('emails' in r ? r.emails : -1))).toEqual([10, 0, 5, 0]);
    const sentBy = workers.map((w) => w.recorder.accepted.map((m) => m.to.split('@')[1]));
    expect(new Set(sentBy[0])).toEqual(new Set(['acme.shards.example', 'carol.shards.example']));
    expect(new Set(sentBy[2])).toEqual(new Set(['globex.shards.example']));

    const to = (await sesMailbox((a) => a.endsWith('.shards.example'))).map((e) => e.destination.to[0]);
    expect(to).toHaveLength(15);
    expect(new Set(to).size).toBe(15);
  });
});
