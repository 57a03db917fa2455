import { createHash } from 'node:crypto';
import * as z from 'zod';

/** One chain's newest event as the audit table's stream delivered it: which chain, which link, its hash. */
export const CheckpointedHead = z.object({ chain: z.string(), seq: z.number().int().positive(), hash: z.string(), at: z.string() });
export type CheckpointedHead = z.infer<typeof CheckpointedHead>;

/**
 * An edit or a deletion of a stored audit event, as the stream saw it. The app only ever appends
 * (its writers have no UpdateItem or DeleteItem on the audit table), so each one is a tamper signal.
 */
export const TamperSignal = z.object({
  chain: z.string(),
  seq: z.number().int(),
  kind: z.enum(['edited', 'deleted']),
  /** When the stream saw it. */
  at: z.string(),
  /** For an edit: the hash the item holds now. */
  hash: z.string().optional(),
});
export type TamperSignal = z.infer<typeof TamperSignal>;

export interface CheckpointBatch {
  /** When the batch was written (ISO) and the first stream record's id: names the batch object. */
  stamp: string;
  firstId: string;
  heads: CheckpointedHead[];
  tampering: TamperSignal[];
}

/** Where the checkpoint function writes: write-once storage (S3 under Object Lock in AWS). */
export interface CheckpointWriter {
  write(batch: CheckpointBatch): Promise<void>;
}

/** What verification reads back. */
export interface CheckpointReader {
  /** The newest head checkpointed for a chain, if any was. */
  latestHead(chain: string): Promise<CheckpointedHead | undefined>;
  /** Every tamper signal for chains of one ledger (`ledgerKey`: the chains' shared key prefix). */
  tampering(ledgerKey: string): Promise<TamperSignal[]>;
}

/** A chain's key (`T#…#L#…#I#…`) without the invoice: its ledger's key. Components are URL-encoded, so `#I#` is unambiguous. */
export function ledgerKeyOf(chain: string): string {
  const at = chain.lastIndexOf('#I#');
  return at < 0 ? chain : chain.slice(0, at);
}

/** Object names from keys that may hold any character: a hash, so a tenant's name never shapes a path. */
export const objectName = (key: string) => createHash('sha256').update(key).digest('hex');

/**
 * The checkpoint layout, shared by the S3 store and the local one:
 * - `heads/<day>/<hour>/<stamp>-<id>.jsonl`: each batch whole, the witness of record;
 * - `chains/<sha256(chain)>.json`: the chain's newest head, a new version per batch;
 * - `tamper/<sha256(ledger)>/<stamp>-<id>-<n>.json`: one per edit or deletion.
 */
export const checkpointKeys = {
  batch: (b: Pick<CheckpointBatch, 'stamp' | 'firstId'>) =>
    `heads/${b.stamp.slice(0, 10)}/${b.stamp.slice(11, 13)}/${b.stamp}-${b.firstId}.jsonl`,
  chain: (chain: string) => `chains/${objectName(chain)}.json`,
  tamperPrefix: (ledgerKey: string) => `tamper/${objectName(ledgerKey)}/`,
  tamper: (b: Pick<CheckpointBatch, 'stamp' | 'firstId'>, signal: TamperSignal, n: number) =>
    `${checkpointKeys.tamperPrefix(ledgerKeyOf(signal.chain))}${b.stamp}-${b.firstId}-${n}.json`,
};

/** The newest head of each chain in a batch: a stream batch may hold several events of one chain. */
export function newestHeads(heads: readonly CheckpointedHead[]): CheckpointedHead[] {
  const newest = new Map<string, CheckpointedHead>();
  for (const h of heads) if ((newest.get(h.chain)?.seq ?? 0) < h.seq) newest.set(h.chain, h);
  return [...newest.values()];
}
