import { dateHolidaysCalendar } from '../holidays/date-holidays-calendar';
import { Logger } from '@aws-lambda-powertools/logger';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { dynamoClient } from '../store/dynamodb-client';
import { startSesServer } from './ses-local-server';
import { createActiveTable, localDynamo } from './local-dynamo';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { ApiConfig } from '../api/api-config';
import { makeApi } from '../api/make-api';
import type { Clock } from '../clock';
import { type DispatcherDeps, type RunSummary, runDispatcher } from '../dispatcher/dispatcher';
import { Pacer } from '../mail/pacer';
import { sendingSesClient } from '../mail/ses-client';
import { fixedSendRate, SesMailer } from '../mail/ses-mailer';
import { SesSimpleMailer } from '../mail/ses-simple-mailer';
import { DynamoDbAuditStore } from '../store/dynamodb-audit-store';
import { DynamoDbDispatchStore } from '../store/dynamodb-dispatch-store';
import { DynamoDbWriteTogether } from '../store/dynamodb-write-together';
import { DynamoDbMainStore } from '../store/dynamodb-main-store';
import { documentClient } from '../store/document-client';
import { AUDIT_TABLE, MAIN_TABLE } from '../store/table-definitions';
import { handleSesEvents } from '../ses-events/handle-ses-event';
import { pdfRenderers } from '../letters/pdf-renderers';
import { DynamoDbTenantStore } from '../store/dynamodb-tenant-store';
import { nodeLetterFonts } from '../letters/node-fonts';
import { LocalAuditStream } from './local-audit-stream';
import { LocalSendingDomains } from './local-sending-domains';
import { LocalTokenIssuer } from './local-token-issuer';
import { RecordingMailer, type SesEventKind, snsEvent } from './ses-event-simulator';
import { type ReplyKind, replySimulator } from './reply-simulator';
import type { InboundOutcome } from '../inbound/handle-inbound';

/** The domain replies go to on the local stack (no mail reaches it: the mailbox's Reply buttons stand in). */
export const LOCAL_REPLY_DOMAIN = 'replies.dunningdesk.example';
/** The service's own sender on the local stack. */
const LOCAL_FROM_ADDRESS = 'ar@dunningdesk.example';
import { type RunningServer, serveApp } from './serve-api';

export interface LocalStackOptions {
  apiPort: number;
  dynamoPort: number;
  issuerPort: number;
  sesPort: number;
  /** How often the dispatcher runs; EventBridge Scheduler does this in production. */
  dispatchEveryMs: number;
  /** LevelDB folder for dynalite; in memory when absent. */
  dataPath?: string;
  clock: Clock;
  /** The hosted service's mode (TENANCY=hosted): the local user's team must sign up first, from the sidebar. */
  hosted?: boolean;
}

/** The signed-in user of the local stack: a Workspace user of an allowed domain. */
export const LOCAL_USER = { sub: 'local-user-1', email: 'you@dunningdesk.example', hd: 'dunningdesk.example' };

export interface LocalStack {
  apiUrl: string;
  dynamoUrl: string;
  sesUrl: string;
  jwksUrl: string;
  issuer: LocalTokenIssuer;
  /** Runs the dispatcher now (after any run in progress) and says what it did. */
  dispatchNow(): Promise<RunSummary>;
  /** When the dispatcher sent each message SES accepted, by the stack's clock. */
  sentTimes(): Record<string, string>;
  /** Delivers the notification SES would publish for a message it accepted: what the ses-events Lambda gets. */
  simulateSesEvent(messageId: string, kind: SesEventKind): Promise<{ handled: number; ignored: number; to: string }>;
  /** Answers a message SES accepted as its recipient would, and hands the reply to the inbound handler as SES receiving would. */
  simulateReply(messageId: string, kind: ReplyKind): Promise<InboundOutcome & { from: string }>;
  /** Hosted only: publishes the DKIM records of every domain waiting for them, as the teams' DNS hosts would; says which. */
  publishDkim?: () => { domains: string[] };
  stop(): Promise<void>;
}

