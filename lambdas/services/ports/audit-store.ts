import type { AuditEventBody, ChainedEvent } from '../../audit/hash-chain';
import type { InvoiceScope, LedgerScope } from '../../store/keys';

/** The tamper-evident audit log: one hash chain per invoice, appended to, never rewritten. */
export interface AuditStore {
  /**
   * Appends at the head. An event's id guards only the append's own retry (a put whose answer
   * was lost is recognised, not written twice); whether the chain already holds an id from an
   * earlier run is the caller's to ask with `hasEvent` first, as the recovering paths do.
   */
  append(scope: InvoiceScope, body: AuditEventBody): Promise<ChainedEvent>;
  /** Whether the chain holds an event with this id (for work a crashed run may have done). */
  hasEvent(scope: InvoiceScope, id: string): Promise<boolean>;
  /** Newest first, `limit` events, starting below `beforeSeq` when paging. */
  page(scope: InvoiceScope, limit: number, beforeSeq?: number): Promise<{ events: ChainedEvent[]; nextBeforeSeq?: number }>;
  /** One invoice's whole chain, oldest first, read by its own key. */
  chain(scope: InvoiceScope): Promise<ChainedEvent[]>;
  /** The chain as `chain` reads it, and the seqs of its events missing from the ledger index. */
  chainForAudit(scope: InvoiceScope): Promise<{ events: ChainedEvent[]; unindexed: number[] }>;
  /** Every chain of a ledger, each oldest first, invoices in key order. */
  ledger(scope: LedgerScope): Promise<ChainedEvent[]>;
}
