import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../lambdas/store/keys';
import { LEDGER, rid, snapshot, startTestApi, type TestApi } from '../support/api';
import { dispatcherHarness, sesMailbox } from '../support/dispatcher';
import { tableContents } from '../support/table-counts';

const TENANT = 'd:acme.example';
const CUSTOMER = 'Harbor Coffee Roasters';

describe('holds on a whole customer, each with its way back', () => {
  let api: TestApi;
  let to: string;
  beforeEach(async () => {
    api = await startTestApi('2026-11-24T15:00:00Z'); // a Tuesday, 10:00 in New York
    to = `holds-${randomUUID().slice(0, 8)}@debtor.example`;
  });
  afterEach(() => api.close());

  const invoice = (n: string, overrides: Record<string, unknown> = {}) =>
    snapshot(n, { customer: CUSTOMER, contactEmail: to, ...overrides });
  const sync = async (...invoices: unknown[]) => {
    const res = await api.call('POST', '/v1/invoices/sync', { body: { requestId: rid(), ledgerId: LEDGER, invoices } });
    expect(res.status).toBe(200);
    return res.json;
  };
  const reminders = async (n: string) => (await api.call('GET', `/v1/reminders?ledgerId=${LEDGER}&invoiceNumber=${n}`)).json;
  const history = async (n: string) =>
    (
      (await api.call('GET', `/v1/history?ledgerId=${LEDGER}&invoiceNumber=${n}&limit=100`)).json.events as {
        type: string;
        data: Record<string, unknown>;
      }[]
    ).map((e) => e.type);
  const hold = (body: Record<string, unknown>) =>
    api.call('POST', '/v1/customers/hold', { body: { requestId: rid(), ledgerId: LEDGER, customer: CUSTOMER, ...body } });

  it('a bankruptcy recorded from one invoice stops every invoice of the customer, rows added later too, for 60 days; lifting it resumes them', async () => {
    await sync(
      invoice('H-1'),
      invoice('H-2', { row: 3, dueDate: '2026-11-01' }),
      snapshot('OTHER-1', { row: 4, customer: 'Someone Else', contactEmail: `other-${to}` }),
    );
    const recorded = await api.call('POST', '/v1/bankruptcies', {
      body: { requestId: rid(), ledgerId: LEDGER, invoiceNumber: 'H-1', caseNumber: '26-10001', court: 'D. Del.', filedOn: '2026-11-20' },
    });
    expect(recorded.status).toBe(200);
    expect(recorded.json.automation).toMatch(/Harbor Coffee Roasters is in bankruptcy proceedings \(case 26-10001\)/);

    // The other invoice, never touched, and a row of the customer added afterwards.
    await sync(invoice('H-3', { row: 5, dueDate: '2026-11-20' }));
    for (const n of ['H-1', 'H-2', 'H-3']) {
      expect(await reminders(n)).toMatchObject({
        automation: { running: false, reason: 'Harbor Coffee Roasters is in bankruptcy proceedings (case 26-10001)' },
        customerHold: {
          customer: CUSTOMER,
          bankruptcy: { caseNumber: '26-10001', court: 'D. Del.', filedOn: '2026-11-20', by: 'alice@acme.example' },
        },
      });
    }
    expect(await history('H-2')).toContain('bankruptcy.recorded');
    // H-3 came after: its own chain names the hold it was added under, from its first events.
    expect((await history('H-3')).slice(-2)).toEqual(['customer.hold_applies', 'invoice.tracked']);
    const applies = (await api.call('GET', `/v1/history?ledgerId=${LEDGER}&invoiceNumber=H-3&limit=50`)).json.events.find(
      (e: { type: string }) => e.type === 'customer.hold_applies',
    );
    expect(applies.data).toMatchObject({ customer: CUSTOMER, bankruptcy: { caseNumber: '26-10001', court: 'D. Del.' } });
    expect(await history('OTHER-1')).not.toContain('customer.hold_applies');
    expect((await reminders('OTHER-1')).automation.running).toBe(true);

    const harness = dispatcherHarness(api);
    for (let day = 0; day < 60; day += 5) {
      await harness.run();
      api.clock.advance(5 * 86_400_000);
    }
    expect(await sesMailbox((a) => a === to)).toEqual([]);
    expect((await sesMailbox((a) => a === `other-${to}`)).length).toBeGreaterThan(0);

    const lifted = await hold({ action: 'lift_bankruptcy', notes: 'Case dismissed' });
    expect(lifted.status).toBe(200);
    expect(lifted.json).toEqual({ invoices: 3, hold: { customer: CUSTOMER } });
    for (const n of ['H-1', 'H-2', 'H-3']) {
      const view = await reminders(n);
      expect(view.automation.running).toBe(true);
      expect(view.customerHold).toBeUndefined();
      // H-3 came after the bankruptcy: its chain has the lifting, the others both.
      expect(await history(n)).toEqual(
        expect.arrayContaining(n === 'H-3' ? ['bankruptcy.lifted'] : ['bankruptcy.recorded', 'bankruptcy.lifted']),
      );
    }
    // Back on its ladder (60 days on, that is a task for a person rather than an email).
    expect((await reminders('H-2')).next).toEqual(expect.objectContaining({ due: true }));
  });

  it('do-not-contact and pause hold the customer until lifted; each way back is its own event', async () => {
    await sync(invoice('D-1'), invoice('D-2', { row: 3 }));
    expect((await hold({ action: 'do_not_contact', reason: 'Asked us to write to their lawyer only' })).status).toBe(200);
    expect((await reminders('D-2')).automation).toEqual({
      running: false,
      reason: 'Harbor Coffee Roasters asked not to be contacted: Asked us to write to their lawyer only',
    });
    expect((await hold({ action: 'pause', resumeOn: '2026-12-15', note: 'Owner travelling' })).json.hold).toMatchObject({
      doNotContact: { reason: 'Asked us to write to their lawyer only' },
      pause: { resumeOn: '2026-12-15' },
    });

    expect((await hold({ action: 'allow_contact', notes: 'Lawyer says go ahead' })).json.hold).toEqual({
      customer: CUSTOMER,
      pause: expect.objectContaining({ resumeOn: '2026-12-15', note: 'Owner travelling' }),
    });
    expect((await reminders('D-1')).automation.reason).toBe('reminders to Harbor Coffee Roasters are paused until 2026-12-15');
    expect((await hold({ action: 'resume' })).json.hold).toEqual({ customer: CUSTOMER });
    expect((await reminders('D-1')).automation.running).toBe(true);
    expect(await history('D-1')).toEqual(
      expect.arrayContaining(['contact.barred', 'customer.paused', 'contact.allowed', 'customer.resumed']),
    );
  });

  it('refuses a lift with nothing to lift, and a do-not-contact without its reason, writing nothing', async () => {
    await sync(invoice('R-1'));
    const before = await tableContents(api.tables);
    const nothing = await hold({ action: 'lift_bankruptcy' });
    expect(nothing.status).toBe(409);
    expect(nothing.json.error.message).toBe('Harbor Coffee Roasters has no bankruptcy on record to lift.');
    const noReason = await hold({ action: 'do_not_contact', reason: '   ' });
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(noReason.json)).toMatch(/reason/);
    const unknownField = await hold({ action: 'pause', until: '2026-12-01' });
    expect(unknownField.status).toBe(400);
    expect(await tableContents(api.tables)).toEqual(before);
  });

  it('reads a Status cell saying Bankrupt as the customer’s bankruptcy, naming the row, and says so in the sync’s answer', async () => {
    await sync(invoice('S-1'), invoice('S-2', { row: 3 }));
    const answer = await sync(invoice('S-1'), invoice('S-2', { row: 3, status: 'bankrupt' }));
    expect(answer.customersHeld).toEqual([{ customer: CUSTOMER, hold: 'bankruptcy', invoiceNumber: 'S-2' }]);
    const view = await reminders('S-1');
    expect(view.automation.running).toBe(false);
    expect(view.customerHold.bankruptcy).toMatchObject({ notes: 'the Status column says Bankrupt on row 3 (invoice S-2)' });
    // Synced again unchanged: recorded once.
    expect((await sync(invoice('S-1'), invoice('S-2', { row: 3, status: 'bankrupt' }))).customersHeld).toBeUndefined();
    expect((await history('S-1')).filter((t) => t === 'bankruptcy.recorded')).toHaveLength(1);
  });

  it('still reads a customer pause stored before holds had kinds', async () => {
    await sync(invoice('L-1'));
    await api.tables.client.send(
      new PutCommand({
        TableName: api.tables.mainTable,
        Item: {
          pk: keys.ledger({ tenant: TENANT, ledgerId: LEDGER }),
          sk: keys.customerSk(CUSTOMER),
          kind: 'customer-pause',
          tenant: TENANT,
          ledgerId: LEDGER,
          customer: CUSTOMER,
          at: '2026-11-20T10:00:00.000Z',
          resumeOn: '2026-12-20',
        },
      }),
    );
    expect(await reminders('L-1')).toMatchObject({ customerHold: { pause: { at: '2026-11-20T10:00:00.000Z', resumeOn: '2026-12-20' } } });
    expect((await hold({ action: 'resume' })).status).toBe(200);
  });
});
