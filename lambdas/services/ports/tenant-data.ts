import type { ChainedEvent } from '../../audit/hash-chain';

/** A main-table item as stored: its keys and whatever else it holds. */
export type StoredItem = Record<string, unknown> & { pk: string; sk: string };

/**
 * Everything one team has in the tables, for its export and its deletion on request: the
 * operator's work (with the tables' credentials), read by a full scan, so no ledger is missed
 * however it was made. Not on any request's path.
 */
export interface TenantData {
  /** The team's main-table items: its partitions, and the entries outside them that name it. */
  mainItems(tenantId: string): Promise<StoredItem[]>;
  /** Every audit event of the team's chains, as stored. */
  auditEvents(tenantId: string): Promise<(ChainedEvent & { pk: string; expiresAt?: number })[]>;
  /** Deletes main-table items by their keys. */
  deleteMainItems(keys: readonly { pk: string; sk: string }[]): Promise<void>;
  /**
   * Lets audit events expire at `expiresAtS` (DynamoDB's TTL): a field beside the event, outside
   * its hash, so the chain still verifies until then. Never sooner than an expiry already set.
   */
  expireAuditEvents(keys: readonly { pk: string; seq: number }[], expiresAtS: number): Promise<void>;
  /** A record that the team was deleted, when, and until when its audit events are kept: outside every tenant. */
  putDeletionRecord(record: DeletionRecord): Promise<void>;
}

export interface DeletionRecord {
  tenantId: string;
  name?: string;
  deletedAt: string;
  requestedBy: string;
  mainItemsDeleted: number;
  auditEventsKept: number;
  auditKeptUntil: string;
  /** Replies' stored messages deleted with the team (absent: the deletion had no access to where they are kept). */
  repliesDeleted?: number;
}
