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
  leaseDebtor(scope: LedgerScope, email: string, owner: string, nowMs: number, untilMs: number): Promise<'ok' | 'held'>;
  releaseDebtor(scope: LedgerScope, email: string, owner: string): Promise<void>;
}
