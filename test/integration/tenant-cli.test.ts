import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDbAuditStore } from '../../lambdas/store/dynamodb-audit-store';
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
    run(process.execPath, ['--import', 'tsx', 'scripts/tenant.ts', ...args], {
      env: { ...process.env, MAIN_TABLE: tables.mainTable, AUDIT_TABLE: tables.auditTable },
    });

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

  it('exports the team to a folder a person can read, its chains verified, then deletes it, keeping its audit events', async () => {
    const audit = new DynamoDbAuditStore(tables.client, tables.auditTable);
    const scope = { tenant: 'd:acme.example', ledgerId: 'L1', invoiceNumber: 'INV-7' };
    for (const type of ['invoice.synced', 'email.sent'])
      await audit.append(scope, {
        type,
        at: '2026-11-24T15:00:00.000Z',
        actor: {},
        source: 'dispatcher',
        data: { to: 'ap@debtor.example' },
      });
    const folder = await mkdtemp(join(tmpdir(), 'team-export-'));
    const exported = JSON.parse((await tenant('export', 'd:acme.example', '--out', folder)).stdout);
    expect(exported).toMatchObject({ chains: 1, events: 2, verified: 1, broken: 0 });
    expect(await readdir(folder)).toEqual(['README.txt', 'audit-events.jsonl', 'main-items.jsonl', 'team.json', 'verification.json']);
    expect(JSON.parse(await readFile(join(folder, 'team.json'), 'utf8'))).toMatchObject({ team: { name: 'Acme Supplies' }, invited: [] });
    expect((await readFile(join(folder, 'audit-events.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(2);

    await expect(tenant('delete', 'd:acme.example', '--requested-by', 'Alice')).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('delete needs --confirm d:acme.example'),
    });
    const deleted = JSON.parse(
      (
        await tenant(
          'delete',
          'd:acme.example',
          '--confirm',
          'd:acme.example',
          '--requested-by',
          'Alice, by email',
          '--settle-seconds',
          '0',
        )
      ).stdout,
    );
    expect(deleted).toMatchObject({
      tenantId: 'd:acme.example',
      auditEventsKept: 2,
      retention: expect.stringMatching(/kept, unchanged and verifiable, for 7 years/),
    });
    expect(await store.getTenant('d:acme.example')).toBeUndefined();
    expect(await audit.chain(scope)).toHaveLength(2);
  }, 60_000);
});
