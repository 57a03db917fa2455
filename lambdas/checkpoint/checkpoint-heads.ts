import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import * as z from 'zod';

/** The fields of a new audit event that a checkpoint keeps: which chain, which link, its hash. */
const StreamRecord = z.object({
  eventName: z.string(),
  eventID: z.string(),
  dynamodb: z
    .object({
      NewImage: z
        .object({ pk: z.object({ S: z.string() }), seq: z.object({ N: z.string() }), hash: z.object({ S: z.string() }), at: z.object({ S: z.string() }) })
        .optional(),
    })
    .optional(),
});
const StreamEvent = z.object({ Records: z.array(z.unknown()) });

export interface CheckpointDeps {
  s3: Pick<S3Client, 'send'>;
  bucket: string;
  now: () => number;
}

/**
 * Writes each batch of newly appended audit events as one JSON-lines object (chain, seq, hash,
 * time) into the Object Lock bucket. Compliance-mode retention means no one, not even the
 * account's root, can change or delete it before it expires: if the table is ever rewritten,
 * these heads disagree with it. Appends only come as INSERTs; anything else is ignored.
 */
export async function checkpointHeads(deps: CheckpointDeps, event: unknown): Promise<{ written: number }> {
  const parsed = StreamEvent.safeParse(event);
  if (!parsed.success) return { written: 0 };
  const lines: string[] = [];
  let firstId = '';
  for (const raw of parsed.data.Records) {
    const record = StreamRecord.safeParse(raw);
    const image = record.success ? record.data.dynamodb?.NewImage : undefined;
    if (!record.success || record.data.eventName !== 'INSERT' || !image) continue;
    firstId ||= record.data.eventID;
    lines.push(JSON.stringify({ chain: image.pk.S, seq: Number(image.seq.N), hash: image.hash.S, at: image.at.S }));
  }
  if (lines.length === 0) return { written: 0 };
  const stamp = new Date(deps.now()).toISOString();
  await deps.s3.send(
    new PutObjectCommand({
      Bucket: deps.bucket,
      Key: `heads/${stamp.slice(0, 10)}/${stamp.slice(11, 13)}/${stamp}-${firstId}.jsonl`,
      Body: `${lines.join('\n')}\n`,
      ContentType: 'application/x-ndjson',
      // Object Lock buckets require an integrity checksum on every write.
      ChecksumAlgorithm: 'SHA256',
    }),
  );
  return { written: lines.length };
}
