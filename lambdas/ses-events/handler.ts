import { Logger } from '@aws-lambda-powertools/logger';
import { dynamoClient } from '../store/dynamodb-client';
import * as z from 'zod';
import { systemClock } from '../clock';
import { documentClient } from '../store/document-client';
import { DynamoDbAuditStore } from '../store/dynamodb-audit-store';
import { DynamoDbDispatchStore } from '../store/dynamodb-dispatch-store';
import { DynamoDbMainStore } from '../store/dynamodb-main-store';
import { handleSesEvents } from './handle-ses-event';

const env = z.object({ MAIN_TABLE: z.string().min(3), AUDIT_TABLE: z.string().min(3) }).parse(process.env);
const client = documentClient(dynamoClient());
const deps = {
  main: new DynamoDbMainStore(client, env.MAIN_TABLE),
  audit: new DynamoDbAuditStore(client, env.AUDIT_TABLE),
  dispatch: new DynamoDbDispatchStore(client, env.MAIN_TABLE),
  clock: systemClock,
  logger: new Logger({ serviceName: 'dunning-desk-ses-events' }),
};

export const handler = (event: unknown) => handleSesEvents(deps, event);
