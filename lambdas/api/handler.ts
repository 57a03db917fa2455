import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { sendingSesClient } from '../mail/ses-client';
import { SesSimpleMailer } from '../mail/ses-simple-mailer';
import { handle } from 'hono/aws-lambda';
import { systemClock } from '../clock';
import { documentClient } from '../store/document-client';
import { ApiConfig } from './api-config';
import { makeApi } from './make-api';

// Module scope: parsed and built once per Lambda container, reused by warm invocations.
const config = ApiConfig.parse(process.env);
const testMail = config.FROM_ADDRESS && config.SES_CONFIGURATION_SET ? { mailer: new SesSimpleMailer(sendingSesClient(), config.SES_CONFIGURATION_SET), fromAddress: config.FROM_ADDRESS } : undefined;
const app = makeApi(config, documentClient(new DynamoDBClient({})), systemClock, { testMail });

export const handler = handle(app);
