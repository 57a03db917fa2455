import { Logger } from '@aws-lambda-powertools/logger';
import { dynamoClient } from '../store/dynamodb-client';
import { S3Client } from '@aws-sdk/client-s3';
import * as z from 'zod';
import { systemClock } from '../clock';
import { sendingSesClient } from '../mail/ses-client';
import { SesMailer } from '../mail/ses-mailer';
import { documentClient } from '../store/document-client';
import { DynamoDbAuditStore } from '../store/dynamodb-audit-store';
import { DynamoDbDispatchStore } from '../store/dynamodb-dispatch-store';
import { DynamoDbMainStore } from '../store/dynamodb-main-store';
import { handleInbound } from './handle-inbound';
import { S3RawMessages } from './s3-raw-messages';
import { answerWithin } from '../aws-timeouts';

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
const client = documentClient(dynamoClient());
const raw = new S3RawMessages(new S3Client({ requestHandler: answerWithin(30_000) }), env.INBOUND_BUCKET);
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
