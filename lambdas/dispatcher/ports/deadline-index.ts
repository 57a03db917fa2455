import type { LedgerScope } from '../../store/keys';
import type { ReminderRecord } from '../../store/records';

export type DeadlineFamily = 'DUE' | 'LEASE' | 'UNKNOWN' | 'FOLLOWUP';

/** An item in the deadline index that is not a reminder we can read: kept out of every run's way. */
export interface UnreadableItem {
  pk: string;
  sk: string;
  reason: string;
}

/** The dispatcher's queue: what falls due when, spread over `shards` index partitions. */
export interface DeadlineIndex {
  readonly shards: number;
  /**
   * Reminders of one deadline family whose deadline is at or before `untilIso`, all pages. An
   * item that fails its schema is returned apart (in `unreadable`), so one bad item cannot stop
   * the run that reads it.
   */
  deadlines(family: DeadlineFamily, shard: number, untilIso: string, unreadable?: UnreadableItem[]): Promise<ReminderRecord[]>;
  /** Takes an unreadable item out of the index, keeping it (and why) for a person. */
  quarantine(item: UnreadableItem, atIso: string): Promise<void>;
  digestsDue(shard: number, untilIso: string): Promise<{ tenant: string; ledgerId: string; dueSk: string }[]>;
  sweepsDue(shard: number, untilIso: string): Promise<{ tenant: string; ledgerId: string; dueSk: string; cursor?: string }[]>;
  rescheduleLedgerSweep(scope: LedgerScope, atIso: string, ifDueSk: string, cursor: string | undefined): Promise<'ok' | 'conflict'>;
  /** A ledger's reminders due by `untilIso`: what the daily digest lists. */
  upcoming(scope: LedgerScope, untilIso: string): Promise<ReminderRecord[]>;
}
