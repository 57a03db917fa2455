import { Logger } from '@aws-lambda-powertools/logger';
import { dynamoClient } from '../store/dynamodb-client';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SESClient } from '@aws-sdk/client-ses';
import type { Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { systemClock } from '../clock';
import { Pacer } from '../mail/pacer';
import { sendingSesClient } from '../mail/ses-client';
import { fixedSendRate, SesMailer, SesSendRate } from '../mail/ses-mailer';
import { SesSendingDomains } from '../mail/ses-sending-domains';
import { documentClient } from '../store/document-client';
import { DynamoDbAuditStore } from '../store/dynamodb-audit-store';
import { DynamoDbDispatchStore } from '../store/dynamodb-dispatch-store';
import { DynamoDbMainStore } from '../store/dynamodb-main-store';
import { DynamoDbTenantStore } from '../store/dynamodb-tenant-store';
import { DynamoDbWriteTogether } from '../store/dynamodb-write-together';
import { DispatcherEnv, DispatcherEvent } from './dispatcher-config';
import { rateShare } from './tenant-shards';
import { runDispatcherAlone } from './dispatcher';
import { lettersFunctionStatements } from './letters-function-statements';
import { answerWithin } from '../aws-timeouts';

// Module scope: parsed and built once per container, reused by warm invocations.
const env = DispatcherEnv.parse(process.env);
const client = documentClient(dynamoClient());
// Quota reads and domain checks; sending has its own client and timeouts.
const ses = new SESClient({ requestHandler: answerWithin(10_000) });
// Sending makes one attempt (an SDK retry after SES accepted would be a second email); quota reads may retry.
const sending = sendingSesClient();
const logger = new Logger({ serviceName: 'dunning-desk-dispatcher' });
const deps = {
  main: new DynamoDbMainStore(client, env.MAIN_TABLE),
  audit: new DynamoDbAuditStore(client, env.AUDIT_TABLE),
  dispatch: new DynamoDbDispatchStore(client, env.MAIN_TABLE),
  together: new DynamoDbWriteTogether(client, { main: env.MAIN_TABLE, audit: env.AUDIT_TABLE }),
  clock: systemClock,
  mailer: new SesMailer(sending, env.SES_CONFIGURATION_SET),
  // Sharded, each worker paces at its part of the account's rate: together they never exceed it.
  pacer: new Pacer(
    rateShare(env.SES_MAX_SEND_RATE ? fixedSendRate(env.SES_MAX_SEND_RATE) : new SesSendRate(ses, systemClock), env.DISPATCH_SHARDS),
  ),
  ...(env.LETTERS_FUNCTION && {
    statements: lettersFunctionStatements(new LambdaClient({ requestHandler: answerWithin(45_000) }), env.LETTERS_FUNCTION),
  }),
  ...(env.TENANCY === 'hosted' && {
    tenants: new DynamoDbTenantStore(client, env.MAIN_TABLE),
    sendingDomains: new SesSendingDomains(ses),
  }),
  newId: randomUUID,
  logger,
  config: {
    fromAddress: env.FROM_ADDRESS,
    ...(env.DEFAULT_REPLY_TO && { defaultReplyTo: env.DEFAULT_REPLY_TO }),
    leaseMs: env.LEASE_MS,
    settleMs: env.SETTLE_MS,
    safetyMs: env.SAFETY_MS,
    lanes: env.DISPATCH_LANES,
    tenantEmailsPerRun: env.TENANT_EMAILS_PER_RUN,
    ...(env.REPLY_DOMAIN && { replyDomain: env.REPLY_DOMAIN }),
  },
};

export const handler = async (event: unknown, context: Context) => {
  const { shard } = DispatcherEvent.parse(event ?? {});
  if (shard >= env.DISPATCH_SHARDS) throw new Error(`shard ${shard} is not one of the ${env.DISPATCH_SHARDS} DISPATCH_SHARDS`);
  const sharded =
    env.DISPATCH_SHARDS > 1 ? { ...deps, config: { ...deps.config, shard: { index: shard, of: env.DISPATCH_SHARDS } } } : deps;
  const summary = await runDispatcherAlone(sharded, () => context.getRemainingTimeInMillis());
  if ('lockedBy' in summary)
    logger.info('dispatcher run skipped: another run holds the lock', { heldBy: summary.lockedBy, until: summary.until });
  else logger.info('dispatcher run', { ...summary });
  return summary;
};
