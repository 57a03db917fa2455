import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { sendingSesClient } from '../mail/ses-client';
import { SesSimpleMailer } from '../mail/ses-simple-mailer';
import { handle } from 'hono/aws-lambda';
import { S3CheckpointStore } from '../checkpoint/s3-checkpoint-store';
import { systemClock } from '../clock';
import { documentClient } from '../store/document-client';
import { ApiConfig } from './api-config';
import { makeApi } from './make-api';

// Module scope: parsed and built once per Lambda container, reused by warm invocations.
const config = ApiConfig.parse(process.env);
const testMail =
  config.FROM_ADDRESS && config.SES_CONFIGURATION_SET
    ? { mailer: new SesSimpleMailer(sendingSesClient(), config.SES_CONFIGURATION_SET), fromAddress: config.FROM_ADDRESS }
    : undefined;
const checkpoints = config.CHECKPOINT_BUCKET ? new S3CheckpointStore(new S3Client({}), config.CHECKPOINT_BUCKET) : undefined;
const app = makeApi(config, documentClient(new DynamoDBClient({})), systemClock, { checkpoints, testMail });

export const handler = handle(app);
