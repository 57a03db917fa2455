import { fairQueue } from '../../../lambdas/dispatcher/fair-queue';

const debtors = (tenant: string, n: number, firstDueMs = 0) =>
  Array.from({ length: n }, (_, i) => ({ tenant, oldestDueMs: firstDueMs + i, id: `${tenant}-${i}` }));

describe('the fair queue', () => {
  it("lets every team's first debtor go before any team's second, the team waiting longest first", () => {
    const { queue, deferred } = fairQueue([...debtors('big', 5, 100), ...debtors('small', 1, 50), ...debtors('mid', 2, 200)], 10);
    expect(queue.map((d) => d.id)).toEqual(['small-0', 'big-0', 'mid-0', 'big-1', 'mid-1', 'big-2', 'big-3', 'big-4']);
    expect(deferred).toEqual([]);
  });

  it('keeps a team to its emails per run, deferring the rest, oldest first, to the next run', () => {
    const { queue, deferred } = fairQueue([...debtors('big', 1000), ...debtors('small', 2)], 3);
    expect(queue.map((d) => d.id)).toEqual(['big-0', 'small-0', 'big-1', 'small-1', 'big-2']);
    expect(deferred).toHaveLength(997);
    expect(deferred[0]?.id).toBe('big-3');
  });

  it('places a team by its oldest debtor, whatever order the due index returned them in', () => {
    const shuffled = [...debtors('a', 3, 10)].reverse();
    const { queue } = fairQueue([...shuffled, ...debtors('b', 1, 5)], 10);
    expect(queue.map((d) => d.id)).toEqual(['b-0', 'a-0', 'a-1', 'a-2']);
  });
});
