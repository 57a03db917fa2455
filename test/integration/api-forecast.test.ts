import { cashForecast } from '../../shared/forecast/cash-forecast';
import { money } from '../../shared/money/money';
import type { CalendarDate } from '../../shared/time/calendar-date';
import { LEDGER, rid, snapshot, startTestApi, type TestApi } from '../support/api';

const usd = (minor: number) => money(minor, 'USD');
const DAY = 86_400_000;

/**
 * A month of a small ledger, through the API: a promise kept (and the invoice paid 42 days late),
 * a promise broken, a promise still running, a dispute. The forecast's inputs are then what a
 * person would work out from that month, and the forecast's weeks follow from them by hand.
 */
describe('GET /v1/forecast/inputs: how each customer pays, promises running, balances held apart', () => {
  let api: TestApi;
  const ref = (invoiceNumber: string) => ({ requestId: rid(), ledgerId: LEDGER, invoiceNumber });
  const sync = async (invoices: unknown[]) =>
    expect((await api.call('POST', '/v1/invoices/sync', { body: { requestId: rid(), ledgerId: LEDGER, invoices } })).status).toBe(200);
  const promise = async (invoiceNumber: string, promisedFor: string, minor: number) =>
    expect((await api.call('POST', '/v1/promises', { body: { ...ref(invoiceNumber), promisedFor, amount: usd(minor) } })).status).toBe(200);
  const ledger = [
    snapshot('A-1', { customer: 'Acme', dueDate: '2026-10-01', amount: usd(10_000), balance: usd(10_000) }),
    snapshot('A-2', { customer: 'Acme', dueDate: '2026-11-20', amount: usd(20_000), balance: usd(20_000) }),
    snapshot('B-1', { customer: 'Beta', dueDate: '2026-11-01', amount: usd(30_000), balance: usd(30_000) }),
    snapshot('D-1', { customer: 'Delta', dueDate: '2026-11-01', amount: usd(40_000), balance: usd(40_000) }),
  ];

  beforeAll(async () => {
    api = await startTestApi('2026-11-10T15:00:00Z');
    await sync(ledger);
    await promise('A-1', '2026-11-12', 10_000);
    await promise('B-1', '2026-11-15', 30_000);
    api.clock.advance(2 * DAY); // 12 November: A-1 paid as promised, 42 days after its due date
    await sync([{ ...ledger[0], balance: usd(0), status: 'paid' }, ...ledger.slice(1)]);
    api.clock.advance(12 * DAY); // 24 November: Beta's promise of the 15th is broken (3 days' grace)
    await promise('B-1', '2026-12-05', 5_000);
    expect((await api.call('POST', '/v1/disputes', { body: { ...ref('D-1'), action: 'open', reason: 'Pricing' } })).status).toBe(200);
  });
  afterAll(() => api.close());

  it('says what a person would work out from the month', async () => {
    const res = await api.call('GET', `/v1/forecast/inputs?ledgerId=${LEDGER}`);
    expect(res.status).toBe(200);
    const byName = new Map((res.json.customers as { customer: string }[]).map((c) => [c.customer, c]));
    expect(byName.get('Acme')).toEqual({ customer: 'Acme', averageDaysLate: 42, promisesKept: 1, promisesDecided: 1 });
    expect(byName.get('Beta')).toEqual({ customer: 'Beta', promisesKept: 0, promisesDecided: 1 });
    expect(byName.get('Delta')).toEqual({ customer: 'Delta', promisesKept: 0, promisesDecided: 0 });
    expect(res.json.invoices).toEqual([
      { invoiceNumber: 'B-1', promise: { promisedFor: '2026-12-05', amountMinor: 5_000 } },
      { invoiceNumber: 'D-1', apart: 'disputed' },
    ]);
  });

  it('gives the weeks worked out by hand when the sheet still says every invoice is open', async () => {
    const inputs = (await api.call('GET', `/v1/forecast/inputs?ledgerId=${LEDGER}`)).json;
    const sheet = ledger.slice(1).map((s) => ({ ...s, dueDate: s.dueDate as CalendarDate, status: 'open' as const }));
    const [f] = cashForecast(sheet, inputs, '2026-11-24' as CalendarDate);
    // due 20 Nov + 42 days = 1 Jan, day 38 -> week 6. B-1: its promise of 50.00 on 5 Dec weighs 0 (none kept);
    // all 300.00 on its usual day, 1 Nov (no lateness known) -> passed, but not before the promise: 5 Dec, week 2. D-1: disputed.
    expect(f?.weeks.map((w) => w.expected.minor)).toEqual([0, 30_000, 0, 0, 0, 20_000, 0, 0, 0, 0, 0, 0]);
    expect(f).toMatchObject({ overdue: usd(0), disputed: usd(40_000), bankrupt: usd(0), later: usd(0), open: usd(90_000) });
  });

  it('refuses a request without a ledger, naming the field', async () => {
    const res = await api.call('GET', '/v1/forecast/inputs');
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/ledgerId/);
  });
});
