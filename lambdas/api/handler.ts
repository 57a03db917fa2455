import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { handle } from 'hono/aws-lambda';
import { systemClock } from '../clock';
import { documentClient } from '../store/document-client';
import { ApiConfig } from './api-config';
import { makeApi } from './make-api';

// Module scope: parsed and built once per Lambda container, reused by warm invocations.
const config = ApiConfig.parse(process.env);
const app = makeApi(config, documentClient(new DynamoDBClient({})), systemClock);

export const handler = handle(app);
