/**
 * The order a run sends in, so one team's backlog cannot hold back another's reminders: teams
 * take turns, one debtor each per round, the team waiting longest first (its oldest due
 * reminder), and each team sends at most `perTeam` emails a run; the rest wait for the next run,
 * where, being older, they come first. Pure: the run's lanes take the queue in this order.
 */
export interface Queued {
  tenant: string;
  /** The debtor's oldest due reminder, epoch ms. */
  oldestDueMs: number;
}

export function fairQueue<T extends Queued>(items: readonly T[], perTeam: number): { queue: T[]; deferred: T[] } {
  const byTeam = new Map<string, T[]>();
  for (const item of items) byTeam.set(item.tenant, [...(byTeam.get(item.tenant) ?? []), item]);
  const teams = [...byTeam.values()].map((debtors) => [...debtors].sort((a, b) => a.oldestDueMs - b.oldestDueMs));
  teams.sort((a, b) => (a[0]?.oldestDueMs ?? 0) - (b[0]?.oldestDueMs ?? 0) || (a[0]?.tenant ?? '').localeCompare(b[0]?.tenant ?? ''));
  const queue: T[] = [];
  const rounds = Math.min(perTeam, Math.max(0, ...teams.map((t) => t.length)));
  for (let round = 0; round < rounds; round += 1)
    for (const debtors of teams) {
      const next = debtors[round];
      if (next) queue.push(next);
    }
  return { queue, deferred: teams.flatMap((debtors) => debtors.slice(perTeam)) };
}
