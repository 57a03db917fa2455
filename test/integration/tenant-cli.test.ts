import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DynamoDbTenantStore } from '../../lambdas/store/dynamodb-tenant-store';
import { createTestTables, type TestTables } from '../support/dynamodb';

const run = promisify(execFile);

/** The operator's `npm run tenant`, run as a person runs it, against a table on the local DynamoDB. */
describe('npm run tenant: the operator suspends and resumes a team', () => {
  let tables: TestTables;
  let store: DynamoDbTenantStore;
  beforeAll(async () => {
    tables = await createTestTables();
    store = new DynamoDbTenantStore(tables.client, tables.mainTable);
    await store.createTenant({
      tenantId: 'd:acme.example',
      name: 'Acme Supplies',
      plan: 'free',
      limits: { invoicesPerLedger: 2000, emailsPerDay: 200, requestsPerSecond: 5 },
      status: 'active',
      owners: ['alice@acme.example'],
      domain: 'acme.example',
      createdAt: '2026-11-24T15:00:00.000Z',
      version: 1,
    });
  });
  afterAll(() => tables.raw.destroy());

  const tenant = (...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', 'scripts/tenant.ts', ...args], { env: { ...process.env, MAIN_TABLE: tables.mainTable } });

  it('suspends with the reason, shows it, resumes; refuses a suspension without a reason and a team that is not there', async () => {
    const suspended = await tenant('suspend', 'd:acme.example', '--reason', 'the bill for November is unpaid');
    expect(JSON.parse(suspended.stdout)).toMatchObject({
      status: 'suspended',
      suspendedReason: 'the bill for November is unpaid',
      version: 2,
    });
    expect(await store.getTenant('d:acme.example')).toMatchObject({ status: 'suspended' });
    await expect(tenant('suspend', 'd:acme.example')).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('needs --reason') });
    const resumed = await tenant('resume', 'd:acme.example');
    expect(JSON.parse(resumed.stdout)).toMatchObject({ status: 'active', version: 3, invited: [], removed: [] });
    expect(JSON.parse(resumed.stdout)).not.toHaveProperty('suspendedReason');
    await expect(tenant('show', 'd:nobody.example')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('No team d:nobody.example'),
    });
  }, 60_000);
});
