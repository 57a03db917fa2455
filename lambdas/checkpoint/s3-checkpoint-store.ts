import { GetObjectCommand, NoSuchKey, paginateListObjectsV2, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { mapLimited } from '../map-limited';
import {
  type CheckpointBatch,
  CheckpointedHead,
  checkpointKeys,
  type CheckpointReader,
  type CheckpointWriter,
  newestHeads,
  TamperSignal,
} from './checkpoint-store';

/**
 * Checkpoints in an S3 bucket under Object Lock: once written, no version can be changed or
 * deleted before its retention ends, by anyone. A later PUT of a chain's head adds a version;
 * the older ones stay, so rewriting a head cannot hide what it said before.
 */
export class S3CheckpointStore implements CheckpointWriter, CheckpointReader {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  private put(key: string, body: string, contentType: string) {
    // Object Lock buckets require an integrity checksum on every write.
    return this.s3.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType, ChecksumAlgorithm: 'SHA256' }),
    );
  }

  async write(batch: CheckpointBatch): Promise<void> {
    const lines = [...batch.heads.map((h) => ({ ...h, kind: 'appended' })), ...batch.tampering];
    // The batch first: it is the record; the per-chain heads and tamper objects are indexes to it.
    await this.put(checkpointKeys.batch(batch), `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`, 'application/x-ndjson');
    await mapLimited(newestHeads(batch.heads), 16, (h) => this.put(checkpointKeys.chain(h.chain), JSON.stringify(h), 'application/json'));
    await mapLimited(
      batch.tampering.map((t, n) => [t, n] as const),
      16,
      ([t, n]) => this.put(checkpointKeys.tamper(batch, t, n), JSON.stringify(t), 'application/json'),
    );
  }

  private async getJson(key: string): Promise<unknown> {
    try {
      const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return JSON.parse((await object.Body?.transformToString('utf8')) ?? 'null') as unknown;
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return undefined;
      throw error;
    }
  }

  async latestHead(chain: string): Promise<CheckpointedHead | undefined> {
    const json = await this.getJson(checkpointKeys.chain(chain));
    return json === undefined ? undefined : CheckpointedHead.parse(json);
  }

  async tampering(ledgerKey: string): Promise<TamperSignal[]> {
    const keys: string[] = [];
    for await (const page of paginateListObjectsV2(
      { client: this.s3 },
      { Bucket: this.bucket, Prefix: checkpointKeys.tamperPrefix(ledgerKey) },
    )) {
      keys.push(...(page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])));
    }
    const signals = await mapLimited(keys, 16, (key) => this.getJson(key));
    return signals.map((s) => TamperSignal.parse(s));
  }
}
