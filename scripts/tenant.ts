/**
 * npm run tenant -- <command>: the hosted service's operator acting on one team, with the tables'
 * credentials (the AWS ones in the environment), not through the API.
 *   show <team>                        the team's record and people
 *   suspend <team> --reason "..."       its people refused with the reason, its reminders not sent
 *   resume <team>                      back as it was
 *   export <team> --out <folder>       everything it has, its audit chains verified (on its request)
 *   delete <team> --confirm <team> --requested-by "who, how, when"
 *                                      deleted on its request; its audit events kept 7 years, then expire
 * MAIN_TABLE and AUDIT_TABLE name the tables (the stack's outputs); DYNAMODB_ENDPOINT points at a
 * local DynamoDB (npm start's dynalite) instead of AWS. INBOUND_BUCKET (the stack's InboundBucket
 * output, when replies are received) lets a deletion delete the replies' stored messages too.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';
import { S3Client } from '@aws-sdk/client-s3';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { systemClock } from '../lambdas/clock';
import { S3RawMessages } from '../lambdas/inbound/s3-raw-messages';
import { SesSendingDomains } from '../lambdas/mail/ses-sending-domains';
import { AUDIT_RETENTION_YEARS, deleteTeam, exportTeam } from '../lambdas/services/tenant-data-service';
import { setTenantStatus } from '../lambdas/services/tenant-service';
import { documentClient } from '../lambdas/store/document-client';
import { DynamoDbTenantData } from '../lambdas/store/dynamodb-tenant-data';
import { DynamoDbTenantStore } from '../lambdas/store/dynamodb-tenant-store';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    reason: { type: 'string' },
    out: { type: 'string' },
    confirm: { type: 'string' },
    'requested-by': { type: 'string' },
    // How long the deletion waits before its second pass: every warm function forgets a team within a minute.
    'settle-seconds': { type: 'string', default: '65' },
  },
});
const [command, tenantId] = positionals;
const table = process.env.MAIN_TABLE;
const auditTable = process.env.AUDIT_TABLE;
const usage =
  'usage: npm run tenant -- show|suspend|resume|export|delete <team id, e.g. d:acme.com> [--reason "..."] [--out <folder>] [--confirm <team id> --requested-by "..."] (MAIN_TABLE set; AUDIT_TABLE for export and delete)';
const fail = (message: string, code = 2): never => {
  console.error(message);
  process.exit(code);
};
if (!table || !tenantId || !['show', 'suspend', 'resume', 'export', 'delete'].includes(command ?? '')) fail(usage);
const endpoint = process.env.DYNAMODB_ENDPOINT;
const raw = new DynamoDBClient(
  endpoint ? { endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {},
);
const client = documentClient(raw);
const tenants = new DynamoDbTenantStore(client, table ?? '');
const teamData = () => new DynamoDbTenantData(client, table ?? '', auditTable ?? fail('export and delete need AUDIT_TABLE as well'));

/** Binary attributes (a letter's PDF) as base64, so the export is plain JSON a person can read. */
const json = (value: unknown) =>
  JSON.stringify(value, (_key, v: unknown) => (v instanceof Uint8Array ? { base64: Buffer.from(v).toString('base64') } : v));

async function exportTo(folder: string, id: string) {
  const exported = await exportTeam({ data: teamData(), tenants, clock: systemClock }, id);
  await mkdir(folder, { recursive: true });
  const people = exported.team ? await tenants.people(id) : undefined;
  await writeFile(
    join(folder, 'team.json'),
    `${JSON.stringify({ tenantId: id, exportedAt: exported.exportedAt, team: exported.team, ...people }, null, 2)}\n`,
  );
  await writeFile(join(folder, 'main-items.jsonl'), exported.mainItems.map((i) => `${json(i)}\n`).join(''));
  await writeFile(join(folder, 'audit-events.jsonl'), exported.auditEvents.map((e) => `${json(e)}\n`).join(''));
  await writeFile(join(folder, 'verification.json'), `${JSON.stringify(exported.verification, null, 2)}\n`);
  await writeFile(
    join(folder, 'README.txt'),
    [
      `Dunning Desk: everything team ${id} had on ${exported.exportedAt}.`,
      'team.json            the team, its plan, owners, sending domain, and the people invited or removed',
      'main-items.jsonl     every stored item, one a line: invoices as last synced, reminders, settings, letters (PDF as base64), customers, logs',
      'audit-events.jsonl   every audit event, one a line, as stored: each links to the one before by its hash',
      "verification.json    each invoice's chain checked link by link: events, the last hash, verified or where it breaks",
      '',
    ].join('\n'),
  );
  return { folder, mainItems: exported.mainItems.length, ...exported.verification, chains: exported.verification.chains.length };
}

try {
  const id = tenantId ?? '';
  if (command === 'export') {
    console.log(JSON.stringify(await exportTo(values.out ?? fail('export needs --out <folder>'), id), null, 2));
  } else if (command === 'delete') {
    if (values.confirm !== id) fail(`delete needs --confirm ${id}: the team's id typed again`);
    const requestedBy =
      values['requested-by']?.trim() || fail('delete needs --requested-by "who asked, how and when": it is kept on record');
    // Locally there is no SES: the team's sending domain, if any, is left (said in the output).
    const domains = endpoint ? undefined : new SesSendingDomains(new SESClient({}));
    const bucket = process.env.INBOUND_BUCKET;
    const replies = bucket ? new S3RawMessages(new S3Client({}), bucket) : undefined;
    const deps = { data: teamData(), tenants, clock: systemClock, ...(domains && { domains }), ...(replies && { replies }) };
    const first = await deleteTeam(deps, id, requestedBy);
    await new Promise((resolve) => setTimeout(resolve, Number(values['settle-seconds']) * 1000));
    // What a request or a dispatcher run in flight wrote meanwhile goes too; the events it added are kept alike.
    const second = await deleteTeam(deps, id, `${requestedBy} (second pass)`);
    console.log(
      JSON.stringify(
        {
          ...first,
          mainItemsDeleted: first.mainItemsDeleted + second.mainItemsDeleted,
          auditEventsKept: second.auditEventsKept,
          auditKeptUntil: second.auditKeptUntil,
          // The second pass lists every reply again from the kept events (the first's and any since): its count is the total.
          ...(second.repliesDeleted !== undefined && { repliesDeleted: second.repliesDeleted }),
          retention: `audit events are kept, unchanged and verifiable, for ${AUDIT_RETENTION_YEARS} years (until ${second.auditKeptUntil.slice(0, 10)}), then expire`,
          ...(!replies && {
            replies: "INBOUND_BUCKET was not set: replies' stored messages, if any, were left to expire with the bucket's 400-day rule",
          }),
        },
        null,
        2,
      ),
    );
  } else {
    if (command === 'suspend') {
      const reason = values.reason?.trim() || fail('suspend needs --reason "...": the team is told it on every refused request');
      await setTenantStatus({ tenants }, id, { status: 'suspended', reason });
    } else if (command === 'resume') await setTenantStatus({ tenants }, id, { status: 'active' });
    const team = await tenants.getTenant(id);
    if (!team) fail(`No team ${id} in ${table}.`, 1);
    console.log(JSON.stringify({ ...team, ...(await tenants.people(id)) }, null, 2));
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
} finally {
  raw.destroy();
}
