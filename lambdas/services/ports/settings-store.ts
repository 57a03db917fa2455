import type { LedgerScope } from '../../store/keys';
import type { SettingsRecord } from '../../store/records';

/** A ledger's settings: the one record the sidebar, the sync and the dispatcher all read. */
export interface SettingsStore {
  getSettings(scope: LedgerScope): Promise<SettingsRecord | undefined>;
  putSettings(scope: LedgerScope, record: SettingsRecord): Promise<void>;
}
