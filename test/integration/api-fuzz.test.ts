import fc from 'fast-check';
import { rid, startTestApi, type TestApi } from '../support/api';
import { ROUTE_NAMES, validBodies } from '../support/route-bodies';
import { tableContents } from '../support/table-counts';

/** Bodies per route: a few thousand in all, mostly near-valid so they reach deep into the code. */
const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 100);

const oddValue = fc.oneof(
  fc.anything({ maxDepth: 2 }),
  fc.string({ maxLength: 80 }),
  fc.constantFrom('', ' ', '\r\n', '<script>alert(1)</script>', '\u0000', 'NaN', '9'.repeat(400), '2026-02-30', '-1', '__proto__'),
  // The edges users reach: half a character, the calendar's ends, the largest numbers, long names in other scripts.
  fc.constantFrom(
    '\uD800',
    'A\uDC00B',
    'Caf\uD83D',
    '9999-12-31',
    '0001-01-01',
    '1899-12-31',
    '2199-12-31',
    'é'.repeat(200),
    '日本'.repeat(100),
    '{{constructor}}',
  ),
  fc.constantFrom(
    Number.MAX_SAFE_INTEGER,
    -Number.MAX_SAFE_INTEGER,
    1e21,
    { minor: Number.MAX_SAFE_INTEGER, currency: 'USD' },
    { minor: 10_000_000_000_001, currency: 'USD' },
  ),
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
    // An unknown field inside a nested object (amount.minr): refused as at the top level.
    fc.record({
      kind: fc.constant('nest' as const),
      key: fc.constantFrom(...fields),
      inner: fc.constantFrom('minr', 'extra', 'Currency', 'x'),
      value: oddValue,
    }),
  );
  return fc.array(edit, { minLength: 1, maxLength: 3 }).map((edits) => {
    const body: Record<string, unknown> = structuredClone(base);
    for (const e of edits) {
      if (e.kind === 'drop') delete body[e.key];
      else if (e.kind === 'nest') {
        const inner = body[e.key];
        if (typeof inner === 'object' && inner !== null && !Array.isArray(inner)) body[e.key] = { ...inner, [e.inner]: e.value };
      } else body[e.key] = e.value;
    }
    // A fresh request id unless the mutation chose one, so bodies reach the services, not the replay cache.
    if (body.requestId === base.requestId) body.requestId = rid();
    return body;
  });
}

/** A fresh API whose ledger holds invoice FUZZ-1, so routes on an invoice reach their services. */
async function apiWithOneInvoice(): Promise<{ api: TestApi; token: string }> {
  const api = await startTestApi();
  const token = await api.token('alice');
  const { path, body } = validBodies('FUZZ-1').sync;
  await api.call('POST', path, { token, body });
  return { api, token };
}

describe('generated request bodies never cause a server error', () => {
  let api: TestApi;
  let token: string;
  beforeAll(async () => {
    ({ api, token } = await apiWithOneInvoice());
  });
  afterAll(() => api.close());

  it.each([...ROUTE_NAMES])(
    '%s',
    async (route) => {
      const { method, path, body } = validBodies('FUZZ-1')[route];
      // For sync, half the time the mutation goes inside the invoice snapshot.
      const [invoice] = Array.isArray(body.invoices) ? (body.invoices as Record<string, unknown>[]) : [];
      const deep = invoice ? mutated(invoice).map((inv) => ({ ...body, requestId: rid(), invoices: [{ ...inv }] })) : mutated(body);
      const statuses = new Map<number, number>();
      let checked = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.oneof({ weight: 2, arbitrary: mutated(body) }, { weight: 2, arbitrary: deep }, { weight: 1, arbitrary: fc.anything() }),
          async (generated) => {
            // Every 50th body, the tables are compared before and after: a refused request writes nothing.
            const before = checked++ % 50 === 0 ? await tableContents(api.tables) : undefined;
            const res = await api.call(method, path, { token, body: generated });
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            if (before !== undefined && res.status >= 400 && res.status < 500 && (await tableContents(api.tables)) !== before) return false;
            return res.status < 500;
          },
        ),
        { numRuns: RUNS_PER_ROUTE },
      );
      if (process.env.FUZZ_REPORT) console.log(route, Object.fromEntries(statuses));
      // The generator must reach both sides of validation, or it proves little.
      expect([...statuses.keys()].some((s) => s >= 400)).toBe(true);
    },
    120_000,
  );

  it('never 5xx on generated query strings either', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom('ledgerId', 'invoiceNumber', 'cursor', 'limit', 'scope', 'stepId', 'x'),
          fc.string({ maxLength: 40 }),
        ),
        fc.constantFrom(
          '/v1/history',
          '/v1/reminders',
          '/v1/reminders/preview',
          '/v1/settings',
          '/v1/audit/verify',
          '/v1/audit/export',
          '/v1/evidence',
          '/v1/customers/behaviour',
          '/v1/ledger/status',
        ),
        async (params, path) => {
          const res = await api.call('GET', `${path}?${new URLSearchParams(params).toString()}`, { token });
          return res.status < 500;
        },
      ),
      { numRuns: RUNS_PER_ROUTE },
    );
  }, 120_000);
});

