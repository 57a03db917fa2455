import { dynamoClient } from '../store/dynamodb-client';
import { S3Client } from '@aws-sdk/client-s3';
import { SESClient } from '@aws-sdk/client-ses';
import { sendingSesClient } from '../mail/ses-client';
import { SesSimpleMailer } from '../mail/ses-simple-mailer';
import { SesSendingDomains } from '../mail/ses-sending-domains';
import { handle } from 'hono/aws-lambda';
import { S3CheckpointStore } from '../checkpoint/s3-checkpoint-store';
import { systemClock } from '../clock';
import { documentClient } from '../store/document-client';
import { ApiConfig } from './api-config';
import { makeApi } from './make-api';
import { answerWithin } from '../aws-timeouts';

// Module scope: parsed and built once per Lambda container, reused by warm invocations.
const config = ApiConfig.parse(process.env);
const ses = sendingSesClient();
const testMail =
  config.FROM_ADDRESS && config.SES_CONFIGURATION_SET
    ? { mailer: new SesSimpleMailer(ses, config.SES_CONFIGURATION_SET), fromAddress: config.FROM_ADDRESS }
    : undefined;
// Hosted: teams verify their own sending domains with SES (these calls may be retried, unlike a send).
const sendingDomains =
  config.TENANCY === 'hosted' ? new SesSendingDomains(new SESClient({ requestHandler: answerWithin(10_000) })) : undefined;
const checkpoints = config.CHECKPOINT_BUCKET
  ? new S3CheckpointStore(new S3Client({ requestHandler: answerWithin(10_000) }), config.CHECKPOINT_BUCKET)
  : undefined;
const app = makeApi(config, documentClient(dynamoClient()), systemClock, { checkpoints, testMail, sendingDomains });

export const handler = handle(app);
