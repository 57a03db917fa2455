import type { LedgerScope } from '../../store/keys';

/** Leases that keep two dispatchers apart: the whole run, and each debtor while its email is made. */
export interface RunLocks {
  /** `name`: a lock of its own (a shard's worker's); the one lock of the whole dispatcher when absent. */
  takeRunLock(
    owner: string,
    nowIso: string,
    leaseUntilIso: string,
    name?: string,
  ): Promise<{ taken: true } | { taken: false; heldBy: string; until: string }>;
  releaseRunLock(owner: string, name?: string): Promise<void>;
  /**
   * `ifVersion`: only if the address's log is still as read (its version, or absent), so a
   * decision made from that read (the contact cap) holds when the lease is taken after it.
   * 'held' then also when the log moved on.
   */
  leaseDebtor(
    scope: LedgerScope,
    email: string,
    owner: string,
    nowMs: number,
    untilMs: number,
    ifVersion?: number | 'absent',
  ): Promise<'ok' | 'held'>;
  releaseDebtor(scope: LedgerScope, email: string, owner: string): Promise<void>;
}
