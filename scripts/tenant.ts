/**
 * npm run tenant -- <command>: the hosted service's operator acting on one team, with the main
 * table's credentials (the AWS ones in the environment), not through the API.
 *   show <team>                       the team's record and people
 *   suspend <team> --reason "..."      its people refused with the reason, its reminders not sent
 *   resume <team>                     back as it was
 * MAIN_TABLE names the table (the stack's MainTableName output); DYNAMODB_ENDPOINT points at a
 * local one (npm start's dynalite) instead of AWS.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { parseArgs } from 'node:util';
import { setTenantStatus } from '../lambdas/services/tenant-service';
import { documentClient } from '../lambdas/store/document-client';
import { DynamoDbTenantStore } from '../lambdas/store/dynamodb-tenant-store';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { reason: { type: 'string' } } });
const [command, tenantId] = positionals;
const table = process.env.MAIN_TABLE;
const usage = 'usage: npm run tenant -- show|suspend|resume <team id, e.g. d:acme.com> [--reason "..."] (MAIN_TABLE set)';
if (!table || !tenantId || !['show', 'suspend', 'resume'].includes(command ?? '')) {
  console.error(usage);
  process.exit(2);
}
const endpoint = process.env.DYNAMODB_ENDPOINT;
const raw = new DynamoDBClient(
  endpoint ? { endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {},
);
const tenants = new DynamoDbTenantStore(documentClient(raw), table);
try {
  if (command === 'suspend') {
    if (!values.reason?.trim()) {
      console.error('suspend needs --reason "...": the team is told it on every refused request');
      process.exit(2);
    }
    await setTenantStatus({ tenants }, tenantId, { status: 'suspended', reason: values.reason.trim() });
  } else if (command === 'resume') await setTenantStatus({ tenants }, tenantId, { status: 'active' });
  const team = await tenants.getTenant(tenantId);
  if (!team) {
    console.error(`No team ${tenantId} in ${table}.`);
    process.exit(1);
  }
  console.log(JSON.stringify({ ...team, ...(await tenants.people(tenantId)) }, null, 2));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
} finally {
  raw.destroy();
}
