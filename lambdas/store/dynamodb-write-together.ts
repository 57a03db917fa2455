import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import type { GatheredStores, Together, WriteTogether } from '../dispatcher/ports/write-together';
import { DynamoDbAuditStore } from './dynamodb-audit-store';
import { DynamoDbDispatchStore } from './dynamodb-dispatch-store';
import { DynamoDbMainStore } from './dynamodb-main-store';
import { keys } from './keys';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** DynamoDB takes at most this many items in one transaction. */
export const MAX_TRANSACT_ITEMS = 100;

/**
 * The stores over a client that gathers their writes, committed in one TransactWriteItems. The
 * stores' code is the same as for single writes; their conditions go into the transaction, so
 * what it commits is what the single writes would have done had every condition held, and if
 * one does not, nothing is written.
 */
export class DynamoDbWriteTogether implements WriteTogether {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: { main: string; audit: string },
  ) {}

  async run<T>(work: (stores: GatheredStores) => Promise<T>): Promise<Together<T>> {
    const gathering = new GatheringClient(this.client);
    // The stores call only send(), which GatheringClient answers as the document client would.
    const client = gathering as unknown as DynamoDBDocumentClient;
    const main = this.tables.main;
    const value = await work({
      main: new DynamoDbMainStore(client, main),
      audit: new DynamoDbAuditStore(client, this.tables.audit),
      dispatch: new DynamoDbDispatchStore(client, main),
      asRead: {
        invoice: (scope, version) =>
          gathering.check(
            main,
            { pk: keys.ledger(scope), sk: keys.invoiceSk(scope.invoiceNumber) },
            version === undefined ? { absent: true } : { version },
          ),
        customerHold: (scope, customer, held) =>
          gathering.check(main, { pk: keys.ledger(scope), sk: keys.customerSk(customer) }, { absent: !held }),
        suppression: (tenant, email, suppressed) =>
          gathering.check(main, { pk: keys.tenant(tenant), sk: keys.suppressionSk(email) }, { absent: !suppressed }),
      },
    });
    const items = gathering.items();
    if (items === 'unmergeable' || items.length > MAX_TRANSACT_ITEMS) return { outcome: 'too-many' };
    if (items.length === 0) return { outcome: 'done', value };
    try {
      // The token makes the SDK's retry of a commit whose answer was lost succeed without writing twice.
      await this.client.send(new TransactWriteCommand({ TransactItems: items, ClientRequestToken: randomUUID() }));
    } catch (error) {
      if (error instanceof TransactionCanceledException) return { outcome: 'refused' };
      // Not refused: lost on the way, after the SDK's retries (each with the same token).
      return { outcome: 'unknown', value, error };
    }
    return { outcome: 'done', value };
  }
}

type Condition = {
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
};

/** `op` made on its own condition and `extra`'s both (a transaction allows one operation per item). */
function joinCondition(op: Condition, extra: Condition): void {
  const both = [op.ConditionExpression, extra.ConditionExpression].filter(Boolean);
  op.ConditionExpression = both.length > 1 ? both.map((c) => `(${c})`).join(' AND ') : both[0];
  if (extra.ExpressionAttributeNames) op.ExpressionAttributeNames = { ...op.ExpressionAttributeNames, ...extra.ExpressionAttributeNames };
  if (extra.ExpressionAttributeValues)
    op.ExpressionAttributeValues = { ...op.ExpressionAttributeValues, ...extra.ExpressionAttributeValues };
}

/**
 * Answers the stores' reads from DynamoDB and takes their writes down instead of making them,
 * each as having succeeded. Two full puts of one item become one (the last item, on the first
 * one's condition, which is the condition on the item as it is now), and a check joins the
 * write to its item; any other second write to an item cannot be gathered, as a transaction
 * allows one operation per item.
 */
class GatheringClient {
  private readonly gathered: TransactItem[] = [];
  private readonly byItem = new Map<string, number>();
  private unmergeable = false;

  constructor(private readonly real: DynamoDBDocumentClient) {}

  send(command: unknown): Promise<unknown> {
    if (command instanceof GetCommand || command instanceof QueryCommand || command instanceof BatchGetCommand) {
      return this.real.send(command as GetCommand);
    }
    if (command instanceof PutCommand) {
      const { TableName, Item, ConditionExpression, ExpressionAttributeNames, ExpressionAttributeValues } = command.input;
      this.gather({ Put: { TableName, Item, ConditionExpression, ExpressionAttributeNames, ExpressionAttributeValues } }, TableName, Item);
    } else if (command instanceof UpdateCommand) {
      const { ReturnValues: _r, ReturnConsumedCapacity: _c, ReturnItemCollectionMetrics: _m, ...update } = command.input;
      // Our stores' updates always name their expression; the SDK's input type allows the legacy form too.
      this.gather({ Update: update as NonNullable<TransactItem['Update']> }, update.TableName, update.Key);
    } else if (command instanceof DeleteCommand) {
      const { ReturnValues: _r, ReturnConsumedCapacity: _c, ReturnItemCollectionMetrics: _m, ...remove } = command.input;
      this.gather({ Delete: remove }, remove.TableName, remove.Key);
    } else {
      return Promise.reject(new Error(`${(command as object).constructor.name} cannot be gathered into a transaction`));
    }
    return Promise.resolve({});
  }

  /**
   * A condition on an item the work read, not wrote: there or not (`absent`), or at `version`.
   * On an item the work also writes, it joins that write's condition.
   */
  check(table: string, key: { pk: string; sk: string }, what: { absent: boolean } | { version: number }): void {
    const condition =
      'version' in what
        ? {
            ConditionExpression: '#asReadVersion = :asReadVersion',
            ExpressionAttributeNames: { '#asReadVersion': 'version' },
            ExpressionAttributeValues: { ':asReadVersion': what.version },
          }
        : { ConditionExpression: what.absent ? 'attribute_not_exists(pk)' : 'attribute_exists(pk)' };
    const id = JSON.stringify([table, key.pk, key.sk]);
    const at = this.byItem.get(id);
    const write = at === undefined ? undefined : this.gathered[at];
    const op = write?.Put ?? write?.Update ?? write?.Delete ?? write?.ConditionCheck;
    if (op) joinCondition(op, condition);
    else this.byItem.set(id, this.gathered.push({ ConditionCheck: { TableName: table, Key: key, ...condition } }) - 1);
  }

  items(): TransactItem[] | 'unmergeable' {
    return this.unmergeable ? 'unmergeable' : this.gathered;
  }

  private gather(item: TransactItem, table: string | undefined, key: Record<string, unknown> | undefined): void {
    // Both tables' keys: pk, then sk (main) or seq (audit).
    const id = JSON.stringify([table, key?.pk, key?.sk ?? key?.seq]);
    const at = this.byItem.get(id);
    if (at === undefined) {
      this.byItem.set(id, this.gathered.push(item) - 1);
      return;
    }
    const first = this.gathered[at];
    if (first?.Put && item.Put) first.Put = { ...first.Put, Item: item.Put.Item };
    else if (first?.ConditionCheck) {
      // A write to an item checked before: the write, on both conditions.
      const op = item.Put ?? item.Update ?? item.Delete;
      if (op) joinCondition(op, first.ConditionCheck);
      this.gathered[at] = item;
    } else this.unmergeable = true;
  }
}
