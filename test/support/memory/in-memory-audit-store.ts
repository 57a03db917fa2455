/* eslint-disable @typescript-eslint/require-await -- the ports are async because DynamoDB is; memory answers at once */
import { type AuditEventBody, type ChainedEvent, GENESIS_HASH, hashEvent } from '../../../lambdas/audit/hash-chain';
import type { AuditStore } from '../../../lambdas/services/ports/audit-store';
import { type InvoiceScope, keys, type LedgerScope } from '../../../lambdas/store/keys';

/**
 * The audit log's port in memory: one hash chain per invoice, linked and hashed by the same
 * `hashEvent` as the DynamoDB adapter, pages newest first. Appends here never race and never
 * lose their answer, so there is no retry to model, and (as on DynamoDB) an id already in the
 * chain is found with `hasEvent`, not by appending it again.
 */
export class InMemoryAuditStore implements AuditStore {
  private readonly chains = new Map<string, ChainedEvent[]>();

  async append(scope: InvoiceScope, body: AuditEventBody): Promise<ChainedEvent> {
    const pk = keys.auditChain(scope);
    const chain = this.chains.get(pk) ?? [];
    const head = chain[chain.length - 1];
    const event: ChainedEvent = {
      ...scope,
      ...structuredClone(body),
      seq: (head?.seq ?? 0) + 1,
      prevHash: head?.hash ?? GENESIS_HASH,
      hash: '',
    };
    event.hash = hashEvent(event);
    this.chains.set(pk, [...chain, event]);
    return structuredClone(event);
  }

  async hasEvent(scope: InvoiceScope, id: string): Promise<boolean> {
    return (this.chains.get(keys.auditChain(scope)) ?? []).some((e) => e.id === id);
  }

  async page(scope: InvoiceScope, limit: number, beforeSeq?: number): Promise<{ events: ChainedEvent[]; nextBeforeSeq?: number }> {
    const newestFirst = [...(this.chains.get(keys.auditChain(scope)) ?? [])].reverse();
    const events = newestFirst.filter((e) => beforeSeq === undefined || e.seq < beforeSeq).slice(0, limit);
    const last = events[events.length - 1];
    // As DynamoDB: a page that filled its limit says more may follow, unless it reached seq 1.
    return { events: structuredClone(events), ...(events.length === limit && last && last.seq > 1 && { nextBeforeSeq: last.seq }) };
  }

  async chain(scope: InvoiceScope): Promise<ChainedEvent[]> {
    return structuredClone(this.chains.get(keys.auditChain(scope)) ?? []);
  }

  async chainForAudit(scope: InvoiceScope): Promise<{ events: ChainedEvent[]; unindexed: number[] }> {
    return { events: await this.chain(scope), unindexed: [] };
  }

  async ledger(scope: LedgerScope): Promise<ChainedEvent[]> {
    const prefix = `${keys.ledger(scope)}#I#`;
    // In the ledger index's order, whose sort key is the encoded invoice number, '#', then the seq.
    const sortKey = (e: ChainedEvent) => keys.auditLedgerSort(e.invoiceNumber, e.seq);
    return [...this.chains.entries()]
      .filter(([pk]) => pk.startsWith(prefix))
      .flatMap(([, events]) => structuredClone(events))
      .sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
  }
}
