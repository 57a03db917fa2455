import { type AttributeValue, type DynamoDBClient, paginateScan } from '@aws-sdk/client-dynamodb';
import type { Clock } from '../clock';
import { checkpointHeads } from '../checkpoint/checkpoint-heads';
import type { CheckpointedHead, CheckpointReader, TamperSignal } from '../checkpoint/checkpoint-store';
import { MemoryCheckpointStore } from '../checkpoint/memory-checkpoint-store';

type Item = Record<string, AttributeValue>;

/**
 * The audit table's DynamoDB stream, for dynalite (which has none): each drain scans the table,
 * compares it with the last drain, and hands the checkpoint function the INSERT, MODIFY and
 * REMOVE records a stream would have delivered, in the stream's own shape. So the local stack
 * and the tests run the same checkpoint code as AWS, into a store standing in for the Object
 * Lock bucket. Verification drains it first, as if the stream had caught up.
 */
export class LocalAuditStream implements CheckpointReader {
  readonly store = new MemoryCheckpointStore();
  private seen = new Map<string, { keys: Item; json: string }>();
  private draining: Promise<unknown> = Promise.resolve();
  private counter = 0;

  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
    private readonly clock: Clock,
  ) {}

  /** Delivers what changed since the last drain; drains never overlap. */
  drain(): Promise<{ written: number; tampering: number }> {
    const run = this.draining.then(() => this.drainOnce());
    this.draining = run.catch(() => undefined);
    return run;
  }

  private async drainOnce() {
    const now = new Map<string, { keys: Item; item: Item; json: string }>();
    for await (const page of paginateScan({ client: this.client }, { TableName: this.table, ConsistentRead: true })) {
      for (const item of page.Items ?? []) {
        const keys = { pk: item.pk ?? { S: '' }, seq: item.seq ?? { N: '0' } };
        now.set(JSON.stringify(keys), { keys, item, json: JSON.stringify(Object.entries(item).sort(([a], [b]) => a.localeCompare(b))) });
      }
    }
    const at = Math.floor(this.clock.now() / 1000);
    const record = (eventName: 'INSERT' | 'MODIFY' | 'REMOVE', keys: Item, image?: Item) => ({
      eventName,
      eventID: `local-${(this.counter += 1)}`,
      dynamodb: { Keys: keys, ...(image && { NewImage: image }), ApproximateCreationDateTime: at },
    });
    const records = [];
    for (const [key, { keys, item, json }] of now) {
      const before = this.seen.get(key);
      if (!before) records.push(record('INSERT', keys, item));
      else if (before.json !== json) records.push(record('MODIFY', keys, item));
    }
    for (const [key, { keys }] of this.seen) if (!now.has(key)) records.push(record('REMOVE', keys));
    this.seen = new Map([...now].map(([key, { keys, json }]) => [key, { keys, json }]));
    // The order a stream keeps per item is all that matters; appends first by seq reads naturally.
    return checkpointHeads({ store: this.store, now: () => this.clock.now() }, { Records: records });
  }

  latestHead(chain: string): Promise<CheckpointedHead | undefined> {
    return this.store.latestHead(chain);
  }

  /** Read once per verification, before any head: the stream is drained here. */
  async tampering(ledgerKey: string): Promise<TamperSignal[]> {
    await this.drain();
    return this.store.tampering(ledgerKey);
  }
}
