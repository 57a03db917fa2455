import { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { makeGoogleTokenVerifier } from '../auth/google-token-verifier';
import type { CheckpointReader } from '../checkpoint/checkpoint-store';
import type { Clock } from '../clock';
import type { PdfRenderers } from '../letters/pdf-renderers';
import type { HolidayCalendar } from '../services/holiday-service';
import type { TestMail } from '../services/reminder-service';
import { DynamoDbAuditStore } from '../store/dynamodb-audit-store';
import { DynamoDbMainStore } from '../store/dynamodb-main-store';
import type { ApiConfig } from './api-config';
import { createApp } from './app';

/** What one function serves besides the core routes: letters, the test email, public holidays. */
export interface ApiExtras {
  logger?: Logger;
  pdf?: PdfRenderers;
  testMail?: TestMail;
  holidays?: HolidayCalendar;
  /** The audit checkpoints, so verification and evidence packs compare with them. */
  checkpoints?: CheckpointReader;
}

/** Wires the app from configuration and clients: shared by the Lambda handlers and the local server. */
export function makeApi(
  config: ApiConfig,
  client: DynamoDBDocumentClient,
  clock: Clock,
  { logger = new Logger({ serviceName: 'dunning-desk-api' }), pdf, testMail, holidays, checkpoints }: ApiExtras = {},
) {
  return createApp({
    ...(pdf && { pdf }),
    ...(testMail && { testMail }),
    ...(holidays && { holidays }),
    ...(checkpoints && { checkpoints }),
    main: new DynamoDbMainStore(client, config.MAIN_TABLE),
    audit: new DynamoDbAuditStore(client, config.AUDIT_TABLE),
    clock,
    logger,
    version: config.APP_VERSION,
    verifyToken: makeGoogleTokenVerifier(
      {
        jwksUrl: config.GOOGLE_JWKS_URL,
        audiences: config.OAUTH_CLIENT_IDS,
        allowedDomains: config.ALLOWED_DOMAINS,
        allowedEmails: config.ALLOWED_EMAILS,
      },
      clock,
    ),
  });
}
