import { DeleteObjectsCommand, GetObjectCommand, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import { INBOUND_PREFIX, type RawMessages } from './raw-messages';

/** S3 deletes at most this many keys in one DeleteObjects request. */
const DELETE_BATCH = 1000;

/** The inbound bucket, where SES's receipt rule stores each received message under its id. */
export class S3RawMessages implements RawMessages {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async open(sesMessageId: string): Promise<Readable | undefined> {
    try {
      const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: `${INBOUND_PREFIX}${sesMessageId}` }));
      return object.Body as Readable | undefined;
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }

  async remove(sesMessageIds: readonly string[]): Promise<void> {
    for (let i = 0; i < sesMessageIds.length; i += DELETE_BATCH) {
      const keys = sesMessageIds.slice(i, i + DELETE_BATCH).map((id) => ({ Key: `${INBOUND_PREFIX}${id}` }));
      const result = await this.s3.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: keys, Quiet: true } }));
      // DeleteObjects answers 200 with the keys it could not delete listed: each is a failure to report, not to pass over.
      const failed = result.Errors ?? [];
      if (failed.length > 0)
        throw new Error(
          `${failed.length} reply message(s) could not be deleted from ${this.bucket}: ${failed
            .slice(0, 3)
            .map((e) => `${e.Key ?? '?'} (${e.Code ?? ''} ${e.Message ?? ''})`.trim())
            .join(', ')}`,
        );
    }
  }
}
