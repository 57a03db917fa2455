import { SESClient } from '@aws-sdk/client-ses';
import { randomUUID } from 'node:crypto';
import { type CrashPoint, type DispatcherDeps, runDispatcher } from '../../lambdas/dispatcher/dispatcher';
import type { Mailer, OutgoingEmail, SendResult } from '../../lambdas/mail/mailer';
import { Pacer } from '../../lambdas/mail/pacer';
import { fixedSendRate, SesMailer } from '../../lambdas/mail/ses-mailer';
import { handleSesEvents } from '../../lambdas/ses-events/handle-ses-event';
import { DynamoDbAuditStore } from '../../lambdas/store/dynamodb-audit-store';
import { DynamoDbDispatchStore } from '../../lambdas/store/dynamodb-dispatch-store';
import { DynamoDbMainStore } from '../../lambdas/store/dynamodb-main-store';
import type { TestApi } from './api';

export interface StoredEmail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[] };
  subject: string;
  body: { html?: string; text?: string };
  attachments: { contentType: string; filename?: string; size: number }[];
}

/** What aws-ses-v2-local received, optionally only for some recipients. */
export async function sesMailbox(to?: (address: string) => boolean): Promise<StoredEmail[]> {
  const store = (await (await fetch(`${process.env.SES_ENDPOINT}/store`)).json()) as { emails: StoredEmail[] };
  return store.emails.filter((e) => !to || e.destination.to.some((t) => to(t.replace(/^.*<|>$/g, ''))));
}

export function localSes(): SESClient {
  return new SESClient({ endpoint: process.env.SES_ENDPOINT, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
}

/**
 * Stands in for SES's event publishing, which cannot run here: every message SES accepted, with
 * its tags, so a test can deliver the Delivery / Bounce / Complaint notifications SES would.
 */
export class RecordingMailer implements Mailer {
  readonly accepted: { messageId: string; to: string; tags: Record<string, string> }[] = [];
  constructor(private readonly inner: Mailer) {}
  async send(email: OutgoingEmail): Promise<SendResult> {
    const result = await this.inner.send(email);
    if (result.ok) this.accepted.push({ messageId: result.messageId, to: email.to, tags: email.tags });
    return result;
  }
}

/** An SNS delivery of SES configuration-set events, shaped as SES publishes them. */
export function snsEvent(kind: 'Delivery' | 'Bounce' | 'Complaint', message: { messageId: string; to: string; tags: Record<string, string> }, bounceType = 'Permanent') {
  const notification = {
    eventType: kind,
    mail: { messageId: message.messageId, destination: [message.to], tags: Object.fromEntries(Object.entries(message.tags).map(([k, v]) => [k, [v]])) },
    ...(kind === 'Delivery' && { delivery: { recipients: [message.to] } }),
    ...(kind === 'Bounce' && { bounce: { bounceType, bouncedRecipients: [{ emailAddress: message.to }] } }),
    ...(kind === 'Complaint' && { complaint: { complainedRecipients: [{ emailAddress: message.to }], complaintFeedbackType: 'abuse' } }),
  };
  return { Records: [{ Sns: { MessageId: randomUUID(), Message: JSON.stringify(notification) } }] };
}

export interface DispatcherHarness {
  deps: DispatcherDeps;
  recorder: RecordingMailer;
  run(remainingMs?: number): ReturnType<typeof runDispatcher>;
  deliverEvents(event: unknown): ReturnType<typeof handleSesEvents>;
}

export function dispatcherHarness(api: TestApi, options: { mailer?: (real: Mailer) => Mailer; faults?: (p: CrashPoint) => void; rate?: number } = {}): DispatcherHarness {
  const { client, mainTable, auditTable } = api.tables;
  const recorder = new RecordingMailer(new SesMailer(localSes(), 'dunning-desk-local'));
  const main = new DynamoDbMainStore(client, mainTable);
  const audit = new DynamoDbAuditStore(client, auditTable);
  const dispatch = new DynamoDbDispatchStore(client, mainTable);
  const deps: DispatcherDeps = {
    main, audit, dispatch, clock: api.clock,
    mailer: options.mailer ? options.mailer(recorder) : recorder,
    pacer: new Pacer(fixedSendRate(options.rate ?? 2000)),
    newId: randomUUID,
    config: { fromAddress: 'ar@acme.example', leaseMs: 5 * 60_000, settleMs: 24 * 3600_000, safetyMs: 1000 },
    ...(options.faults && { faults: options.faults }),
  };
  const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
  return {
    deps,
    recorder,
    run: (remainingMs = 60_000) => runDispatcher(deps, () => remainingMs),
    deliverEvents: (event) => handleSesEvents({ main, audit, dispatch, clock: api.clock, logger: silent }, event),
  };
}
