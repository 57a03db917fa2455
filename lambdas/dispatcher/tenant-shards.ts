import { createHash } from 'node:crypto';
import type { SendRateSource } from '../mail/mailer';
import type { UnreadableItem } from './ports/deadline-index';
import type { DispatchStore } from './ports/dispatch-store';

/**
 * Dispatcher workers by shard of teams: worker `index` of `of` handles only the teams whose hash
 * falls to it, under a run lock of its own, at an equal part of the account's rate. A team is
 * always one worker's, so its debtors' leases, caps and grouping stay with one run at a time.
 */
export interface Shard {
  index: number;
  of: number;
}

/** The worker a team belongs to: stable across runs and deployments (SHA-256 of its id). */
export function shardOf(tenant: string, of: number): number {
  return createHash('sha256').update(tenant).digest().readUInt32BE(0) % of;
}

/** The team an item's key names (`T#<team>#...`, URL-encoded), if it names one. */
function tenantOfKey(pk: string): string | undefined {
  const m = /^T#([^#]+)/.exec(pk);
  return m?.[1] === undefined ? undefined : decodeURIComponent(m[1]);
}

/**
 * The dispatch store as one shard's worker sees it: the due work (reminders, sweeps, digests) of
 * its own teams only. An unreadable item is the worker's whose team its key names (worker 0's
 * when it names none), so one worker takes it out of the index.
 */
export function shardedDispatch(dispatch: DispatchStore, shard: Shard): DispatchStore {
  const mine = (tenant: string) => shardOf(tenant, shard.of) === shard.index;
  const mineByKey = (item: UnreadableItem) => {
    const tenant = tenantOfKey(item.pk);
    return tenant === undefined ? shard.index === 0 : mine(tenant);
  };
  return Object.assign(Object.create(dispatch) as DispatchStore, {
    async deadlines(...args: Parameters<DispatchStore['deadlines']>) {
      const [family, index, until, unreadable] = args;
      const found: UnreadableItem[] = [];
      const due = await dispatch.deadlines(family, index, until, found);
      unreadable?.push(...found.filter(mineByKey));
      return due.filter((r) => mine(r.tenant));
    },
    async digestsDue(...args: Parameters<DispatchStore['digestsDue']>) {
      return (await dispatch.digestsDue(...args)).filter((d) => mine(d.tenant));
    },
    async sweepsDue(...args: Parameters<DispatchStore['sweepsDue']>) {
      return (await dispatch.sweepsDue(...args)).filter((d) => mine(d.tenant));
    },
  });
}

/** One worker's part of the account's send rate: the workers together never exceed it. */
export function rateShare(source: SendRateSource, of: number): SendRateSource {
  return { maxSendRate: async () => (await source.maxSendRate()) / of };
}
