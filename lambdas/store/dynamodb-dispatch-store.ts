import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DUE_SHARDS } from './dynamodb-main-store';
import { keys, type LedgerScope } from './keys';
import { batchGetAll, queryAll } from './paged-reads';
import {
  CustomerPauseRecord, DebtorLogRecord, InvoiceRecord, ReminderRecord, type ReputationRecord, SendBatchRecord, SuppressionRecord,
} from './records';

export type DeadlineFamily = 'DUE' | 'LEASE' | 'UNKNOWN';

export interface SendContext {
  invoices: Map<string, InvoiceRecord>;
  debtorLog?: DebtorLogRecord;
  suppression?: SuppressionRecord;
  customerPauses: Map<string, CustomerPauseRecord>;
}

export interface DailyStats {
  sends: number;
  bounces: number;
  complaints: number;
}

/**
 * What the dispatcher and the SES-events handler read and write besides invoices and reminders:
 * the deadline index, per-address send logs, suppressions, send batches and reputation counters.
 */
export class DynamoDbDispatchStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  readonly shards = DUE_SHARDS;

  /** Reminders of one deadline family whose deadline is at or before `untilIso`, all pages. */
  async deadlines(family: DeadlineFamily, shard: number, untilIso: string): Promise<ReminderRecord[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: 'due',
      KeyConditionExpression: 'duePk = :p AND dueSk <= :u',
      ExpressionAttributeValues: { ':p': `${family}#${shard}`, ':u': `${untilIso}#\uffff` },
    });
    return items.map((item) => ReminderRecord.parse(item));
  }

  /** Ledgers whose daily digest to the team is due. */
  async digestsDue(shard: number, untilIso: string): Promise<{ tenant: string; ledgerId: string; dueSk: string }[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: 'due',
      KeyConditionExpression: 'duePk = :p AND dueSk <= :u',
      ExpressionAttributeValues: { ':p': `DIGEST#${shard}`, ':u': `${untilIso}#\uffff` },
    });
    return items.map((i) => ({ tenant: i.tenant as string, ledgerId: i.ledgerId as string, dueSk: i.dueSk as string }));
  }

  /** A ledger's reminders waiting to go out by `untilIso`: one Query over the ledger's reminders. */
  async upcoming(scope: LedgerScope, untilIso: string): Promise<ReminderRecord[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :rem)',
      FilterExpression: '#state IN (:p, :a) AND sendAt <= :u',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':pk': keys.ledger(scope), ':rem': 'REM#', ':p': 'PENDING', ':a': 'AWAITING_APPROVAL', ':u': untilIso },
    });
    return items.map((item) => ReminderRecord.parse(item)).sort((x, y) => x.sendAt.localeCompare(y.sendAt));
  }

  /**
   * Everything a send decision needs about one debtor, in one BatchGet: the invoices (read after
   * the claim, so the decision sees the latest sync), the address's send log and suppression,
   * and the customers' pauses.
   */
  async sendContext(scope: LedgerScope, invoiceNumbers: readonly string[], email: string | undefined, customers: readonly string[]): Promise<SendContext> {
    const pk = keys.ledger(scope);
    const wanted = [
      ...invoiceNumbers.map((n) => ({ pk, sk: keys.invoiceSk(n) })),
      ...customers.map((c) => ({ pk, sk: keys.customerSk(c) })),
      ...(email ? [{ pk, sk: keys.debtorSk(email) }, { pk: keys.tenant(scope.tenant), sk: keys.suppressionSk(email) }] : []),
    ];
    const unique = [...new Map(wanted.map((k) => [`${k.pk}|${k.sk}`, k])).values()];
    const items = await batchGetAll(this.client, this.tableName, unique);
    const context: SendContext = { invoices: new Map(), customerPauses: new Map() };
    for (const item of items) {
      const sk = item.sk as string;
      if (sk.startsWith('INV#')) {
        const record = InvoiceRecord.parse(item);
        context.invoices.set(record.invoiceNumber, record);
      } else if (sk.startsWith('CUST#')) {
        const pause = CustomerPauseRecord.parse(item);
        context.customerPauses.set(pause.customer.toLowerCase(), pause);
      } else if (sk.startsWith('DEBTOR#')) context.debtorLog = DebtorLogRecord.parse(item);
      else if (sk.startsWith('SUPP#')) context.suppression = SuppressionRecord.parse(item);
    }
    return context;
  }

  /** Appends send instants to an address's log, conditional on the version read; keeps the last 50. */
  async recordSend(scope: LedgerScope, email: string, before: DebtorLogRecord | undefined, sentAtMs: number): Promise<'ok' | 'conflict'> {
    const next: DebtorLogRecord = { sentAt: [...(before?.sentAt ?? []), sentAtMs].slice(-50), version: (before?.version ?? 0) + 1 };
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: keys.ledger(scope), sk: keys.debtorSk(email), kind: 'debtor-log', ...next },
          ConditionExpression: before ? 'version = :v' : 'attribute_not_exists(pk)',
          ...(before && { ExpressionAttributeValues: { ':v': before.version } }),
        }),
      );
      return 'ok';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'conflict';
      throw error;
    }
  }

  async getDebtorLog(scope: LedgerScope, email: string): Promise<DebtorLogRecord | undefined> {
    const result = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: keys.ledger(scope), sk: keys.debtorSk(email) }, ConsistentRead: true }));
    return result.Item ? DebtorLogRecord.parse(result.Item) : undefined;
  }

  async putSuppression(tenant: string, record: SuppressionRecord): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { pk: keys.tenant(tenant), sk: keys.suppressionSk(record.email), kind: 'suppression', ...record } }));
  }

  async putBatch(record: SendBatchRecord, expiresAtS: number): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { pk: keys.tenant(record.tenant), sk: keys.batchSk(record.batchId), kind: 'send-batch', ...record, expiresAt: expiresAtS } }));
  }

  async getBatch(tenant: string, batchId: string): Promise<SendBatchRecord | undefined> {
    const result = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: keys.tenant(tenant), sk: keys.batchSk(batchId) } }));
    return result.Item ? SendBatchRecord.parse(result.Item) : undefined;
  }

  /** Atomic counters per tenant per day; the rolling reputation window adds them up. */
  async addStats(tenant: string, day: string, add: Partial<DailyStats>): Promise<void> {
    const fields = Object.entries(add).filter(([, n]) => n);
    if (fields.length === 0) return;
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: keys.tenant(tenant), sk: keys.statsSk(day) },
        UpdateExpression: `ADD ${fields.map(([name]) => `#${name} :${name}`).join(', ')} SET expiresAt = if_not_exists(expiresAt, :exp)`,
        ExpressionAttributeNames: Object.fromEntries(fields.map(([name]) => [`#${name}`, name])),
        ExpressionAttributeValues: { ...Object.fromEntries(fields.map(([name, n]) => [`:${name}`, n])), ':exp': Math.floor(Date.parse(day) / 1000) + 90 * 86400 },
      }),
    );
  }

  async stats(tenant: string, days: readonly string[]): Promise<DailyStats> {
    const items = await batchGetAll(this.client, this.tableName, days.map((d) => ({ pk: keys.tenant(tenant), sk: keys.statsSk(d) })));
    return items.reduce<DailyStats>(
      (sum, item) => ({ sends: sum.sends + Number(item.sends ?? 0), bounces: sum.bounces + Number(item.bounces ?? 0), complaints: sum.complaints + Number(item.complaints ?? 0) }),
      { sends: 0, bounces: 0, complaints: 0 },
    );
  }

  async putReputation(tenant: string, record: ReputationRecord): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { pk: keys.tenant(tenant), sk: keys.reputationSk(), kind: 'reputation', ...record } }));
  }
}