/** dynalite on its port (in memory, or kept in a folder), with the stack's tables made if missing. */
async function startLocalDynamo(options: LocalStackOptions) {
  const dynamo = localDynamo(options.dataPath ? { path: options.dataPath } : {});
  await new Promise<void>((resolve) => dynamo.listen(options.dynamoPort, '127.0.0.1', resolve));
  const dynamoUrl = `http://127.0.0.1:${(dynamo.address() as AddressInfo).port}`;
  // The functions' client, timeouts and all, against dynalite.
  const raw = dynamoClient({ endpoint: dynamoUrl, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const existing = new Set((await raw.send(new ListTablesCommand({}))).TableNames ?? []);
  for (const [name, def] of [
    ['dunning-desk-main', MAIN_TABLE],
    ['dunning-desk-audit', AUDIT_TABLE],
  ] as const) {
    if (!existing.has(name)) await createActiveTable(raw, name, def);
  }
  return { dynamo, dynamoUrl, raw };
}

/**
 * The dispatcher on a timer, as EventBridge Scheduler runs it. One run at a time, as the run lock
 * gives production: here a run asked for while one is going waits for it and then runs (rather
 * than exiting), so what the caller just changed is seen.
 */
function dispatchOnTimer(deps: DispatcherDeps, everyMs: number, logger: Logger) {
  let running: Promise<RunSummary> | undefined;
  const dispatchOnce = async (): Promise<RunSummary> => {
    // Each run gets a Lambda-like budget of its own, however often the timer fires.
    const deadline = Date.now() + Math.max(everyMs, 60_000);
    const summary = await runDispatcher(deps, () => deadline - Date.now());
    if (summary.emails > 0 || summary.skipped > 0 || summary.failed > 0) {
      logger.info('dispatcher run', { emails: summary.emails, skipped: summary.skipped, moved: summary.moved, failed: summary.failed });
    }
    return summary;
  };
  const dispatchNow = async (): Promise<RunSummary> => {
    while (running) await running.catch(() => undefined);
    const mine = dispatchOnce();
    running = mine;
    try {
      return await mine;
    } finally {
      // Only this run's own marker: a run that started after it must stay visible.
      if (running === mine) running = undefined;
    }
  };
  const tick = () => {
    if (running) return;
    dispatchNow().catch((error: unknown) => logger.error('dispatcher run failed', error as Error));
  };
  const timer = setInterval(tick, everyMs);
  const stopTimer = async () => {
    clearInterval(timer);
    await running?.catch(() => undefined);
  };
  return { dispatchNow, stopTimer };
}

/** aws-ses-v2-local stands in for SES; its page lists every email sent. */
async function startLocalSes(port: number) {
  const ses = await startSesServer({ host: '127.0.0.1', port });
  const sesUrl = `http://127.0.0.1:${(ses.address() as AddressInfo).port}`;
  const sesClient = sendingSesClient({
    endpoint: sesUrl,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return { ses, sesUrl, sesClient };
}

/** The api's configuration as the stack would set it, but for the local URLs. */
function localApiConfig(issuer: LocalTokenIssuer, hosted: boolean): ApiConfig {
  return ApiConfig.parse({
    MAIN_TABLE: 'dunning-desk-main',
    AUDIT_TABLE: 'dunning-desk-audit',
    GOOGLE_JWKS_URL: issuer.jwksUrl,
    OAUTH_CLIENT_IDS: issuer.audience,
    ALLOWED_DOMAINS: LOCAL_USER.hd,
    APP_VERSION: 'local',
    TENANCY: hosted ? 'hosted' : 'allow-list',
    FROM_ADDRESS: LOCAL_FROM_ADDRESS,
    REPLY_DOMAIN: LOCAL_REPLY_DOMAIN,
  });
}

/**
 * The backend on this machine with embedded defaults: dynalite for DynamoDB (tables made from the
 * same definitions the stack deploys), a local issuer standing in for Google's tokens, the same
 * API app configured as in production but for the URLs, aws-ses-v2-local for SES, and the
 * dispatcher on a timer, as EventBridge Scheduler runs it in production.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const { dynamo, dynamoUrl, raw } = await startLocalDynamo(options);
  const issuer = await LocalTokenIssuer.start(options.clock, undefined, options.issuerPort);
  const config = localApiConfig(issuer, options.hosted === true);
  const client = documentClient(raw);
  // One process serves every route here, letters included (in AWS they have a function of their own).
  const pdf = pdfRenderers(await nodeLetterFonts());

  const { ses, sesUrl, sesClient } = await startLocalSes(options.sesPort);
  const logger = new Logger({ serviceName: 'dunning-desk-dispatcher', logLevel: 'INFO' });
  // Remembers what SES accepted, so a bounce or complaint can be delivered as SES would.
  const mailer = new RecordingMailer(new SesMailer(sesClient, 'dunning-desk-local'), options.clock);
  const fromAddress = LOCAL_FROM_ADDRESS;
  // SES's domain identities and the teams' DNS, which cannot run here: verified once the workbench publishes the records.
  const sendingDomains = new LocalSendingDomains();
  // The audit stream and its checkpoints, which dynalite and this machine cannot give: verification compares with them.
  const checkpoints = new LocalAuditStream(raw, config.AUDIT_TABLE, options.clock);
  const api: RunningServer = await serveApp(
    makeApi(config, client, options.clock, {
      logger: new Logger({ serviceName: 'dunning-desk-api', logLevel: 'WARN' }),
      pdf,
      testMail: { mailer: new SesSimpleMailer(sesClient, 'dunning-desk-local'), fromAddress },
      holidays: dateHolidaysCalendar(),
      checkpoints,
      ...(options.hosted && { sendingDomains }),
    }),
    options.apiPort,
  );
  const dispatcherDeps: DispatcherDeps = {
    main: new DynamoDbMainStore(client, config.MAIN_TABLE),
    audit: new DynamoDbAuditStore(client, config.AUDIT_TABLE),
    dispatch: new DynamoDbDispatchStore(client, config.MAIN_TABLE),
    together: new DynamoDbWriteTogether(client, { main: config.MAIN_TABLE, audit: config.AUDIT_TABLE }),
    clock: options.clock,
    mailer,
    pacer: new Pacer(fixedSendRate(14)),
    // In process here; in AWS the dispatcher invokes the letters function, which renders with the same code.
    statements: pdf.statement,
    ...(options.hosted && { tenants: new DynamoDbTenantStore(client, config.MAIN_TABLE), sendingDomains }),
    newId: randomUUID,
    // Replies are captured locally too: each email's Reply-To names the local reply domain.
    config: {
      fromAddress,
      leaseMs: 5 * 60_000,
      settleMs: 24 * 3600_000,
      safetyMs: 5_000,
      replyDomain: LOCAL_REPLY_DOMAIN,
      // As in production: debtors sent to at once, each team to its share of a run.
      lanes: 8,
      tenantEmailsPerRun: 20,
    },
  };
  const { dispatchNow, stopTimer } = dispatchOnTimer(dispatcherDeps, options.dispatchEveryMs, logger);

  const sesEventLogger = new Logger({ serviceName: 'dunning-desk-ses-events', logLevel: 'INFO' });
  const simulateSesEvent = async (messageId: string, kind: SesEventKind) => {
    const message = mailer.accepted.find((m) => m.messageId === messageId);
    if (!message) throw new Error(`SES accepted no message ${messageId} in this run`);
    const result = await handleSesEvents({ ...dispatcherDeps, logger: sesEventLogger }, snsEvent(kind, message));
    return { ...result, to: message.to };
  };

  // SES receiving, which cannot run here: the message stored, then the inbound handler invoked, as the receipt rule does.
  const simulateReply = replySimulator({
    ...dispatcherDeps,
    accepted: mailer.accepted,
    fromAddress,
    replyDomain: LOCAL_REPLY_DOMAIN,
    logger: new Logger({ serviceName: 'dunning-desk-inbound', logLevel: 'INFO' }),
  });

  return {
    apiUrl: api.url,
    dynamoUrl,
    sesUrl,
    jwksUrl: issuer.jwksUrl,
    issuer,
    dispatchNow,
    simulateSesEvent,
    simulateReply,
    ...(options.hosted && { publishDkim: () => ({ domains: sendingDomains.publishAll() }) }),
    sentTimes: () => Object.fromEntries(mailer.accepted.map((m) => [m.messageId, m.at])),
    async stop() {
      await stopTimer();
      await new Promise<void>((resolve) => ses.close(() => resolve()));
      await api.close();
      await issuer.close();
      await new Promise<void>((resolve) => dynamo.close(() => resolve()));
      raw.destroy();
    },
  };
}
