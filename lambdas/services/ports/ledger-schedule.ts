import type { LedgerScope } from '../../store/keys';

/** A ledger's own entries in the dispatcher's deadline index: its re-planning sweep and its daily digest. */
export interface LedgerSchedule {
  /** Puts the ledger on the dispatcher's periodic re-planning sweep, if it is not on it yet. */
  ensureLedgerSweep(scope: LedgerScope, atIso: string): Promise<void>;
  /**
   * Moves the ledger's sweep to `atIso`, from its first invoice: after a change that may move
   * every invoice's next step (the ladder, the sending hours). A sweep already running loses its
   * conditional hold and stops; its replans are conditional writes, so the overlap is harmless.
   */
  restartLedgerSweep(scope: LedgerScope, atIso: string): Promise<void>;
  scheduleDigest(scope: LedgerScope, atIso: string | undefined, ifDueSk?: string): Promise<'ok' | 'conflict'>;
}
