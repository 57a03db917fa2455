import { rid, snapshot, startTestApi, type TestApi } from '../support/api';
import { ROUTE_NAMES, validBodies } from '../support/route-bodies';
import { tableContents } from '../support/table-counts';

const ROUTES = [...ROUTE_NAMES];
const MEGABYTE = 'x'.repeat(1024 * 1024);

/** Field mutations every route must refuse with a 4xx that names the field, writing nothing. */
const MUTATIONS: [string, (body: Record<string, unknown>) => Record<string, unknown>, number][] = [
  ['a missing request id', ({ requestId: _, ...rest }) => rest, 400],
  ['a missing ledger id', ({ ledgerId: _, ...rest }) => rest, 400],
  ['a ledger id of the wrong type', (b) => ({ ...b, ledgerId: 12345 }), 400],
  ['an unknown field', (b) => ({ ...b, isAdmin: true }), 400],
  ['CR/LF in the ledger id', (b) => ({ ...b, ledgerId: 'abcdefghijk\r\nX-Injected: 1' }), 400],
  ['a 1 MB string', (b) => ({ ...b, ledgerId: MEGABYTE }), 413],
];

describe('bad input on every write route', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
    // An invoice to act on, so that the only reason to refuse is the input.
    await api.call('POST', '/v1/invoices/sync', {
      body: { requestId: rid(), ledgerId: validBodies('x').sync.body.ledgerId, invoices: [snapshot('VAL-1')] },
    });
  });
  afterAll(() => api.close());

  describe.each(ROUTES)('%s', (route) => {
    it.each(MUTATIONS)('refuses %s and writes nothing', async (_, mutate, status) => {
      const { method, path, body } = validBodies('VAL-1')[route];
      const before = await tableContents(api.tables);
      const res = await api.call(method, path, { body: mutate(body) });
      expect(res.status).toBe(status);
      expect(res.json.error.code).toBe(status === 413 ? 'payload_too_large' : 'bad_request');
      if (status === 400) expect(res.json.error.issues.length).toBeGreaterThan(0);
      expect(await tableContents(api.tables)).toEqual(before);
    });

    it('refuses a body that is not JSON, and writes nothing', async () => {
      const { method, path } = validBodies('VAL-1')[route];
      const before = await tableContents(api.tables);
      const res = await api.call(method, path, { rawBody: '{"requestId": ' });
      expect(res.status).toBe(400);
      expect(res.json.error.message).toBe('The request body is not valid JSON.');
      expect(await tableContents(api.tables)).toEqual(before);
    });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['CR/LF in notes is fine, but not in who was reached', { reached: 'Jane\r\nBcc: all@x.example' }, 'reached'],
    ['HTML is kept as text, but a 5,000-character note is too long', { notes: '<b>x</b>'.repeat(625) }, 'notes'],
    ['an unknown channel', { channel: 'carrier-pigeon' }, 'channel'],
    ['a time that is not ISO 8601', { occurredAt: 'yesterday' }, 'occurredAt'],
  ])('names the field for %s', async (_, change, field) => {
    const { method, path, body } = validBodies('VAL-1').contact;
    const res = await api.call(method, path, { body: { ...body, ...change } });
    expect(res.status).toBe(400);
    expect(res.json.error.issues.map((i: { path: string }) => i.path)).toContain(field);
  });

  it.each([
    ['history', '/v1/history?ledgerId=1AbCdEfGhIjKlMnOpQrStUvWxYz'],
    ['history with a forged cursor', '/v1/history?ledgerId=1AbCdEfGhIjKlMnOpQrStUvWxYz&invoiceNumber=VAL-1&cursor=T%23other'],
    ['reminders with an unknown parameter', '/v1/reminders?ledgerId=1AbCdEfGhIjKlMnOpQrStUvWxYz&invoiceNumber=VAL-1&tenant=x'],
    ['settings with a bad ledger id', '/v1/settings?ledgerId=../../etc'],
  ])('refuses a bad query on %s', async (_, path) => {
    const res = await api.call('GET', path);
    expect(res.status).toBe(400);
  });
});
