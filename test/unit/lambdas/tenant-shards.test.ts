import type { DispatchStore } from '../../../lambdas/dispatcher/ports/dispatch-store';
import type { UnreadableItem } from '../../../lambdas/dispatcher/ports/deadline-index';
import { rateShare, shardedDispatch, shardOf } from '../../../lambdas/dispatcher/tenant-shards';
import { fixedSendRate } from '../../../lambdas/mail/ses-mailer';
import type { ReminderRecord } from '../../../lambdas/store/records';

describe('shards of teams', () => {
  it('puts every team in one shard, the same one every time, and spreads them', () => {
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i += 1) {
      const shard = shardOf(`d:team-${i}.example`, 4);
      expect(shardOf(`d:team-${i}.example`, 4)).toBe(shard);
      counts[shard] = (counts[shard] ?? 0) + 1;
    }
    for (const n of counts) expect(n).toBeGreaterThan(850);
    expect(shardOf('d:acme.example', 1)).toBe(0);
  });

  it("gives each worker its part of the account's rate", async () => {
    expect(await rateShare(fixedSendRate(14), 4).maxSendRate()).toBe(3.5);
  });

  it("shows a worker only its teams' due work, and an unreadable item to the worker its key names (or worker 0's)", async () => {
    const reminder = (tenant: string) => ({ tenant }) as ReminderRecord;
    const acme = 'd:acme.example';
    const other = ['d:globex.example', 'u:3001', 'u:6666', 'u:1001'].find((t) => shardOf(t, 2) !== shardOf(acme, 2)) ?? '';
    const store = {
      shards: 8,
      deadlines: (_f: string, _s: number, _u: string, unreadable?: UnreadableItem[]) => {
        unreadable?.push(
          { pk: `T#${encodeURIComponent(acme)}#L#x`, sk: 'REM#1#due', reason: 'bad' },
          { pk: 'ELSEWHERE', sk: 'x', reason: 'bad' },
        );
        return Promise.resolve([reminder(acme), reminder(other)]);
      },
      digestsDue: () =>
        Promise.resolve([
          { tenant: acme, ledgerId: 'L', dueSk: 'a' },
          { tenant: other, ledgerId: 'L', dueSk: 'b' },
        ]),
      sweepsDue: () => Promise.resolve([{ tenant: other, ledgerId: 'L', dueSk: 'c' }]),
    } as unknown as DispatchStore;
    const mine = shardOf(acme, 2);
    const worker = shardedDispatch(store, { index: mine, of: 2 });
    const unreadable: UnreadableItem[] = [];
    expect((await worker.deadlines('DUE', 0, 'now', unreadable)).map((r) => r.tenant)).toEqual([acme]);
    expect(unreadable.map((u) => u.pk)).toEqual(
      mine === 0 ? [`T#${encodeURIComponent(acme)}#L#x`, 'ELSEWHERE'] : [`T#${encodeURIComponent(acme)}#L#x`],
    );
    expect((await worker.digestsDue(0, 'now')).map((d) => d.tenant)).toEqual([acme]);
    expect(await worker.sweepsDue(0, 'now')).toEqual([]);
    expect(worker.shards).toBe(8);
  });
});
