import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import * as z from 'zod';
import { systemClock } from '../clock';
import { sendingSesClient } from '../mail/ses-client';
import { SesMailer } from '../mail/ses-mailer';
import { documentClient } from '../store/document-client';
import { DynamoDbAuditStore } from '../store/dynamodb-audit-store';
import { DynamoDbDispatchStore } from '../store/dynamodb-dispatch-store';
import { DynamoDbMainStore } from '../store/dynamodb-main-store';
import { handleInbound } from './handle-inbound';
import { INBOUND_PREFIX, type RawMessages } from './raw-messages';

const env = z
  .object({
    MAIN_TABLE: z.string().min(3),
    AUDIT_TABLE: z.string().min(3),
    INBOUND_BUCKET: z.string().min(3),
    REPLY_DOMAIN: z.string().min(3),
    FROM_ADDRESS: z.string().regex(/^[^\s@<>]+@[^\s@<>]+$/, 'must be the verified sender address'),
    SES_CONFIGURATION_SET: z.string().min(1),
  })
  .parse(process.env);
const client = documentClient(new DynamoDBClient({}));
const s3 = new S3Client({});
const raw: RawMessages = {
  async open(sesMessageId) {
    try {
      const object = await s3.send(new GetObjectCommand({ Bucket: env.INBOUND_BUCKET, Key: `${INBOUND_PREFIX}${sesMessageId}` }));
      return object.Body as Readable | undefined;
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  },
};
const deps = {
  main: new DynamoDbMainStore(client, env.MAIN_TABLE),
  audit: new DynamoDbAuditStore(client, env.AUDIT_TABLE),
  dispatch: new DynamoDbDispatchStore(client, env.MAIN_TABLE),
  clock: systemClock,
  // The forward to the team: one attempt, as the dispatcher's sends are.
  mailer: new SesMailer(sendingSesClient(), env.SES_CONFIGURATION_SET),
  fromAddress: env.FROM_ADDRESS,
  raw,
  replyDomain: env.REPLY_DOMAIN,
  logger: new Logger({ serviceName: 'dunning-desk-inbound' }),
};

export const handler = (event: unknown) => handleInbound(deps, event);
