import { LEDGER, rid, snapshot, startTestApi, type TestApi } from '../support/api';

const usd = (minor: number) => ({ minor, currency: 'USD' });

/** The agency referral opens only after a final notice listed the invoice and its deadline passed. */
describe('POST /v1/referrals: referral to a collection agency', () => {
  let api: TestApi;
  const ref = (invoiceNumber: string) => ({ requestId: rid(), ledgerId: LEDGER, invoiceNumber });
  const refer = (n: string) =>
    api.call('POST', '/v1/referrals', { body: { ...ref(n), agency: 'Northside Recoveries', reference: 'NR-2231' } });
  const history = async (n: string) =>
    (await api.call('GET', `/v1/history?ledgerId=${LEDGER}&invoiceNumber=${n}&limit=100`)).json.events as {
      type: string;
      data: Record<string, unknown>;
    }[];

  beforeAll(async () => {
    api = await startTestApi('2026-11-24T15:00:00Z');
    const customer = { customer: 'Quarry Lane Bakery', contactEmail: 'ap@quarrylane.example' };
    const res = await api.call('POST', '/v1/invoices/sync', {
      body: {
        requestId: rid(),
        ledgerId: LEDGER,
        invoices: [
          snapshot('RF-1', { ...customer, dueDate: '2026-09-01', amount: usd(80_000), balance: usd(80_000) }),
          snapshot('RF-2', { ...customer, dueDate: '2026-09-15', amount: usd(20_000), balance: usd(20_000) }),
          snapshot('RF-3', { customer: 'Other Ltd', dueDate: '2026-09-01', amount: usd(5_000), balance: usd(5_000) }),
        ],
      },
    });
    expect(res.status).toBe(200);
  });
  afterAll(() => api.close());

  it('is refused before any final notice, saying what to do', async () => {
    const res = await refer('RF-1');
    expect(res.status).toBe(409);
    expect(res.json.error.message).toMatch(/^Not referred: no final notice before referral has listed this invoice yet/);
  });

  it('is refused until the final notice’s deadline has passed, naming the day it opens', async () => {
    // No formal demand went first: the team was asked, and chose to go on.
    const letter = await api.call('POST', '/v1/letters', {
      body: { ...ref('RF-1'), stage: 'final_notice', deadlineDays: 10, withoutEarlierStage: true },
    });
    expect(letter.json).toMatchObject({ deadline: '2026-12-04', invoices: ['RF-1', 'RF-2'] });
    // The other invoice the letter listed records it on its own trail.
    expect((await history('RF-2')).find((e) => e.type === 'letter.included')?.data).toMatchObject({
      stage: 'final_notice',
      madeFor: 'RF-1',
      sha256: letter.json.sha256,
    });

    api.clock.set(Date.parse('2026-12-04T20:00:00Z')); // the deadline day itself, in New York
    const early = await refer('RF-1');
    expect(early.status).toBe(409);
    expect(early.json.error.message).toBe(
      'Not referred: the final notice of 2026-11-24 gives the customer until 2026-12-04; referral opens on 2026-12-08.',
    );
  });

  it('is recorded once the deadline and the ladder’s grace have passed; the team’s own reminders stop, and it is never made twice', async () => {
    api.clock.set(Date.parse('2026-12-07T15:00:00Z'));
    expect((await refer('RF-1')).status).toBe(409);
    api.clock.set(Date.parse('2026-12-08T15:00:00Z'));
    const res = await refer('RF-1');
    expect(res.status).toBe(200);
    expect(res.json.automation).toBe('Automated reminders are stopped: the debt was referred to Northside Recoveries on 2026-12-08.');
    expect((await history('RF-1'))[0]).toMatchObject({
      type: 'referral.made',
      data: { agency: 'Northside Recoveries', reference: 'NR-2231', finalNotice: { deadline: '2026-12-04' } },
    });
    const reminders = await api.call('GET', `/v1/reminders?ledgerId=${LEDGER}&invoiceNumber=RF-1`);
    expect(reminders.json.automation).toEqual({ running: false, reason: 'the debt was referred to Northside Recoveries on 2026-12-08' });
    expect(reminders.json.steps.find((s: { stepId: string }) => s.stepId === 'referral-75')).toMatchObject({ state: 'DONE' });
    const again = await refer('RF-1');
    expect(again.status).toBe(409);
    expect(again.json.error.message).toMatch(/already referred to Northside Recoveries on 2026-12-08/);
    // The customer's other invoice in the same final notice may be referred too.
    expect((await refer('RF-2')).status).toBe(200);
  });

  it('is refused for an invoice no final notice listed, and names a missing agency', async () => {
    expect((await refer('RF-3')).json.error.message).toMatch(/no final notice/);
    const blank = await api.call('POST', '/v1/referrals', { body: { ...ref('RF-3'), agency: '  ' } });
    expect(blank.status).toBe(400);
    expect(JSON.stringify(blank.json)).toMatch(/agency.*is empty/);
  });
});
