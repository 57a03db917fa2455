import { createHash } from 'node:crypto';
import { defaultLedgerSettings } from '../../shared/default-settings';
import { LEDGER, rid, snapshot, startTestApi, type TestApi } from '../support/api';
import { dispatcherHarness, sesMailbox } from '../support/dispatcher';
import { pdfText } from '../support/read-pdf';

const usd = (minor: number) => ({ minor, currency: 'USD' });

describe('POST /v1/letters: demand letters as PDFs, recorded on the audit trail', () => {
  let api: TestApi;
  const letter = (body: Record<string, unknown>) =>
    api.call('POST', '/v1/letters', {
      body: { requestId: rid(), ledgerId: LEDGER, invoiceNumber: 'L-1', stage: 'formal_demand', ...body },
    });

  beforeAll(async () => {
    api = await startTestApi('2026-11-24T15:00:00Z');
    const settings = {
      ...defaultLedgerSettings('ar@acme.example', 'America/New_York'),
      ledgerName: 'Acme Supplies Ltd',
      signature: 'Jo Banks\nCredit control',
      paymentInstructions: 'Bank transfer to account 12345678, sort code 12-34-56.\nReference: the invoice number.',
      fees: { kind: 'contract' as const, annualRateBp: 0, flatFeeMinor: 40_00 },
    };
    expect((await api.call('PUT', '/v1/settings', { body: { requestId: rid(), ledgerId: LEDGER, settings } })).status).toBe(200);
    const customer = 'Harbor <b>Coffee</b> Roasters';
    const res = await api.call('POST', '/v1/invoices/sync', {
      body: {
        requestId: rid(),
        ledgerId: LEDGER,
        invoices: [
          snapshot('L-1', { customer, dueDate: '2026-10-01', amount: usd(120_000), balance: usd(100_000) }),
          snapshot('L-2', { customer, dueDate: '2026-09-15', amount: usd(45_025), balance: usd(45_025) }),
          snapshot('L-3', { customer, dueDate: '2026-12-20', amount: usd(99_900), balance: usd(99_900) }),
          snapshot('L-4', { customer: 'Someone Else', dueDate: '2026-09-01', amount: usd(5_000), balance: usd(5_000) }),
          snapshot('L-5', { customer: 'Paid Up Co', dueDate: '2026-09-01', amount: usd(5_000), balance: usd(0), status: 'paid' }),
        ],
      },
    });
    expect(res.status).toBe(200);
  });
  afterAll(() => api.close());

  it('lists the customer’s overdue invoices with the fees and the total due, and nothing else', async () => {
    const res = await letter({ deadlineDays: 14 });
    expect(res.status).toBe(200);
    // 1,000.00 + 450.25 owed, and the contract's 40.00 late fee on each overdue invoice.
    expect(res.json).toMatchObject({ stage: 'formal_demand', totalDue: usd(153_025), deadline: '2026-12-08', invoices: ['L-2', 'L-1'] });
    const { text, info } = pdfText(res.json.pdfBase64);
    expect(text).toContain('Formal demand for payment');
    expect(text).toContain('Harbor <b>Coffee</b> Roasters');
    expect(text).toContain('Total due: $1,530.25 (balance $1,450.25, interest and charges $80.00)');
    expect(text).toContain('Please pay $1,530.25 so that it reaches us by December 8, 2026.');
    expect(text).toMatch(/L-2[\s\S]*L-1/);
    expect(text).not.toContain('L-3');
    expect(text).not.toContain('L-4');
    expect(text).toContain('Bank transfer to account 12345678');
    expect(text).toContain('Jo Banks');
    expect(info).toMatchObject({ Title: 'Formal demand for payment: Harbor <b>Coffee</b> Roasters', CreationDate: 'D:20261124000000Z' });
  });

  it('cites only the contacts on record: neutral with none, a final notice with no demand only when the team confirms, and a demand by its date and deadline', async () => {
    const other = (body: Record<string, unknown>) =>
      api.call('POST', '/v1/letters', { body: { requestId: rid(), ledgerId: LEDGER, invoiceNumber: 'H-1', ...body } });
    expect(
      (
        await api.call('POST', '/v1/invoices/sync', {
          body: { requestId: rid(), ledgerId: LEDGER, invoices: [snapshot('H-1', { customer: 'Quiet Co', dueDate: '2026-10-01' })] },
        })
      ).status,
    ).toBe(200);
    // Nothing was ever sent to Quiet Co: a final notice presumes a demand, so it is refused until confirmed.
    const refused = await other({ stage: 'final_notice' });
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toBe(
      'No formal demand is on record for these invoices, and a final notice presumes one. Confirm to make it anyway: it will not mention one.',
    );
    const confirmed = await other({ stage: 'final_notice', withoutEarlierStage: true });
    expect(confirmed.status).toBe(200);
    const plain = pdfText(confirmed.json.pdfBase64).text.replace(/\s+/g, ' ');
    expect(plain).toContain('This is our final notice about the invoice below, which remains unpaid.');
    expect(plain).not.toMatch(/reminder|formal demand of/);
    // A demand, then a final notice that cites it with the deadline it set; both recorded with the history they cited.
    const demand = await other({ stage: 'formal_demand', deadlineDays: 7 });
    expect(pdfText(demand.json.pdfBase64).text.replace(/\s+/g, ' ')).toContain(
      'The invoice below remains unpaid. This letter is a formal demand',
    );
    const final = await other({ stage: 'final_notice' });
    expect(final.status).toBe(200);
    expect(pdfText(final.json.pdfBase64).text.replace(/\s+/g, ' ')).toContain(
      'which remains unpaid after our formal demand of November 24, 2026, which asked for payment by December 1, 2026.',
    );
    const events = (await api.call('GET', `/v1/history?ledgerId=${LEDGER}&invoiceNumber=H-1&limit=100`)).json.events as {
      type: string;
      data: { sha256?: string; inputs?: Record<string, unknown> };
    }[];
    expect(events.find((e) => e.data.sha256 === confirmed.json.sha256)?.data.inputs).toMatchObject({
      history: { reminders: [], letters: [] },
      withoutEarlierStage: 'formal_demand',
    });
    expect(events.find((e) => e.data.sha256 === final.json.sha256)?.data.inputs).toMatchObject({
      history: {
        reminders: [],
        letters: expect.arrayContaining([{ stage: 'formal_demand', on: '2026-11-24', deadline: '2026-12-01' }]) as unknown,
      },
    });
  });

  it('records the PDF’s hash, the template version and the inputs; the same inputs give the same bytes', async () => {
    const first = await letter({ deadlineDays: 10 });
    const second = await letter({ deadlineDays: 10 });
    const bytes = Buffer.from(first.json.pdfBase64, 'base64');
    expect(first.json.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(first.json.bytes).toBe(bytes.length);
    expect(second.json.sha256).toBe(first.json.sha256);
    const history = (await api.call('GET', `/v1/history?ledgerId=${LEDGER}&invoiceNumber=L-1&limit=100`)).json.events as {
      type: string;
      data: Record<string, unknown>;
    }[];
    const recorded = history.find((e) => e.type === 'letter.generated' && e.data.sha256 === first.json.sha256);
    expect(recorded?.data).toMatchObject({
      stage: 'formal_demand',
      templateVersion: 'letters-2026-12-v3',
      invoices: ['L-2', 'L-1'],
      totalDue: usd(153_025),
      stepId: 'demand-45',
      inputs: { deadlineDays: 10, fees: { kind: 'contract', flatFeeMinor: 4000 }, asOf: '2026-11-24' },
    });
    const verify = await api.call('GET', `/v1/audit/verify?ledgerId=${LEDGER}&invoiceNumber=L-1`);
    expect(verify.json.intact).toBe(true);
  });

  it('offers a settlement or a payment plan, in figures that add up', async () => {
    const settled = pdfText(
      (await letter({ stage: 'final_notice', settlement: { percentOff: 20, payBy: '2026-12-04' } })).json.pdfBase64,
    ).text;
    expect(settled).toContain('Final notice before referral');
    expect(settled).toContain('if you pay $1,160.20 (20% off the balance');
    const plan = pdfText((await letter({ paymentPlan: { instalments: 3, everyDays: 30 } })).json.pdfBase64).text;
    expect(plan).toContain('3 payments of $510.08 (the last $510.09), one every 30 days');
    const both = await letter({ settlement: { percentOff: 20, payBy: '2026-12-04' }, paymentPlan: { instalments: 3, everyDays: 30 } });
    expect(both.status).toBe(400);
    expect(JSON.stringify(both.json)).toMatch(/paymentPlan/);
  });

  it('refuses a letter when nothing is overdue, and for an invoice never synced', async () => {
    const none = await letter({ invoiceNumber: 'L-5' });
    expect(none.status).toBe(409);
    expect(none.json.error.message).toBe(
      'No letter was made: Paid Up Co has no overdue balance in USD on 2026-11-24: there is nothing to demand.',
    );
    const unknown = await letter({ invoiceNumber: 'NOPE' });
    expect(unknown.status).toBe(404);
  });

  it('counts the final notice as the ladder’s step, so referral opens after its deadline and the ladder’s grace', async () => {
    await letter({ invoiceNumber: 'L-2', stage: 'final_notice' });
    const reminders = (await api.call('GET', `/v1/reminders?ledgerId=${LEDGER}&invoiceNumber=L-2`)).json as {
      next?: { stepId: string; on: string };
      steps: { stepId: string; state: string; on: string }[];
    };
    // Until 4 December (10 days), then 3 days' grace: the day after is 8 December, in Next step and in the list alike.
    expect(reminders.next).toMatchObject({ stepId: 'referral-75', on: '2026-12-08' });
    expect(reminders.steps.find((s) => s.stepId === 'referral-75')?.on).toBe('2026-12-08');
    expect(reminders.steps.find((s) => s.stepId === 'final-60')?.state).toBe('DONE');
  });

  // Last: the dispatcher run here emails every open invoice of the ledger.
  it('cites the reminders the dispatcher sent, by their days on the ledger’s clock', async () => {
    const to = `reminded-${rid().slice(-8)}@debtor.example`;
    expect(
      (
        await api.call('POST', '/v1/invoices/sync', {
          body: {
            requestId: rid(),
            ledgerId: LEDGER,
            invoices: [snapshot('R-1', { customer: 'Reminded Co', contactEmail: to, dueDate: '2026-11-24' })],
          },
        })
      ).status,
    ).toBe(200);
    await dispatcherHarness(api).run();
    expect(await sesMailbox((a) => a === to)).toHaveLength(1);
    api.clock.advance(2 * 86_400_000);
    const demand = await api.call('POST', '/v1/letters', {
      body: { requestId: rid(), ledgerId: LEDGER, invoiceNumber: 'R-1', stage: 'formal_demand' },
    });
    expect(demand.status).toBe(200);
    expect(pdfText(demand.json.pdfBase64).text.replace(/\s+/g, ' ')).toContain(
      'Despite our reminder of November 24, 2026, the invoice below remains unpaid.',
    );
  });
});
