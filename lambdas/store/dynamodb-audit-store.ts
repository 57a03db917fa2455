import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type AuditEventBody, type ChainedEvent, GENESIS_HASH, hashEvent } from '../audit/hash-chain';
import { type InvoiceScope, keys, type LedgerScope } from './keys';
import { queryAll } from './paged-reads';
import type { AuditStore } from '../services/ports/audit-store';

/** Appends that lose the race for a seq retry; 50 writers on one chain settle well within this. */
const MAX_APPEND_ATTEMPTS = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function toEvent(item: Record<string, unknown>): ChainedEvent {
  return {
    ...(typeof item.id === 'string' && { id: item.id }),
    tenant: item.tenant as string,
    ledgerId: item.ledgerId as string,
    invoiceNumber: item.invoiceNumber as string,
    seq: item.seq as number,
    prevHash: item.prevHash as string,
    hash: item.hash as string,
    type: item.type as string,
    at: item.at as string,
    actor: item.actor ?? {},
    source: item.source as ChainedEvent['source'],
    data: (item.data ?? {}) as Record<string, unknown>,
  };
}

/**
 * The audit table: one append-only hash chain per invoice. An append reads the chain head and
 * writes seq + 1 on condition that no event holds that seq yet; of two concurrent appends one
 * wins, the other reads the new head and links to it. So the chain never forks and no event is
 * lost, using only Query and PutItem (the role has no UpdateItem or DeleteItem here).
 */
export class DynamoDbAuditStore implements AuditStore {
  /**
   * The heads this process last wrote, per chain. The next append to a chain tries them first and
   * saves the head Query; the write is still conditional, so a head someone else has moved on
   * from simply fails and the append reads the real one. A cache, never a source of truth.
   */
  private readonly heads = new Map<string, { seq: number; hash: string }>();

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private async head(pk: string): Promise<{ seq: number; hash: string }> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const item = result.Items?.[0];
    return item ? { seq: item.seq as number, hash: item.hash as string } : { seq: 0, hash: GENESIS_HASH };
  }

  async append(scope: InvoiceScope, body: AuditEventBody): Promise<ChainedEvent> {
    const pk = keys.auditChain(scope);
    // Beside the event, outside its hash: tells this append's own write from another's, for
    // every event, with an id of its writer's or not.
    const writeToken = randomUUID();
    for (let attempt = 1; attempt <= MAX_APPEND_ATTEMPTS; attempt += 1) {
      const cached = attempt === 1 ? this.heads.get(pk) : undefined;
      const head = cached ?? (await this.head(pk));
      const event: ChainedEvent = { ...scope, ...body, seq: head.seq + 1, prevHash: head.hash, hash: '' };
      event.hash = hashEvent(event);
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { pk, lk: keys.ledger(scope), lsk: keys.auditLedgerSort(scope.invoiceNumber, event.seq), ...event, writeToken },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        if (this.heads.size > 10_000) this.heads.clear();
        this.heads.set(pk, { seq: event.seq, hash: event.hash });
        return event;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        this.heads.delete(pk);
        // The SDK retries a put whose answer was lost (a reset, a timeout); the retry fails here
        // on our own event, which must not be written a second time at the next seq. An event
        // with its writer's id is recognised by it too, when an earlier call wrote it.
        const there = await this.writerAt(pk, event.seq);
        if (there.writeToken === writeToken || (body.id !== undefined && there.id === body.id)) return event;
        if (cached) continue; // a stale cached head: read the real one at once, no back-off
        // Lost the race for this seq: back off a little, with jitter so the losers spread out.
        await sleep(Math.random() * Math.min(50, 2 * attempt));
      }
    }
    throw new Error(`audit append to ${pk} lost ${MAX_APPEND_ATTEMPTS} races in a row`);
  }

  /** Who wrote the event at `seq`: its append's token and its writer's id. */
  private async writerAt(pk: string, seq: number): Promise<{ writeToken?: unknown; id?: unknown }> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk, seq },
        ConsistentRead: true,
        ProjectionExpression: 'writeToken, #id',
        ExpressionAttributeNames: { '#id': 'id' },
      }),
    );
    return result.Item ?? {};
  }

  async hasEvent(scope: InvoiceScope, id: string): Promise<boolean> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      FilterExpression: '#id = :id',
      ProjectionExpression: 'seq',
      ExpressionAttributeNames: { '#id': 'id' },
      ExpressionAttributeValues: { ':pk': keys.auditChain(scope), ':id': id },
      ConsistentRead: true,
    });
    return items.length > 0;
  }

  async page(scope: InvoiceScope, limit: number, beforeSeq?: number): Promise<{ events: ChainedEvent[]; nextBeforeSeq?: number }> {
    const pk = keys.auditChain(scope);
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: beforeSeq === undefined ? 'pk = :pk' : 'pk = :pk AND seq < :before',
        ExpressionAttributeValues: beforeSeq === undefined ? { ':pk': pk } : { ':pk': pk, ':before': beforeSeq },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    const events = (result.Items ?? []).map(toEvent);
    const last = events[events.length - 1];
    return { events, ...(result.LastEvaluatedKey && last && last.seq > 1 && { nextBeforeSeq: last.seq }) };
  }

  async chain(scope: InvoiceScope): Promise<ChainedEvent[]> {
    return (await this.chainForAudit(scope)).events;
  }

  /**
   * An event is where it is stored: its tenant, ledger and invoice are those of the chain it was
   * read from, whatever its attributes say, so an event copied into another chain fails that
   * chain's hash check, named as that chain's event.
   */
  async chainForAudit(scope: InvoiceScope): Promise<{ events: ChainedEvent[]; unindexed: number[] }> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.auditChain(scope) },
      ConsistentRead: true,
    });
    const lk = keys.ledger(scope);
    const unindexed = items
      .filter((i) => i.lk !== lk || i.lsk !== keys.auditLedgerSort(scope.invoiceNumber, Number(i.seq)))
      .map((i) => Number(i.seq));
    return {
      events: items.map((item) => ({
        ...toEvent(item),
        tenant: scope.tenant,
        ledgerId: scope.ledgerId,
        invoiceNumber: scope.invoiceNumber,
      })),
      unindexed,
    };
  }

  async ledger(scope: LedgerScope): Promise<ChainedEvent[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: 'byLedger',
      KeyConditionExpression: 'lk = :lk',
      ExpressionAttributeValues: { ':lk': keys.ledger(scope) },
    });
    return items.map(toEvent);
  }
}
