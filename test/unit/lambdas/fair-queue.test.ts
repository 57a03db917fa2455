import { fairQueue, fairShares } from '../../../lambdas/dispatcher/fair-queue';

const debtors = (tenant: string, n: number, firstDueMs = 0) =>
  Array.from({ length: n }, (_, i) => ({ tenant, oldestDueMs: firstDueMs + i, id: `${tenant}-${i}` }));
const each = (n: number, ...teams: string[]) => new Map(teams.map((t) => [t, n]));

describe('the fair queue', () => {
  it("lets every team's first debtor go before any team's second, the team waiting longest first", () => {
    const { queue, deferred } = fairQueue(
      [...debtors('big', 5, 100), ...debtors('small', 1, 50), ...debtors('mid', 2, 200)],
      each(10, 'big', 'small', 'mid'),
    );
    expect(queue.map((d) => d.id)).toEqual(['small-0', 'big-0', 'mid-0', 'big-1', 'mid-1', 'big-2', 'big-3', 'big-4']);
    expect(deferred).toEqual([]);
  });

  it('keeps a team to its share of the run, deferring the rest, oldest first, to the next run', () => {
    const { queue, deferred } = fairQueue(
      [...debtors('big', 1000), ...debtors('small', 2)],
      new Map([
        ['big', 3],
        ['small', 2],
      ]),
    );
    expect(queue.map((d) => d.id)).toEqual(['big-0', 'small-0', 'big-1', 'small-1', 'big-2']);
    expect(deferred).toHaveLength(997);
    expect(deferred[0]?.id).toBe('big-3');
  });

  it('places a team by its oldest debtor, whatever order the due index returned them in', () => {
    const shuffled = [...debtors('a', 3, 10)].reverse();
    const { queue } = fairQueue([...shuffled, ...debtors('b', 1, 5)], each(10, 'a', 'b'));
    expect(queue.map((d) => d.id)).toEqual(['b-0', 'a-0', 'a-1', 'a-2']);
  });
});

describe("a run's fair shares", () => {
  it('gives teams wanting little all they want and the backlog what they leave', () => {
    // 113 sends: 34 teams want 1 each, the backlog 100: it gets the other 79.
    const demands = new Map([...Array.from({ length: 34 }, (_, i) => [`small-${i}`, 1] as const), ['backlog', 100] as const]);
    const shares = fairShares(demands, 113, 1);
    expect(shares.get('small-0')).toBe(1);
    expect(shares.get('backlog')).toBe(79);
  });

  it('splits a run evenly among teams that all want more than it holds, never below the floor', () => {
    expect([...fairShares(each(1000, 'a', 'b', 'c', 'd'), 100, 5).values()]).toEqual([25, 25, 25, 25]);
    // 1,000 teams and 3,024 sends: 4 each by division; the floor of 20 lifts it (the run ends when its time does).
    expect(new Set(fairShares(new Map(Array.from({ length: 1000 }, (_, i) => [`t${i}`, 50])), 3024, 20).values())).toEqual(new Set([20]));
  });

  it('gives one team alone the whole run', () => {
    expect(fairShares(each(5000, 'alone'), 3024, 20).get('alone')).toBe(3024);
  });
});
