/**
 * The order a run sends in, so one team's backlog cannot hold back another's reminders: teams
 * take turns, one debtor each per round, the team waiting longest first (its oldest due
 * reminder), each team up to its share of the run; the rest wait for the next run, where, being
 * older, they come first. Pure: the run's lanes take the queue in this order.
 */
export interface Queued {
  tenant: string;
  /** The debtor's oldest due reminder, epoch ms. */
  oldestDueMs: number;
}

export function fairQueue<T extends Queued>(items: readonly T[], shares: ReadonlyMap<string, number>): { queue: T[]; deferred: T[] } {
  const byTeam = new Map<string, T[]>();
  for (const item of items) byTeam.set(item.tenant, [...(byTeam.get(item.tenant) ?? []), item]);
  const teams = [...byTeam.values()].map((debtors) => [...debtors].sort((a, b) => a.oldestDueMs - b.oldestDueMs));
  teams.sort((a, b) => (a[0]?.oldestDueMs ?? 0) - (b[0]?.oldestDueMs ?? 0) || (a[0]?.tenant ?? '').localeCompare(b[0]?.tenant ?? ''));
  const share = (debtors: readonly T[]) => shares.get(debtors[0]?.tenant ?? '') ?? 0;
  const queue: T[] = [];
  const rounds = Math.max(0, ...teams.map((t) => Math.min(t.length, share(t))));
  for (let round = 0; round < rounds; round += 1)
    for (const debtors of teams) {
      const next = debtors[round];
      if (next && round < share(debtors)) queue.push(next);
    }
  return { queue, deferred: teams.flatMap((debtors) => debtors.slice(share(debtors))) };
}

/**
 * Each team's share of what a run can send (`capacity`: the pacer's emails a second x the
 * seconds it has), max-min fair: a team wanting less than an equal part gets all it wants, and
 * what it leaves is split among the rest; no team with work gets less than `floor`. So a backlog
 * uses whatever the others leave, and never crowds them out.
 */
export function fairShares(demands: ReadonlyMap<string, number>, capacity: number, floor: number): Map<string, number> {
  const shares = new Map<string, number>();
  let left = Math.max(0, capacity);
  let teams = demands.size;
  for (const [team, demand] of [...demands].sort((a, b) => a[1] - b[1])) {
    const give = Math.min(demand, Math.max(floor, Math.ceil(left / teams)));
    shares.set(team, give);
    left = Math.max(0, left - give);
    teams -= 1;
  }
  return shares;
}
