import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ReminderState } from '../../shared/api/contract';
import { randomUUID } from 'node:crypto';
import type { IdempotencyBegin } from '../services/ports/idempotency-store';
import type { InvoicePage } from '../services/ports/invoice-store';
import type { MainStore } from '../services/ports/main-store';
import { ServiceError } from '../services/service-deps';
import { type InvoiceScope, keys, type LedgerScope } from './keys';
import { batchGetAll, queryAll } from './paged-reads';
import {
  CustomerHoldRecord,
  InvoiceRecord,
  LetterRecord,
  ReminderRecord,
  ReputationRecord,
  SettingsRecord,
  SuppressionRecord,
} from './records';

/** Pending reminders are spread over this many index partitions so no one partition runs hot. */
export const DUE_SHARDS = 8;

export function dueShard(pk: string, sk: string): number {
  let h = 0x811c9dc5;
  for (const ch of pk + sk) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h % DUE_SHARDS;
}

/**
 * The sparse `due` index holds every reminder with a deadline, one partition family per kind:
 * PENDING by send time (to send), SENDING by lease expiry (a dispatcher that died), UNKNOWN by
 * review time (an unconfirmed send to hand to a person), and an outcome whose follow-up (audit,
 * contact-cap record, next step) is not done yet by when to finish it. Other states are not in it.
 */
function deadlineIndex(record: ReminderRecord, pk: string, sk: string): { duePk?: string; dueSk?: string } {
  const shard = dueShard(pk, sk);
  const at =
    record.state === 'PENDING'
      ? record.sendAt
      : record.state === 'SENDING'
        ? record.leaseUntil
        : record.state === 'UNKNOWN'
          ? record.reviewAt
          : record.followUpAt;
  const family =
    record.state === 'PENDING' ? 'DUE' : record.state === 'SENDING' ? 'LEASE' : record.state === 'UNKNOWN' ? 'UNKNOWN' : 'FOLLOWUP';
  return at ? { duePk: `${family}#${shard}`, dueSk: `${at}#${pk}#${sk}` } : {};
}

/** A ledger's sweep schedule: in the `due` index under SWEEP#, with where a cut-short sweep got to. */
export function ledgerSweepItem(scope: LedgerScope, atIso: string, cursor?: string): Record<string, unknown> {
  const pk = keys.ledger(scope);
  const sk = keys.sweepSk();
  return {
    pk,
    sk,
    kind: 'ledger-sweep',
    ...scope,
    duePk: `SWEEP#${dueShard(pk, sk)}`,
    dueSk: `${atIso}#${pk}#${sk}`,
    ...(cursor !== undefined && { cursor }),
  };
}

/** How long a letter's PDF stays emailable; its hash stays on the audit trail for good. */
export const LETTER_KEEP_DAYS = 30;

/** A retried request is answered from its first result for a day; after that it is new. */
const IDEMPOTENCY_TTL_S = 24 * 3600;
/** A request that crashed mid-way holds its id this long before a retry may take it over. */
const IDEMPOTENCY_LOCK_MS = 60_000;

function isConditionFailure(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException;
}

