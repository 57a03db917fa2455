import { AUDIT_ACTIONS, HOSTED_MAIN_ACTIONS, MAIN_ACTIONS, OWN_FUNCTION_ROUTES } from '../../cdk/dunning-desk-stack';
import type { LambdaName } from '../../lambdas/entries';
import { LEDGER, rid, snapshot, startTestApi, type TestApi } from '../support/api';
import { dispatcherHarness, snsEvent } from '../support/dispatcher';
import { ROUTE_NAMES, validBodies } from '../support/route-bodies';

/**
 * Every DynamoDB call each route, the dispatcher and the ses-events handler make, recorded below
 * the SDK with the table it names, against the actions the stack grants the function that serves
 * it. A call the role lacks is AccessDenied in AWS (a 500 nobody sees locally, where dynalite
 * checks no permission), so the grants are checked here rather than found in production.
 */
describe('each function is allowed every DynamoDB call its code makes', () => {
  let api: TestApi;
  const calls: { op: string; table: string }[] = [];
  const violations: string[] = [];
  const functionOf = (method: string, path: string): LambdaName =>
    OWN_FUNCTION_ROUTES.find((r) => r.method === method && r.path === path.split('?')[0])?.fn ?? 'api';
  // Hosted, the letters and holidays functions get more (grants on the stack's condition).
  let hosted = false;
  const allowed = (fn: LambdaName, table: string) =>
    table === api.tables.mainTable
      ? [...(MAIN_ACTIONS[fn] ?? []), ...(hosted && (fn === 'letters' || fn === 'holidays') ? HOSTED_MAIN_ACTIONS[fn] : [])]
      : ['api', 'letters', 'dispatcher', 'sesEvents'].includes(fn)
        ? AUDIT_ACTIONS
        : [];
  const check = (fn: LambdaName, what: string) => {
    for (const { op, table } of calls.splice(0))
      if (!allowed(fn, table).includes(`dynamodb:${op}`))
        violations.push(`${what} (${fn}): dynamodb:${op} on ${table === api.tables.mainTable ? 'main' : 'audit'}`);
  };
  const call = async (method: string, path: string, body?: unknown, user: 'alice' | 'bob' = 'alice') => {
    // Each function keeps who is who for a minute; a cold one reads the records, as this call must.
    if (hosted) api.clock.advance(61_000);
    calls.length = 0;
    const res = await api.call(method, path, { user, ...(body !== undefined && { body }) });
    expect({ path, status: res.status < 500 }).toEqual({ path, status: true });
    check(functionOf(method, path), `${method} ${path.split('?')[0] ?? path}`);
    return res;
  };

  const start = async (tenancy: 'allow-list' | 'hosted') => {
    api = await startTestApi('2026-11-24T15:00:00Z', undefined, { tenancy });
    hosted = tenancy === 'hosted';
    api.tables.raw.middlewareStack.add(
      (next, context) => (args) => {
        const input = args.input as {
          TableName?: string;
          RequestItems?: Record<string, unknown>;
          TransactItems?: Record<string, { TableName: string }>[];
        };
        for (const table of input.TableName ? [input.TableName] : Object.keys(input.RequestItems ?? {}))
          calls.push({ op: String(context.commandName ?? '').replace(/Command$/, ''), table });
        // IAM has no action for a transaction: it checks each item's own (PutItem, ConditionCheckItem...).
        for (const item of input.TransactItems ?? [])
          for (const [kind, op] of Object.entries(item))
            calls.push({ op: kind === 'ConditionCheck' ? 'ConditionCheckItem' : `${kind}Item`, table: op.TableName });
        return next(args);
      },
      { step: 'initialize', name: 'recordTableCalls' },
    );
  };
  afterEach(() => api.close());

  it('for every route, the dispatcher and the ses-events handler', async () => {
    await start('allow-list');
    await call('POST', '/v1/invoices/sync', {
      requestId: rid(),
      ledgerId: LEDGER,
      invoices: [
        snapshot('P-1', { dueDate: '2026-10-01' }),
        snapshot('P-2', { dueDate: '2026-11-24', customer: 'Permission Test Co', contactEmail: 'ap@perm.example' }),
      ],
    });
    const letter = await call('POST', '/v1/letters', { requestId: rid(), ledgerId: LEDGER, invoiceNumber: 'P-1', stage: 'formal_demand' });
    for (const name of ROUTE_NAMES) {
      const { method, path, body } = validBodies('P-1')[name];
      await call(method, path, name === 'letterEmail' ? { ...body, sha256: letter.json.sha256 } : body);
    }
    const ref = `ledgerId=${LEDGER}&invoiceNumber=P-1`;
    for (const path of [
      `/v1/history?${ref}&limit=100`,
      `/v1/reminders?${ref}`,
      `/v1/customers/behaviour?${ref}`,
      `/v1/reminders/preview?${ref}&stepId=overdue-15`,
      `/v1/settings?ledgerId=${LEDGER}`,
      `/v1/forecast/inputs?ledgerId=${LEDGER}`,
      `/v1/worklist?ledgerId=${LEDGER}`,
      `/v1/ledger/status?ledgerId=${LEDGER}`,
      `/v1/evidence?${ref}`,
      '/v1/holidays/countries',
      '/v1/holidays?country=US&year=2026',
      `/v1/audit/verify?ledgerId=${LEDGER}`,
      `/v1/audit/export?ledgerId=${LEDGER}`,
    ])
      await call('GET', path);

    calls.length = 0;
    const harness = dispatcherHarness(api);
    const run = await harness.run();
    expect(run.emails).toBeGreaterThan(0);
    check('dispatcher', 'a dispatcher run');
    for (const message of harness.recorder.accepted) await harness.deliverEvents(snsEvent('Delivery', message));
    check('sesEvents', 'an SES delivery event');
    harness.close();

    expect(violations).toEqual([]);
  });

  it('hosted: the team routes, and every function admitting people by the records of their team', async () => {
    await start('hosted');
    await call('POST', '/v1/tenants', { name: 'Acme Supplies', joinByDomain: true });
    await call('POST', '/v1/tenant/invitations', { email: 'bob@globex.example' });
    await call('GET', '/v1/tenant/invitation', undefined, 'bob');
    await call('POST', '/v1/tenant/invitation/accept', undefined, 'bob');
    await call('GET', '/v1/tenant', undefined, 'bob');
    await call('GET', '/v1/holidays/countries', undefined, 'bob');
    await call('GET', `/v1/evidence?ledgerId=${LEDGER}&invoiceNumber=none`, undefined, 'bob');
    await call('DELETE', '/v1/tenant/members/bob@globex.example');
    expect(violations).toEqual([]);
  });
});
