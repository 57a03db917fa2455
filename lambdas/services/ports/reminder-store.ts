import type { ReminderState } from '../../../shared/api/contract';
import type { InvoiceScope } from '../../store/keys';
import type { ReminderRecord } from '../../store/records';

/** Each invoice's reminders: the steps of its ladder, planned, sent, skipped or moved. */
export interface ReminderStore {
  reminders(scope: InvoiceScope): Promise<ReminderRecord[]>;
  /**
   * Conditional on the reminder's current state (or its absence), and on its updatedAt when
   * given, so a write from a stale read cannot undo someone else's change; 'conflict' if it moved.
   */
  putReminder(record: ReminderRecord, expected: readonly ReminderState[] | 'absent', ifUpdatedAt?: string): Promise<'ok' | 'conflict'>;
  /** One reminder, read consistently. */
  getReminder(scope: InvoiceScope, stepId: string): Promise<ReminderRecord | undefined>;
}
