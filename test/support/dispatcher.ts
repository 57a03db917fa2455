import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SESClient } from '@aws-sdk/client-ses';
import { documentClient } from '../../lambdas/store/document-client';
import { sendingSesClient } from '../../lambdas/mail/ses-client';
import { randomUUID } from 'node:crypto';
import { type CrashPoint, type DispatcherDeps, runDispatcher } from '../../lambdas/dispatcher/dispatcher';
import type { Mailer } from '../../lambdas/mail/mailer';
import { RecordingMailer } from '../../lambdas/local/ses-event-simulator';
import { Pacer } from '../../lambdas/mail/pacer';
import { fixedSendRate, SesMailer } from '../../lambdas/mail/ses-mailer';
import { handleSesEvents } from '../../lambdas/ses-events/handle-ses-event';
import { DynamoDbAuditStore } from '../../lambdas/store/dynamodb-audit-store';
import { DynamoDbDispatchStore } from '../../lambdas/store/dynamodb-dispatch-store';
import { DynamoDbWriteTogether } from '../../lambdas/store/dynamodb-write-together';
import { DynamoDbMainStore } from '../../lambdas/store/dynamodb-main-store';
import type { TestApi } from './api';

export interface StoredEmail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[] };
  subject: string;
  body: { html?: string; text?: string };
  /** From SendRawEmail, the content base64-encoded, as the customer's mail program would get it. */
  attachments: { contentType: string; filename?: string; size: number; content?: string }[];
}

/** What aws-ses-v2-local received, optionally only for some recipients. */
export async function sesMailbox(to?: (address: string) => boolean): Promise<StoredEmail[]> {
  const store = (await (await fetch(`${process.env.SES_ENDPOINT}/store`)).json()) as { emails: StoredEmail[] };
  return store.emails.filter((e) => !to || e.destination.to.some((t) => to(t.replace(/^.*<|>$/g, ''))));
}

export function localSes(endpoint = process.env.SES_ENDPOINT): SESClient {
  return sendingSesClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
}

export interface DispatcherHarness {
  deps: DispatcherDeps;
  recorder: RecordingMailer;
  run(remainingMs?: number): ReturnType<typeof runDispatcher>;
  deliverEvents(event: unknown): ReturnType<typeof handleSesEvents>;
  /** Closes the SDK clients made for this harness (their sockets would keep jest alive). */
  close(): void;
}

export interface HarnessOptions {
  mailer?: (real: Mailer) => Mailer;
  faults?: (p: CrashPoint) => void;
  rate?: number;
  /** Talk to DynamoDB / SES through these endpoints (a fault proxy) instead of the servers directly. */
  dynamoEndpoint?: string;
  sesEndpoint?: string;
  logger?: DispatcherDeps['logger'];
  /** Told the operation ("PutItem") of every DynamoDB request the dispatcher makes. */
  onRequest?: (operation: string) => void;
  /** Renders the statement of account a step attaches (pdfmake in process, as the local stack does). */
  statements?: DispatcherDeps['statements'];
  /** The hosted service's teams (a suspended team's reminders are not sent). */
  tenants?: DispatcherDeps['tenants'];
  /** Hosted: teams' own sending domains; the service's own From is then `fromAddress`. */
  sendingDomains?: DispatcherDeps['sendingDomains'];
  fromAddress?: string;
  /** Debtors sent to at once, and each team's emails per run (the dispatcher's defaults when absent). */
  lanes?: number;
  tenantEmailsPerRun?: number;
  /** This worker's shard of the teams (fanned-out dispatch). */
  shard?: { index: number; of: number };
  /** Each write of a send's follow-up on its own, as where transactions are not to be had. */
  oneWriteAtATime?: boolean;
}

export function dispatcherHarness(api: TestApi, options: HarnessOptions = {}): DispatcherHarness {
  const { mainTable, auditTable } = api.tables;
  // Through a proxy, the DynamoDB client keeps the SDK's default retries, as it has in Lambda.
  const endpoint = options.dynamoEndpoint ?? (options.onRequest && process.env.DYNAMODB_ENDPOINT);
  const raw = endpoint
    ? new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } })
    : undefined;
  const onRequest = options.onRequest;
  if (raw && onRequest)
    raw.middlewareStack.add(
      (next, context) => (args) => {
        onRequest(String(context.commandName ?? 'unknown').replace(/Command$/, ''));
        return next(args);
      },
      { step: 'finalizeRequest', name: 'countRequests' },
    );
  const client = raw ? documentClient(raw) : api.tables.client;
  const ses = localSes(options.sesEndpoint);
  const recorder = new RecordingMailer(new SesMailer(ses, 'dunning-desk-local'), api.clock);
  const main = new DynamoDbMainStore(client, mainTable);
  const audit = new DynamoDbAuditStore(client, auditTable);
  const dispatch = new DynamoDbDispatchStore(client, mainTable);
  const deps: DispatcherDeps = {
    main,
    audit,
    dispatch,
    ...(!options.oneWriteAtATime && { together: new DynamoDbWriteTogether(client, { main: mainTable, audit: auditTable }) }),
    clock: api.clock,
    mailer: options.mailer ? options.mailer(recorder) : recorder,
    pacer: new Pacer(fixedSendRate(options.rate ?? 2000)),
    newId: randomUUID,
    config: {
      fromAddress: options.fromAddress ?? 'ar@acme.example',
      leaseMs: 5 * 60_000,
      settleMs: 24 * 3600_000,
      safetyMs: 1000,
      ...(options.lanes && { lanes: options.lanes }),
      ...(options.tenantEmailsPerRun && { tenantEmailsPerRun: options.tenantEmailsPerRun }),
      ...(options.shard && { shard: options.shard }),
    },
    ...(options.faults && { faults: options.faults }),
    ...(options.logger && { logger: options.logger }),
    ...(options.statements && { statements: options.statements }),
    ...(options.tenants && { tenants: options.tenants }),
    ...(options.sendingDomains && { sendingDomains: options.sendingDomains }),
  };
  const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
  return {
    close: () => {
      raw?.destroy();
      ses.destroy();
    },
    deps,
    recorder,
    run: (remainingMs = 60_000) => runDispatcher(deps, () => remainingMs),
    deliverEvents: (event) => handleSesEvents({ main, audit, dispatch, clock: api.clock, logger: silent }, event),
  };
}

export { snsEvent } from '../../lambdas/local/ses-event-simulator';