describe('edge values in every field never cause a server error or a write', () => {
  // Fresh tables for each route: the scans that prove "nothing written" stay small (a table
  // shared by every route grows with each accepted body, and every call scans it twice).
  let api: TestApi;
  let token: string;
  beforeEach(async () => {
    ({ api, token } = await apiWithOneInvoice());
  });
  afterEach(() => api.close());

  // Not left to chance: every edge value in every field (and one level down) of every route.
  const EDGES: unknown[] = [
    '\uD800',
    'A\uDC00B',
    '9999-12-31',
    '0001-01-01',
    '2199-12-31',
    'é'.repeat(200),
    '日本'.repeat(100),
    '{{constructor}}',
    Number.MAX_SAFE_INTEGER,
    1e21,
    { minor: Number.MAX_SAFE_INTEGER, currency: 'USD' },
    { minor: 10_000_000_000_001, currency: 'USD' },
  ];
  it.each([...ROUTE_NAMES])(
    '%s: every edge value in every field, 0 5xx and nothing written on a 4xx',
    async (route) => {
      const { method, path, body } = validBodies('FUZZ-1')[route];
      const targets: { set: (b: Record<string, unknown>, v: unknown) => void; name: string }[] = [];
      const visit = (
        obj: Record<string, unknown>,
        at: (b: Record<string, unknown>) => Record<string, unknown>,
        prefix: string,
        depth: number,
      ) => {
        for (const [key, value] of Object.entries(obj)) {
          if (key === 'requestId') continue;
          targets.push({
            name: `${prefix}${key}`,
            set: (b, v) => {
              at(b)[key] = v;
            },
          });
          if (depth < 2 && typeof value === 'object' && value !== null && !Array.isArray(value))
            visit(value as Record<string, unknown>, (b) => at(b)[key] as Record<string, unknown>, `${prefix}${key}.`, depth + 1);
          if (depth < 2 && Array.isArray(value) && typeof value[0] === 'object')
            visit(
              value[0] as Record<string, unknown>,
              (b) => (at(b)[key] as Record<string, unknown>[])[0] as Record<string, unknown>,
              `${prefix}${key}[0].`,
              depth + 1,
            );
        }
      };
      visit(body, (b) => b, '', 0);
      // Big bodies (settings) are sampled evenly, to keep the suite's time in bounds.
      const step = Math.ceil(targets.length / 20);
      const failures: string[] = [];
      // One scan per call: the tables as they were after the last call are the "before" of the next.
      let contents = await tableContents(api.tables);
      for (const target of targets.filter((_, i) => i % step === 0)) {
        for (const edge of EDGES) {
          const generated = structuredClone(body);
          generated.requestId = rid();
          target.set(generated, edge);
          const res = await api.call(method, path, { token, body: generated });
          const after = await tableContents(api.tables);
          if (res.status >= 500) failures.push(`${target.name} = ${JSON.stringify(edge).slice(0, 40)}: ${res.status}`);
          else if (res.status >= 400 && after !== contents)
            failures.push(`${target.name} = ${JSON.stringify(edge).slice(0, 40)}: ${res.status} but wrote`);
          contents = after;
        }
      }
      expect(failures).toEqual([]);
    },
    300_000,
  );
});
