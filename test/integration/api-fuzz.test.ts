import fc from 'fast-check';
import { rid, startTestApi, type TestApi } from '../support/api';
import { ROUTE_NAMES, validBodies } from '../support/route-bodies';

/** Bodies per route: a few thousand in all, mostly near-valid so they reach deep into the code. */
const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 2000);

const oddValue = fc.oneof(
  fc.anything({ maxDepth: 2 }),
  fc.string({ maxLength: 80 }),
  fc.constantFrom('', ' ', '\r\n', '<script>alert(1)</script>', '\u0000', 'NaN', '9'.repeat(400), '2026-02-30', '-1', '__proto__'),
  fc.integer(),
  fc.double(),
  fc.constantFrom(null, true, [], {}),
);

/** A valid body with one to three fields (possibly nested) replaced, removed or added. */
function mutated(base: Record<string, unknown>) {
  const fields = Object.keys(base);
  const edit = fc.oneof(
    fc.record({ kind: fc.constant('set' as const), key: fc.constantFrom(...fields), value: oddValue }),
    fc.record({ kind: fc.constant('drop' as const), key: fc.constantFrom(...fields) }),
    fc.record({ kind: fc.constant('add' as const), key: fc.string({ maxLength: 12 }), value: oddValue }),
  );
  return fc.array(edit, { minLength: 1, maxLength: 3 }).map((edits) => {
    const body: Record<string, unknown> = structuredClone(base);
    for (const e of edits) {
      if (e.kind === 'drop') delete body[e.key];
      else body[e.key] = e.value;
    }
    // A fresh request id unless the mutation chose one, so bodies reach the services, not the replay cache.
    if (body.requestId === base.requestId) body.requestId = rid();
    return body;
  });
}

describe('generated request bodies never cause a server error', () => {
  let api: TestApi;
  let token: string;
  beforeAll(async () => {
    api = await startTestApi();
    token = await api.token('alice');
    const { path, body } = validBodies('FUZZ-1').sync;
    await api.call('POST', path, { token, body });
  });
  afterAll(() => api.close());

  it.each([...ROUTE_NAMES])('%s', async (route) => {
    const { method, path, body } = validBodies('FUZZ-1')[route];
    // For sync, half the time the mutation goes inside the invoice snapshot.
    const [invoice] = Array.isArray(body.invoices) ? (body.invoices as Record<string, unknown>[]) : [];
    const deep = invoice ? mutated(invoice).map((inv) => ({ ...body, requestId: rid(), invoices: [{ ...inv }] })) : mutated(body);
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 2, arbitrary: mutated(body) }, { weight: 2, arbitrary: deep }, { weight: 1, arbitrary: fc.anything() }), async (generated) => {
        const res = await api.call(method, path, { token, body: generated });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        return res.status < 500;
      }),
      { numRuns: RUNS_PER_ROUTE },
    );
    if (process.env.FUZZ_REPORT) console.log(route, Object.fromEntries(statuses));
    // The generator must reach both sides of validation, or it proves little.
    expect([...statuses.keys()].some((s) => s >= 400)).toBe(true);
  }, 120_000);

  it('never 5xx on generated query strings either', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom('ledgerId', 'invoiceNumber', 'cursor', 'limit', 'scope', 'stepId', 'x'), fc.string({ maxLength: 40 })), fc.constantFrom('/v1/history', '/v1/reminders', '/v1/reminders/preview', '/v1/settings', '/v1/audit/verify', '/v1/audit/export', '/v1/evidence', '/v1/customers/behaviour', '/v1/ledger/status'), async (params, path) => {
        const res = await api.call('GET', `${path}?${new URLSearchParams(params).toString()}`, { token });
        return res.status < 500;
      }),
      { numRuns: RUNS_PER_ROUTE },
    );
  }, 120_000);
});
