import type { AuditStore } from '../../services/ports/audit-store';
import type { InvoiceStore } from '../../services/ports/invoice-store';
import type { ReminderStore } from '../../services/ports/reminder-store';
import type { SendLog } from './send-log';

/** The stores a piece of work writes through, when its writes are to be made together. */
export interface GatheredStores {
  main: InvoiceStore & ReminderStore;
  audit: AuditStore;
  dispatch: SendLog;
}

/**
 * What became of work whose writes were gathered: all made at once (`done`), or none made,
 * because a condition no longer held (`refused`) or they would not fit in one request
 * (`too-many`). Either way the caller can do the work again, one write at a time.
 */
export type Together<T> = { outcome: 'done'; value: T } | { outcome: 'refused' | 'too-many' };

/**
 * Runs work against stores whose reads are real and whose writes are gathered, each taken to
 * succeed, then makes every write in one all-or-nothing request (DynamoDB's TransactWriteItems).
 * Work that reads what it wrote itself cannot be done this way: its reads would not see it.
 */
export interface WriteTogether {
  run<T>(work: (stores: GatheredStores) => Promise<T>): Promise<Together<T>>;
}
