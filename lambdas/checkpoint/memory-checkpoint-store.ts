import {
  type CheckpointBatch,
  type CheckpointedHead,
  type CheckpointReader,
  type CheckpointWriter,
  ledgerKeyOf,
  newestHeads,
  type TamperSignal,
} from './checkpoint-store';

/**
 * The checkpoint store of the local stack and the tests: write-once in spirit (batches are only
 * added), in memory. AWS's is S3 under Object Lock; this one stands in where S3 cannot run.
 */
export class MemoryCheckpointStore implements CheckpointWriter, CheckpointReader {
  readonly batches: CheckpointBatch[] = [];
  private readonly heads = new Map<string, CheckpointedHead>();
  private readonly signals: TamperSignal[] = [];

  write(batch: CheckpointBatch): Promise<void> {
    this.batches.push(structuredClone(batch));
    // As S3 does: each batch's head of a chain is a new version, and the newest version is read.
    for (const h of newestHeads(batch.heads)) this.heads.set(h.chain, h);
    this.signals.push(...batch.tampering);
    return Promise.resolve();
  }

  latestHead(chain: string): Promise<CheckpointedHead | undefined> {
    return Promise.resolve(this.heads.get(chain));
  }

  tampering(ledgerKey: string): Promise<TamperSignal[]> {
    return Promise.resolve(this.signals.filter((s) => ledgerKeyOf(s.chain) === ledgerKey));
  }
}
