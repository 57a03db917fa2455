import * as z from 'zod';
import type { CheckpointedHead, CheckpointWriter, TamperSignal } from './checkpoint-store';

const Keys = z.object({ pk: z.object({ S: z.string() }), seq: z.object({ N: z.string() }) });
/** The fields of an audit item a checkpoint keeps; the stream sends them as DynamoDB attribute values. */
const Image = Keys.extend({ hash: z.object({ S: z.string() }), at: z.object({ S: z.string() }) });
const StreamRecord = z.object({
  eventName: z.enum(['INSERT', 'MODIFY', 'REMOVE']),
  eventID: z.string(),
  dynamodb: z.object({
    Keys,
    NewImage: Image.partial({ hash: true, at: true }).optional(),
    /** Seconds since the epoch: when the change was made. */
    ApproximateCreationDateTime: z.number().optional(),
  }),
});
const StreamEvent = z.object({ Records: z.array(z.unknown()) });

export interface CheckpointDeps {
  store: CheckpointWriter;
  now: () => number;
  logger?: { error(message: string, details: Record<string, unknown>): void };
}

/**
 * Writes each batch of the audit table's stream to write-once storage: appended events as chain
 * heads (chain, seq, hash, time), and every edit or deletion as a tamper signal, since the app
 * only ever appends. If the table is rewritten afterwards, verification finds the heads disagree
 * with it, or the signals name what was changed. A record that is not an audit item's is logged
 * and left out, never allowed to stop the rest of the batch.
 */
export async function checkpointHeads(deps: CheckpointDeps, event: unknown): Promise<{ written: number; tampering: number }> {
  const parsed = StreamEvent.safeParse(event);
  if (!parsed.success) {
    deps.logger?.error('not a DynamoDB stream event', { issues: parsed.error.issues.slice(0, 3) });
    return { written: 0, tampering: 0 };
  }
  const heads: CheckpointedHead[] = [];
  const tampering: TamperSignal[] = [];
  const stamp = new Date(deps.now()).toISOString();
  let firstId = '';
  for (const raw of parsed.data.Records) {
    const record = StreamRecord.safeParse(raw);
    if (!record.success) {
      deps.logger?.error('stream record left out of the checkpoint', { issues: record.error.issues.slice(0, 3) });
      continue;
    }
    const { eventName, eventID, dynamodb } = record.data;
    firstId ||= eventID;
    const chain = dynamodb.Keys.pk.S;
    const seq = Number(dynamodb.Keys.seq.N);
    const when = dynamodb.ApproximateCreationDateTime ? new Date(dynamodb.ApproximateCreationDateTime * 1000).toISOString() : stamp;
    const image = dynamodb.NewImage;
    if (eventName === 'INSERT' && image?.hash && image.at) heads.push({ chain, seq, hash: image.hash.S, at: image.at.S });
    else if (eventName === 'MODIFY') tampering.push({ chain, seq, kind: 'edited', at: when, ...(image?.hash && { hash: image.hash.S }) });
    else if (eventName === 'REMOVE') tampering.push({ chain, seq, kind: 'deleted', at: when });
  }
  if (heads.length === 0 && tampering.length === 0) return { written: 0, tampering: 0 };
  await deps.store.write({ stamp, firstId, heads, tampering });
  if (tampering.length > 0) deps.logger?.error('audit events were edited or deleted in the table', { tampering });
  return { written: heads.length, tampering: tampering.length };
}
