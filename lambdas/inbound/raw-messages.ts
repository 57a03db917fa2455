import type { Readable } from 'node:stream';

/** Where SES's receipt rule puts each message (its S3 action's key prefix); the CDK stack uses the same. */
export const INBOUND_PREFIX = 'inbound/';

/** Where SES's receipt rule stored each received message (S3 in AWS, a folder or memory locally). */
export interface RawMessages {
  /** The raw message as a stream, or undefined when there is none under this id. */
  open(sesMessageId: string): Promise<Readable | undefined>;
  /** Deletes these messages (a team's, on its deletion); ids with no message are no error. */
  remove(sesMessageIds: readonly string[]): Promise<void>;
}
