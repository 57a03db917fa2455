import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type * as z from 'zod';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DUE_SHARDS, ledgerSweepItem } from './dynamodb-main-store';
import { keys, type LedgerScope } from './keys';
import { batchGetAll, queryAll } from './paged-reads';
import type { DeadlineFamily, UnreadableItem } from '../dispatcher/ports/deadline-index';
import type { DispatchStore } from '../dispatcher/ports/dispatch-store';
import type { DebtorsContext, SendContext } from '../dispatcher/ports/send-log';
import type { DailyStats } from '../dispatcher/ports/sender-health';
import {
  CustomerHoldRecord,
  DebtorLogRecord,
  InvoiceRecord,
  ReminderRecord,
  type ReputationRecord,
  SendBatchRecord,
  SuppressionRecord,
} from './records';

/** "snapshot.balance.minor: is more than ...": the first problem of a stored item, for people. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || 'the item'}: ${issue.message}` : 'it does not match what is expected';
}

/**
 * What the dispatcher and the SES-events handler read and write besides invoices and reminders:
 * the deadline index, per-address send logs, suppressions, send batches and reputation counters.
 */
export class DynamoDbDispatchStore implements DispatchStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  readonly shards = DUE_SHARDS;

  /**
   * Reminders of one deadline family whose deadline is at or before `untilIso`, all pages. An item
   * that fails its schema (edited by hand, written by an older version) is returned apart, so one
   * bad item cannot stop the run that reads it.
   */
  async deadlines(family: DeadlineFamily, shard: number, untilIso: string): Promise<ReminderRecord[]>;
  async deadlines(family: DeadlineFamily, shard: number, untilIso: string, unreadable: UnreadableItem[]): Promise<ReminderRecord[]>;
  async deadlines(family: DeadlineFamily, shard: number, untilIso: string, unreadable?: UnreadableItem[]): Promise<ReminderRecord[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: 'due',
      KeyConditionExpression: 'duePk = :p AND dueSk <= :u',
      ExpressionAttributeValues: { ':p': `${family}#${shard}`, ':u': `${untilIso}#\uffff` },
    });
    const records: ReminderRecord[] = [];
    for (const item of items) {
      const parsed = ReminderRecord.safeParse(item);
      if (parsed.success) records.push(parsed.data);
      else if (unreadable) unreadable.push({ pk: String(item.pk), sk: String(item.sk), reason: firstIssue(parsed.error) });
      else throw parsed.error;
    }
    return records;
  }

  /**
   * Takes an unreadable item out of the deadline index and marks it FAILED with the reason, as
   * raw attributes (it cannot be parsed, so it cannot be rewritten as a record). Conditional on it
   * still being in the index, so a fix made meanwhile is not overwritten.
   */
  async quarantine(item: UnreadableItem, atIso: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: item.pk, sk: item.sk },
          UpdateExpression: 'SET #state = :failed, #reason = :reason, updatedAt = :at REMOVE duePk, dueSk',
          ConditionExpression: 'attribute_exists(duePk)',
          ExpressionAttributeNames: { '#state': 'state', '#reason': 'reason' },
          ExpressionAttributeValues: {
            ':failed': 'FAILED',
            ':reason': `this reminder could not be read (${item.reason}); nothing was sent`,
            ':at': atIso,
          },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /**
   * Holds one debtor (an address in a ledger) for this run: the cap and the grouping of invoices
   * into one email are check-then-act, so only one run at a time may decide for a debtor. Taken
   * again by its owner (a retried call whose answer was lost), free after `untilMs` if the run died.
   */
  async leaseDebtor(
    scope: LedgerScope,
    email: string,
    owner: string,
    nowMs: number,
    untilMs: number,
    ifVersion?: number | 'absent',
  ): Promise<'ok' | 'held'> {
    const asRead = ifVersion === undefined ? '' : ifVersion === 'absent' ? ' AND attribute_not_exists(pk)' : ' AND version = :v';
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: keys.ledger(scope), sk: keys.debtorSk(email) },
          UpdateExpression:
            'SET leaseOwner = :o, leaseUntil = :u, kind = :k, sentAt = if_not_exists(sentAt, :none), batches = if_not_exists(batches, :none), version = if_not_exists(version, :zero)',
          ConditionExpression: `(attribute_not_exists(leaseUntil) OR leaseUntil < :now OR leaseOwner = :o)${asRead}`,
          ExpressionAttributeValues: {
            ':o': owner,
            ':u': untilMs,
            ':now': nowMs,
            ':k': 'debtor-log',
            ':none': [],
            ':zero': 0,
            ...(typeof ifVersion === 'number' && { ':v': ifVersion }),
          },
        }),
      );
      return 'ok';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'held';
      throw error;
    }
  }

  async releaseDebtor(scope: LedgerScope, email: string, owner: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: keys.ledger(scope), sk: keys.debtorSk(email) },
          UpdateExpression: 'REMOVE leaseOwner, leaseUntil',
          ConditionExpression: 'leaseOwner = :o',
          ExpressionAttributeValues: { ':o': owner },
        }),
      );
    } catch (error) {
      // Already expired and taken by another run, or released by a retry whose answer was lost.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
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

  /** Ledgers whose periodic re-planning sweep is due, with where the last one stopped. */
  async sweepsDue(shard: number, untilIso: string): Promise<{ tenant: string; ledgerId: string; dueSk: string; cursor?: string }[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: 'due',
      KeyConditionExpression: 'duePk = :p AND dueSk <= :u',
      ExpressionAttributeValues: { ':p': `SWEEP#${shard}`, ':u': `${untilIso}#\uffff` },
    });
    return items.map((i) => ({
      tenant: String(i.tenant),
      ledgerId: String(i.ledgerId),
      dueSk: String(i.dueSk),
      ...(typeof i.cursor === 'string' && { cursor: i.cursor }),
    }));
  }

  /**
   * Moves a ledger's sweep to `atIso`, keeping where it got to, conditional on the schedule read:
   * of two runs, one takes the sweep and the other leaves it.
   */
  async rescheduleLedgerSweep(scope: LedgerScope, atIso: string, ifDueSk: string, cursor: string | undefined): Promise<'ok' | 'conflict'> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: ledgerSweepItem(scope, atIso, cursor),
          ConditionExpression: 'dueSk = :d',
          ExpressionAttributeValues: { ':d': ifDueSk },
        }),
      );
      return 'ok';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'conflict';
      throw error;
    }
  }

  /**
   * Takes the dispatcher's run lock for `owner` until `leaseUntilIso`, unless another run holds
   * it and its lease has not run out (a crashed run's lock is taken over after its lease).
   */
  async takeRunLock(
    owner: string,
    nowIso: string,
    leaseUntilIso: string,
    name?: string,
  ): Promise<{ taken: true } | { taken: false; heldBy: string; until: string }> {
    const Key = { pk: keys.runLockPk(), sk: keys.runLockSk(name) };
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...Key, kind: 'run-lock', owner, takenAt: nowIso, leaseUntil: leaseUntilIso },
          ConditionExpression: 'attribute_not_exists(pk) OR leaseUntil < :now',
          ExpressionAttributeValues: { ':now': nowIso },
        }),
      );
      return { taken: true };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const held = await this.client.send(new GetCommand({ TableName: this.tableName, Key, ConsistentRead: true }));
      return { taken: false, heldBy: String(held.Item?.owner ?? 'another run'), until: String(held.Item?.leaseUntil ?? '') };
    }
  }

  /** Gives the lock back, only if this run still holds it. */
  async releaseRunLock(owner: string, name?: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: keys.runLockPk(), sk: keys.runLockSk(name) },
          ConditionExpression: '#o = :owner',
          ExpressionAttributeNames: { '#o': 'owner' },
          ExpressionAttributeValues: { ':owner': owner },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
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
  async sendContext(
    scope: LedgerScope,
    invoiceNumbers: readonly string[],
    email: string | undefined,
    customers: readonly string[],
  ): Promise<SendContext> {
    const read = await this.readContext(scope, invoiceNumbers, email ? [email] : [], customers);
    const debtorLog = email && read.debtorLogs.get(email.toLowerCase());
    const suppression = email && read.suppressions.get(email.toLowerCase());
    return {
      invoices: read.invoices,
      unreadable: read.unreadable,
      customerHolds: read.customerHolds,
      ...(debtorLog && { debtorLog }),
      ...(suppression && { suppression }),
    };
  }

  async debtorsContext(scope: LedgerScope, emails: readonly string[], customers: readonly string[]): Promise<DebtorsContext> {
    // One debtor's unreadable record must not stop the ledger's others: it is left out here, so its
    // send's transaction (which checks it is as read) is refused, and the debtor's own read raises it.
    const { debtorLogs, suppressions, customerHolds } = await this.readContext(scope, [], emails, customers, 'leave-out');
    return { debtorLogs, suppressions, customerHolds };
  }

  private async readContext(
    scope: LedgerScope,
    invoiceNumbers: readonly string[],
    emails: readonly string[],
    customers: readonly string[],
    unreadable: 'throw' | 'leave-out' = 'throw',
  ) {
    const pk = keys.ledger(scope);
    const wanted = [
      ...invoiceNumbers.map((n) => ({ pk, sk: keys.invoiceSk(n) })),
      ...customers.map((c) => ({ pk, sk: keys.customerSk(c) })),
      ...emails.flatMap((email) => [
        { pk, sk: keys.debtorSk(email) },
        { pk: keys.tenant(scope.tenant), sk: keys.suppressionSk(email) },
      ]),
    ];
    const unique = [...new Map(wanted.map((k) => [`${k.pk}|${k.sk}`, k])).values()];
    const items = await batchGetAll(this.client, this.tableName, unique);
    const read = {
      invoices: new Map<string, InvoiceRecord>(),
      unreadable: new Map<string, string>(),
      customerHolds: new Map<string, CustomerHoldRecord>(),
      debtorLogs: new Map<string, DebtorLogRecord>(),
      suppressions: new Map<string, SuppressionRecord>(),
    };
    // The address each log's key names (logs do not hold their address).
    const byDebtorSk = new Map(emails.map((e) => [keys.debtorSk(e), e.toLowerCase()]));
    const parsed = <T>(schema: z.ZodType<T>, item: unknown): T | undefined => {
      if (unreadable === 'throw') return schema.parse(item);
      const result = schema.safeParse(item);
      return result.success ? result.data : undefined;
    };
    for (const item of items) {
      const sk = item.sk as string;
      if (sk.startsWith('INV#')) {
        // One bad invoice record fails its own reminders, not the debtor's or the ledger's.
        const record = InvoiceRecord.safeParse(item);
        if (record.success) read.invoices.set(record.data.invoiceNumber, record.data);
        else read.unreadable.set(String(item.invoiceNumber), firstIssue(record.error));
      } else if (sk.startsWith('CUST#')) {
        const hold = parsed(CustomerHoldRecord, item);
        if (hold) read.customerHolds.set(hold.customer.toLowerCase(), hold);
      } else if (sk.startsWith('DEBTOR#')) {
        const log = parsed(DebtorLogRecord, item);
        if (log) read.debtorLogs.set(byDebtorSk.get(sk) ?? sk, log);
      } else if (sk.startsWith('SUPP#')) {
        const suppression = parsed(SuppressionRecord, item);
        if (suppression) read.suppressions.set(suppression.email.toLowerCase(), suppression);
      }
    }
    return read;
  }

  /**
   * Counts one send batch in an address's log for the contact cap, once: a batch already in the
   * log (a retry, a lost answer, a sweep finishing a crashed run) is not counted again. Keeps the
   * last 50. An update, not a put, so a lease on the debtor held meanwhile is left as it is.
   */
  async recordSend(
    scope: LedgerScope,
    email: string,
    batchId: string,
    sentAtMs: number,
    options: { known?: { log: DebtorLogRecord | undefined }; releaseFor?: string } = {},
  ): Promise<boolean> {
    for (let attempt = 1; attempt <= 8; attempt += 1) {
      // The caller's copy saves a read; the update is conditional on its version, so a stale one only costs a retry.
      const before = attempt === 1 && options.known ? options.known.log : await this.getDebtorLog(scope, email);
      if (before?.batches.includes(batchId)) return false;
      const sentAt = [...(before?.sentAt ?? []), sentAtMs].slice(-50);
      const batches = [...(before?.batches ?? []), batchId].slice(-50);
      // The lease read as the caller's ends with this write, on the condition that it still is:
      // taking a lease does not change the version, so the version alone would not tell.
      const release = options.releaseFor !== undefined && before?.leaseOwner === options.releaseFor;
      try {
        await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { pk: keys.ledger(scope), sk: keys.debtorSk(email) },
            UpdateExpression: `SET sentAt = :s, batches = :b, version = :next, kind = :k${release ? ' REMOVE leaseOwner, leaseUntil' : ''}`,
            ConditionExpression: `${before ? 'version = :v' : 'attribute_not_exists(version)'}${release ? ' AND leaseOwner = :o' : ''}`,
            ExpressionAttributeValues: {
              ':s': sentAt,
              ':b': batches,
              ':next': (before?.version ?? 0) + 1,
              ':k': 'debtor-log',
              ...(before && { ':v': before.version }),
              ...(release && { ':o': options.releaseFor }),
            },
          }),
        );
        return release;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
      }
    }
    throw new Error(`could not record the send to ${email} for the contact cap`);
  }

  async getDebtorLog(scope: LedgerScope, email: string): Promise<DebtorLogRecord | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: keys.ledger(scope), sk: keys.debtorSk(email) }, ConsistentRead: true }),
    );
    return result.Item ? DebtorLogRecord.parse(result.Item) : undefined;
  }

  async putSuppression(tenant: string, record: SuppressionRecord): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: keys.tenant(tenant), sk: keys.suppressionSk(record.email), kind: 'suppression', ...record },
      }),
    );
  }

  async putBatch(record: SendBatchRecord, expiresAtS: number): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: keys.tenant(record.tenant), sk: keys.batchSk(record.batchId), kind: 'send-batch', ...record, expiresAt: expiresAtS },
      }),
    );
  }

  async rememberReplyAlias(alias: string, tenant: string): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: keys.replyAliasPk(alias), sk: keys.replyAliasSk(), kind: 'reply-alias', tenant },
      }),
    );
  }

  async tenantOfAlias(alias: string): Promise<string | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: keys.replyAliasPk(alias), sk: keys.replyAliasSk() } }),
    );
    const tenant: unknown = result.Item?.tenant;
    return typeof tenant === 'string' ? tenant : undefined;
  }

  async getBatch(tenant: string, batchId: string): Promise<SendBatchRecord | undefined> {
    // Consistent: whether a batch is there decides whether SES may have been called (a lease's
    // expiry, a lost transaction's answer), so a batch written a moment ago must be seen.
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: keys.tenant(tenant), sk: keys.batchSk(batchId) }, ConsistentRead: true }),
    );
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
        ExpressionAttributeValues: {
          ...Object.fromEntries(fields.map(([name, n]) => [`:${name}`, n])),
          ':exp': Math.floor(Date.parse(day) / 1000) + 90 * 86400,
        },
      }),
    );
  }

  async stats(tenant: string, days: readonly string[]): Promise<DailyStats> {
    const items = await batchGetAll(
      this.client,
      this.tableName,
      days.map((d) => ({ pk: keys.tenant(tenant), sk: keys.statsSk(d) })),
    );
    return items.reduce<DailyStats>(
      (sum, item) => ({
        sends: sum.sends + Number(item.sends ?? 0),
        bounces: sum.bounces + Number(item.bounces ?? 0),
        complaints: sum.complaints + Number(item.complaints ?? 0),
      }),
      { sends: 0, bounces: 0, complaints: 0 },
    );
  }

  async putReputation(tenant: string, record: ReputationRecord): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: keys.tenant(tenant), sk: keys.reputationSk(), kind: 'reputation', ...record },
      }),
    );
  }
}
