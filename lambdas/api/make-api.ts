import { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { allowListAdmission, makeGoogleTokenVerifier } from '../auth/google-token-verifier';
import { hostedAdmission } from '../auth/hosted-admission';
import { DynamoDbTenantStore } from '../store/dynamodb-tenant-store';
import type { CheckpointReader } from '../checkpoint/checkpoint-store';
import type { Clock } from '../clock';
import type { PdfRenderers } from '../letters/pdf-renderers';
import type { HolidayCalendar } from '../services/holiday-service';
import type { TestMail } from '../services/reminder-service';
import type { SendingDomains } from '../services/ports/sending-domains';
import { fromAddressOf, type ServiceSending } from '../services/sending-identity-service';
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
  /** Hosted: the email service's domain identities, so a team may send from its own domain. */
  sendingDomains?: SendingDomains;
}

/** Wires the app from configuration and clients: shared by the Lambda handlers and the local server. */
export function makeApi(
  config: ApiConfig,
  client: DynamoDBDocumentClient,
  clock: Clock,
  { logger = new Logger({ serviceName: 'dunning-desk-api' }), pdf, testMail, holidays, checkpoints, sendingDomains }: ApiExtras = {},
) {
  // Hosted: teams are records in the main table, signed up from the add-on; self-hosted: the allow-list.
  const tenants = config.TENANCY === 'hosted' ? new DynamoDbTenantStore(client, config.MAIN_TABLE) : undefined;
  const hosted = tenants && hostedAdmission(tenants, clock);
  // A team's own domain, once verified, is where its emails (a test one too) come from; the service's address until then.
  const sending: ServiceSending | undefined =
    tenants && sendingDomains && config.FROM_ADDRESS
      ? { domains: sendingDomains, serviceFrom: config.FROM_ADDRESS, reserved: serviceDomains(config) }
      : undefined;
  const teamMail: TestMail | undefined =
    testMail && sending && tenants
      ? { ...testMail, fromFor: async (tenant) => fromAddressOf(await tenants.getTenant(tenant), testMail.fromAddress) }
      : testMail;
  return createApp({
    ...(pdf && { pdf }),
    ...(teamMail && { testMail: teamMail }),
    ...(sending && { sending }),
    ...(holidays && { holidays }),
    ...(checkpoints && { checkpoints }),
    main: new DynamoDbMainStore(client, config.MAIN_TABLE),
    audit: new DynamoDbAuditStore(client, config.AUDIT_TABLE),
    clock,
    logger,
    version: config.APP_VERSION,
    ...(tenants && hosted && { tenants, forgetAdmission: hosted.forget }),
    verifyToken: makeGoogleTokenVerifier(
      { jwksUrl: config.GOOGLE_JWKS_URL, audiences: config.OAUTH_CLIENT_IDS },
      clock,
      hosted ?? allowListAdmission(config.ALLOWED_DOMAINS, config.ALLOWED_EMAILS),
    ),
  });
}

/** The service's own domains (its From's and its replies'), which no team may claim as theirs. */
function serviceDomains(config: ApiConfig): string[] {
  return [config.FROM_ADDRESS?.split('@')[1], config.REPLY_DOMAIN].flatMap((d) => (d ? [d.toLowerCase()] : []));
}