export class DynamoDbMainStore implements MainStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getInvoices(scope: LedgerScope, invoiceNumbers: readonly string[]): Promise<Map<string, InvoiceRecord>> {
    const pk = keys.ledger(scope);
    const items = await batchGetAll(
      this.client,
      this.tableName,
      invoiceNumbers.map((n) => ({ pk, sk: keys.invoiceSk(n) })),
    );
    return new Map(items.map((item) => InvoiceRecord.parse(item)).map((record) => [record.invoiceNumber, record]));
  }

  async getInvoice(scope: InvoiceScope): Promise<InvoiceRecord | undefined> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: keys.ledger(scope), sk: keys.invoiceSk(scope.invoiceNumber) },
        ConsistentRead: true,
      }),
    );
    return result.Item ? InvoiceRecord.parse(result.Item) : undefined;
  }

  async putInvoice(record: InvoiceRecord, expectedVersion: number | undefined): Promise<'ok' | 'conflict'> {
    const token = randomUUID();
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: keys.ledger(record),
            sk: keys.invoiceSk(record.invoiceNumber),
            kind: 'invoice',
            customerKey: record.snapshot.customer.toLowerCase(),
            ...record,
            writeToken: token,
          },
          ConditionExpression: expectedVersion === undefined ? 'attribute_not_exists(pk)' : 'version = :v',
          ...(expectedVersion !== undefined && { ExpressionAttributeValues: { ':v': expectedVersion } }),
        }),
      );
      return 'ok';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return (await this.wroteIt(keys.ledger(record), keys.invoiceSk(record.invoiceNumber), token)) ? 'ok' : 'conflict';
    }
  }

  async customerInvoices(scope: LedgerScope, customer: string): Promise<InvoiceRecord[]> {
    // A Query over the ledger's invoices with a filter: bounded by one ledger, never a Scan.
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :inv)',
      FilterExpression: 'customerKey = :c',
      ExpressionAttributeValues: { ':pk': keys.ledger(scope), ':inv': 'INV#', ':c': customer.toLowerCase() },
    });
    return items.map((item) => InvoiceRecord.parse(item));
  }

  async getSettings(scope: LedgerScope): Promise<SettingsRecord | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: keys.ledger(scope), sk: keys.settingsSk() } }),
    );
    if (!result.Item) return undefined;
    const parsed = SettingsRecord.safeParse(result.Item);
    if (parsed.success) return parsed.data;
    // Saved by an older version or edited by hand: say which field, and how to mend it, not a 500.
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.filter((p) => p !== 'settings').join('.')}: ${issue.message}` : 'unknown field';
    throw new ServiceError('conflict', `This ledger's saved settings cannot be used (${where}). Open Settings, correct it and save.`);
  }

  async putSettings(scope: LedgerScope, record: SettingsRecord): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { pk: keys.ledger(scope), sk: keys.settingsSk(), kind: 'settings', ...record } }),
    );
  }

  async getCustomerHold(scope: LedgerScope, customer: string): Promise<CustomerHoldRecord | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: keys.ledger(scope), sk: keys.customerSk(customer) }, ConsistentRead: true }),
    );
    return result.Item ? CustomerHoldRecord.parse(result.Item) : undefined;
  }

  async customerHolds(scope: LedgerScope): Promise<CustomerHoldRecord[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :cust)',
      ExpressionAttributeValues: { ':pk': keys.ledger(scope), ':cust': 'CUST#' },
      ConsistentRead: true,
    });
    return items.map((item) => CustomerHoldRecord.parse(item));
  }

  async putCustomerHold(record: CustomerHoldRecord): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: keys.ledger(record), sk: keys.customerSk(record.customer), kind: 'customer-hold', ...record },
      }),
    );
  }

  async deleteCustomerHold(scope: LedgerScope, customer: string): Promise<void> {
    await this.client.send(
      new DeleteCommand({ TableName: this.tableName, Key: { pk: keys.ledger(scope), sk: keys.customerSk(customer) } }),
    );
  }

  async reminders(scope: InvoiceScope): Promise<ReminderRecord[]> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :rem)',
        ExpressionAttributeValues: { ':pk': keys.ledger(scope), ':rem': keys.remindersOfInvoicePrefix(scope.invoiceNumber) },
        ConsistentRead: true,
      }),
    );
    return (result.Items ?? []).map((item) => ReminderRecord.parse(item));
  }

  async invoicePage(scope: LedgerScope, limit: number, after?: string): Promise<InvoicePage> {
    const pk = keys.ledger(scope);
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :inv)',
        ExpressionAttributeValues: { ':pk': pk, ':inv': 'INV#' },
        Limit: limit,
        ...(after !== undefined && { ExclusiveStartKey: { pk, sk: keys.invoiceSk(after) } }),
      }),
    );
    const records = (page.Items ?? []).map((item) => InvoiceRecord.parse(item));
    if (records.length === 0) return { records, reminders: [] };
    // The page's reminders in one ranged Query rather than one per invoice. Reminder keys sort
    // by the encoded invoice number, but "REM#A#step" sorts after "REM#A!1#step", so the upper
    // bound is the largest of the page's own bounds, not the last invoice's.
    const lower = keys.remindersOfInvoicePrefix(records[0]?.invoiceNumber ?? '').slice(0, -1);
    const upper = records.map((r) => `${keys.remindersOfInvoicePrefix(r.invoiceNumber)}\uffff`).reduce((a, b) => (b > a ? b : a));
    const inPage = new Set(records.map((r) => r.invoiceNumber));
    const reminders = (
      await queryAll(this.client, {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lo AND :hi',
        ExpressionAttributeValues: { ':pk': pk, ':lo': lower, ':hi': upper },
      })
    )
      .map((item) => ReminderRecord.parse(item))
      .filter((r) => inPage.has(r.invoiceNumber));
    const last = records[records.length - 1];
    return { records, reminders, ...(page.LastEvaluatedKey && last && { next: last.invoiceNumber }) };
  }

  async suppressions(tenant: string, emails: readonly string[]): Promise<Map<string, SuppressionRecord>> {
    const unique = [...new Set(emails.map((e) => e.toLowerCase()))];
    const items = await batchGetAll(
      this.client,
      this.tableName,
      unique.map((email) => ({ pk: keys.tenant(tenant), sk: keys.suppressionSk(email) })),
    );
    return new Map(items.map((item) => SuppressionRecord.parse(item)).map((record) => [record.email.toLowerCase(), record]));
  }

  async putReminder(
    record: ReminderRecord,
    expected: readonly ReminderState[] | 'absent',
    ifUpdatedAt?: string,
  ): Promise<'ok' | 'conflict'> {
    const pk = keys.ledger(record);
    const sk = keys.reminderSk(record.invoiceNumber, record.stepId);
    const due = deadlineIndex(record, pk, sk);
    const condition =
      expected === 'absent'
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : {
            ConditionExpression: `#state IN (${expected.map((_, i) => `:s${i}`).join(', ')})${ifUpdatedAt ? ' AND updatedAt = :u' : ''}`,
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: {
              ...Object.fromEntries(expected.map((s, i) => [`:s${i}`, s])),
              ...(ifUpdatedAt && { ':u': ifUpdatedAt }),
            },
          };
    const token = randomUUID();
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk, sk, kind: 'reminder', ...record, ...due, writeToken: token },
          ...condition,
        }),
      );
      return 'ok';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return (await this.wroteIt(pk, sk, token)) ? 'ok' : 'conflict';
    }
  }

  /**
   * Whether a conditional write that failed its condition was in fact ours: the SDK retries a
   * write whose answer was lost, and the retry then fails the condition the first attempt met.
   * Each write carries a fresh token, so only the writer itself can recognise it.
   */
  private async wroteIt(pk: string, sk: string, token: string): Promise<boolean> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk, sk }, ProjectionExpression: 'writeToken', ConsistentRead: true }),
    );
    return result.Item?.writeToken === token;
  }

  async getReminder(scope: InvoiceScope, stepId: string): Promise<ReminderRecord | undefined> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: keys.ledger(scope), sk: keys.reminderSk(scope.invoiceNumber, stepId) },
        ConsistentRead: true,
      }),
    );
    return result.Item ? ReminderRecord.parse(result.Item) : undefined;
  }

  async putLetter(record: LetterRecord): Promise<void> {
    const expiresAt = Math.floor(Date.parse(record.createdAt) / 1000) + LETTER_KEEP_DAYS * 86400;
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: keys.ledger(record), sk: keys.letterSk(record.invoiceNumber, record.sha256), kind: 'letter', ...record, expiresAt },
      }),
    );
  }

  async getLetter(scope: InvoiceScope, sha256: string): Promise<LetterRecord | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: keys.ledger(scope), sk: keys.letterSk(scope.invoiceNumber, sha256) } }),
    );
    return result.Item ? LetterRecord.parse(result.Item) : undefined;
  }

  async countDaily(tenant: string, what: string, day: string, limit: number): Promise<'ok' | 'over'> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: keys.tenant(tenant), sk: `COUNT#${encodeURIComponent(what)}#${day}` },
          UpdateExpression: 'ADD uses :one SET expiresAt = if_not_exists(expiresAt, :exp), kind = :k',
          ConditionExpression: 'attribute_not_exists(uses) OR uses < :limit',
          ExpressionAttributeValues: {
            ':one': 1,
            ':limit': limit,
            ':exp': Math.floor(Date.parse(day) / 1000) + 2 * 86400,
            ':k': 'daily-count',
          },
        }),
      );
      return 'ok';
    } catch (error) {
      if (isConditionFailure(error)) return 'over';
      throw error;
    }
  }

  async trackedInvoices(scope: LedgerScope): Promise<number> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: keys.ledger(scope), sk: 'COUNTS' }, ConsistentRead: true }),
    );
    return typeof Item?.invoices === 'number' ? Item.invoices : 0;
  }

  async countTracked(scope: LedgerScope, added: number): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: keys.ledger(scope), sk: 'COUNTS' },
        UpdateExpression: 'ADD invoices :n',
        ExpressionAttributeValues: { ':n': added },
      }),
    );
  }

  async ensureLedgerSweep(scope: LedgerScope, atIso: string): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: ledgerSweepItem(scope, atIso),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async restartLedgerSweep(scope: LedgerScope, atIso: string): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: ledgerSweepItem(scope, atIso) }));
  }

  /** Sets (or clears) when a ledger's next digest is due; conditional on the schedule read, so one run takes a day's digest. */
  async scheduleDigest(scope: LedgerScope, atIso: string | undefined, ifDueSk?: string): Promise<'ok' | 'conflict'> {
    const pk = keys.ledger(scope);
    const sk = keys.digestSk();
    if (!atIso) {
      await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { pk, sk } }));
      return 'ok';
    }
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk, sk, kind: 'digest', ...scope, duePk: `DIGEST#${dueShard(pk, sk)}`, dueSk: `${atIso}#${pk}#${sk}` },
          ...(ifDueSk && { ConditionExpression: 'dueSk = :d', ExpressionAttributeValues: { ':d': ifDueSk } }),
        }),
      );
      return 'ok';
    } catch (error) {
      if (isConditionFailure(error)) return 'conflict';
      throw error;
    }
  }

  async getReputation(tenant: string): Promise<ReputationRecord | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: keys.tenant(tenant), sk: keys.reputationSk() } }),
    );
    return result.Item ? ReputationRecord.parse(result.Item) : undefined;
  }

  async beginRequest(tenant: string, requestId: string, fingerprint: string, nowMs: number): Promise<IdempotencyBegin> {
    const key = { pk: keys.tenant(tenant), sk: keys.requestSk(requestId) };
    const token = randomUUID();
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...key,
            kind: 'request',
            status: 'IN_PROGRESS',
            fingerprint,
            lockedUntil: nowMs + IDEMPOTENCY_LOCK_MS,
            expiresAt: Math.floor(nowMs / 1000) + IDEMPOTENCY_TTL_S,
            writeToken: token,
          },
          // New; expired (TTL deletes only eventually, so an expired record counts as absent); or a
          // crashed attempt whose lock has lapsed.
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :nowS OR (#status = :inProgress AND lockedUntil < :now)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':inProgress': 'IN_PROGRESS', ':now': nowMs, ':nowS': Math.floor(nowMs / 1000) },
        }),
      );
      return { kind: 'new' };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const existing = (await this.client.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }))).Item;
    if (!existing) return { kind: 'in_progress' };
    // Our own put, whose answer was lost and whose SDK retry then failed the condition.
    if (existing.writeToken === token) return { kind: 'new' };
    if (existing.fingerprint !== fingerprint) return { kind: 'mismatch' };
    if (existing.status === 'DONE')
      return { kind: 'done', status: existing.responseStatus as number, body: existing.responseBody as string };
    return { kind: 'in_progress' };
  }

  async finishRequest(tenant: string, requestId: string, fingerprint: string, status: number, body: string, nowMs: number): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: keys.tenant(tenant),
          sk: keys.requestSk(requestId),
          kind: 'request',
          status: 'DONE',
          fingerprint,
          responseStatus: status,
          responseBody: body,
          expiresAt: Math.floor(nowMs / 1000) + IDEMPOTENCY_TTL_S,
        },
      }),
    );
  }

  async abandonRequest(tenant: string, requestId: string): Promise<void> {
    await this.client.send(
      new DeleteCommand({ TableName: this.tableName, Key: { pk: keys.tenant(tenant), sk: keys.requestSk(requestId) } }),
    );
  }
}
