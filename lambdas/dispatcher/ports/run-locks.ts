import type { LedgerScope } from '../../store/keys';

/** Leases that keep two dispatchers apart: the whole run, and each debtor while its email is made. */
export interface RunLocks {
  takeRunLock(
    owner: string,
    nowIso: string,
    leaseUntilIso: string,
  ): Promise<{ taken: true } | { taken: false; heldBy: string; until: string }>;
  releaseRunLock(owner: string): Promise<void>;
  leaseDebtor(scope: LedgerScope, email: string, owner: string, nowMs: number, untilMs: number): Promise<'ok' | 'held'>;
  releaseDebtor(scope: LedgerScope, email: string, owner: string): Promise<void>;
}
