import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LocalAuditStream } from '../../lambdas/local/local-audit-stream';
import { dateHolidaysCalendar } from '../../lambdas/holidays/date-holidays-calendar';
import { Logger } from '@aws-lambda-powertools/logger';
import type { SendingDomains } from '../../lambdas/services/ports/sending-domains';
import { ApiConfig } from '../../lambdas/api/api-config';
import { makeApi } from '../../lambdas/api/make-api';
import { ManualClock } from '../../lambdas/clock';
import { pdfRenderers } from '../../lambdas/letters/pdf-renderers';
import { sendingSesClient } from '../../lambdas/mail/ses-client';
import { SesSimpleMailer } from '../../lambdas/mail/ses-simple-mailer';
import { nodeLetterFonts } from '../../lambdas/letters/node-fonts';
import { LocalTokenIssuer } from '../../lambdas/local/local-token-issuer';
import { createTestTables, type TestTables } from './dynamodb';
import type { MovableClock } from '../../lambdas/local/shared-clock';

export const USERS = {
  alice: { sub: '1001', email: 'alice@acme.example', hd: 'acme.example' },
  alan: { sub: '1002', email: 'alan@acme.example', hd: 'acme.example' },
  bob: { sub: '2001', email: 'bob@globex.example', hd: 'globex.example' },
  carol: { sub: '3001', email: 'carol@freelance.example' },
  mallory: { sub: '6666', email: 'mallory@evil.example', hd: 'evil.example' },
  erin: { sub: '6667', email: 'erin@evil.example', hd: 'evil.example' },
} as const;

export const LEDGER = '1AbCdEfGhIjKlMnOpQrStUvWxYz';

/** The hosted service's own sender in tests that give teams domains of their own. */
export const HOSTED_FROM = 'reminders@dunningdesk-hosted.example';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read as loose JSON in assertions
type Json = any;

export interface ApiResponse {
  status: number;
  json: Json;
  text: string;
}

export interface TestApi {
  app: ReturnType<typeof makeApi>;
  tables: TestTables;
  issuer: LocalTokenIssuer;
  clock: MovableClock;
  /** The audit table's stream as dynalite cannot give it, feeding the checkpoints verification compares with. */
  auditStream: LocalAuditStream;
  token(user: keyof typeof USERS): Promise<string>;
  call(
    method: string,
    path: string,
    options?: { body?: unknown; rawBody?: string; user?: keyof typeof USERS | null; token?: string },
  ): Promise<ApiResponse>;
  close(): Promise<void>;
}

/** The real API over fresh dynalite tables, with a local token issuer serving a real JWKS. */
export async function startTestApi(
  now = '2026-11-24T15:00:00Z',
  clock: MovableClock = new ManualClock(Date.parse(now)),
  {
    tenancy = 'allow-list',
    sendingDomains,
  }: {
    tenancy?: 'allow-list' | 'hosted';
    /** Hosted: the email service's domain identities (a team may send from its own domain), from HOSTED_FROM. */
    sendingDomains?: SendingDomains;
  } = {},
): Promise<TestApi> {
  const tables = await createTestTables();
  const issuer = await LocalTokenIssuer.start(clock);
  const config = ApiConfig.parse({
    MAIN_TABLE: tables.mainTable,
    AUDIT_TABLE: tables.auditTable,
    GOOGLE_JWKS_URL: issuer.jwksUrl,
    OAUTH_CLIENT_IDS: issuer.audience,
    ALLOWED_DOMAINS: 'acme.example,globex.example',
    ALLOWED_EMAILS: 'carol@freelance.example',
    TENANCY: tenancy,
    ...(sendingDomains && { FROM_ADDRESS: HOSTED_FROM }),
  });
  // "Send a test to myself" goes to the local SES the test setup started.
  const testMail = process.env.SES_ENDPOINT
    ? {
        mailer: new SesSimpleMailer(
          sendingSesClient({
            endpoint: process.env.SES_ENDPOINT,
            region: 'us-east-1',
            credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          }),
          'dunning-desk-local',
        ),
        fromAddress: sendingDomains ? HOSTED_FROM : 'ar@acme.example',
      }
    : undefined;
  // A client of its own: the stream stands in for DynamoDB Streams, so its reads are not the API's (a test records the API's).
  const streamClient = new DynamoDBClient({
    endpoint: process.env.DYNAMODB_ENDPOINT,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const auditStream = new LocalAuditStream(streamClient, tables.auditTable, clock);
  const app = makeApi(config, tables.client, clock, {
    logger: new Logger({ logLevel: process.env.API_LOG_LEVEL === 'ERROR' ? 'ERROR' : 'SILENT' }),
    pdf: pdfRenderers(await nodeLetterFonts()),
    testMail,
    holidays: dateHolidaysCalendar(),
    checkpoints: auditStream,
    ...(sendingDomains && { sendingDomains }),
  });
  const token = (user: keyof typeof USERS) => issuer.token(USERS[user]);
  return {
    app,
    tables,
    issuer,
    clock,
    token,
    auditStream,
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      const bearer = options.token ?? (options.user === null ? undefined : await token(options.user ?? 'alice'));
      if (bearer) headers.authorization = `Bearer ${bearer}`;
      const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
      const res = await app.request(path, { method, headers, ...(body !== undefined && { body }) });
      const text = await res.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: res.status, json: json as Json, text };
    },
    close: async () => {
      streamClient.destroy();
      await issuer.close();
    },
  };
}

let counter = 0;
/** A request id unique within the test run. */
export function rid(): string {
  counter += 1;
  return `req-${Date.now().toString(36)}-${counter}`;
}

export { snapshot } from './snapshots';
