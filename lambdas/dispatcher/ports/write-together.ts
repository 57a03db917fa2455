import type { AuditStore } from '../../services/ports/audit-store';
import type { MainStore } from '../../services/ports/main-store';
import type { InvoiceScope, LedgerScope } from '../../store/keys';
import type { DispatchStore } from './dispatch-store';

/**
 * Conditions on what the work decided from, written with its writes: they are made only if
 * these are still as they were read (an invoice at its version, a hold or a suppression there
 * or not). A read made a while before then decides as safely as one made just before.
 */
export interface AsRead {
  invoice(scope: InvoiceScope, version: number | undefined): void;
  customerHold(scope: LedgerScope, customer: string, held: boolean): void;
  suppression(tenant: string, email: string, suppressed: boolean): void;
}

/** The stores a piece of work writes through, when its writes are to be made together. */
export interface GatheredStores {
  main: MainStore;
  audit: AuditStore;
  dispatch: DispatchStore;
  asRead: AsRead;
}

/**
 * What became of work whose writes were gathered: all made at once (`done`), or none made,
 * because a condition no longer held (`refused`) or they would not fit in one request
 * (`too-many`): the caller can do the work again, one write at a time. Or `unknown`: the
 * request's answer never came (every retry lost), so they were all made or none; the caller
 * finds out which from what it wrote.
 */
export type Together<T> =
  { outcome: 'done'; value: T } | { outcome: 'refused' | 'too-many' } | { outcome: 'unknown'; value: T; error: unknown };

/**
 * Runs work against stores whose reads are real and whose writes are gathered, each taken to
 * succeed, then makes every write in one all-or-nothing request (DynamoDB's TransactWriteItems).
 * Work that reads what it wrote itself cannot be done this way: its reads would not see it.
 */
export interface WriteTogether {
  run<T>(work: (stores: GatheredStores) => Promise<T>): Promise<Together<T>>;
}
