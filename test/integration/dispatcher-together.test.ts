import { randomUUID } from 'node:crypto';
import type { WriteTogether } from '../../lambdas/dispatcher/ports/write-together';
import { defaultLedgerSettings } from '../../shared/default-settings';
import { LEDGER, rid, snapshot, startTestApi, type TestApi } from '../support/api';
import { dispatcherHarness, sesMailbox } from '../support/dispatcher';

/**
 * A send's writes up to its send batch are made in one request, decided from a read of the whole
 * ledger made when the run began. What changed since (the invoice, a hold, a suppression) must
 * still decide: the writes are made only if each is as read, else the send is done one write at
 * a time from a fresh read.
 */
describe('a send decided from the ledger read, its writes made together', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi('2026-11-24T15:00:00Z');
  });
  afterEach(() => api.close());

  const tenant = 'd:acme.example';
  const sync = async (...invoices: unknown[]) => {
    const res = await api.call('POST', '/v1/invoices/sync', { body: { requestId: rid(), ledgerId: LEDGER, invoices } });
    expect(res.status).toBe(200);
  };
  /** A dispatcher that makes `change` just before its first writes together, after its ledger read. */
  const changingHarness = (change: () => Promise<void>) => {
    const harness = dispatcherHarness(api);
    const real = harness.deps.together as WriteTogether;
    let changed = false;
    harness.deps.together = {
      run: async (work) => {
        if (!changed) {
          changed = true;
          await change();
        }
        return real.run(work);
      },
    };
    return harness;
  };
  const dueReminder = async (invoiceNumber: string) =>
    (await dispatcherHarness(api).deps.main.reminders({ tenant, ledgerId: LEDGER, invoiceNumber })).find((r) => r.stepId === 'due');

  it('an invoice changed after the read is emailed as it is now', async () => {
    const to = `changed-${randomUUID().slice(0, 8)}@debtor.example`;
    await sync(snapshot('TG-1', { contactEmail: to }));
    const harness = changingHarness(() => sync(snapshot('TG-1', { contactEmail: to, balance: { minor: 12345, currency: 'USD' } })));
    expect(await harness.run()).toMatchObject({ emails: 1, problems: 0 });
    const [email] = await sesMailbox((a) => a === to);
    expect(email?.body.text).toContain('123.45');
    expect(email?.body.text).not.toContain('688.07');
  });

  it('a customer put on hold after the read gets nothing, the reminder skipped with the reason', async () => {
    const to = `held-${randomUUID().slice(0, 8)}@debtor.example`;
    await sync(snapshot('TG-2', { contactEmail: to, customer: 'Held Bakery' }));
    // The hold's own record, as its route writes it before it goes through the customer's invoices.
    const harness = changingHarness(() =>
      dispatcherHarness(api).deps.main.putCustomerHold({
        tenant,
        ledgerId: LEDGER,
        customer: 'Held Bakery',
        pause: { at: new Date(api.clock.now()).toISOString(), note: 'call first' },
      }),
    );
    expect(await harness.run()).toMatchObject({ emails: 0, problems: 0 });
    expect(await sesMailbox((a) => a === to)).toHaveLength(0);
    expect(await dueReminder('TG-2')).toMatchObject({ state: 'SKIPPED', reason: expect.stringMatching(/paused/i) });
  });

  it('an address suppressed after the read gets nothing', async () => {
    const to = `bounced-${randomUUID().slice(0, 8)}@debtor.example`;
    await sync(snapshot('TG-3', { contactEmail: to }));
    const harness = changingHarness(() =>
      dispatcherHarness(api).deps.dispatch.putSuppression(tenant, {
        email: to,
        reason: 'it bounced permanently',
        at: new Date(api.clock.now()).toISOString(),
      }),
    );
    expect(await harness.run()).toMatchObject({ emails: 0, problems: 0 });
    expect(await sesMailbox((a) => a === to)).toHaveLength(0);
    expect(await dueReminder('TG-3')).toMatchObject({ state: 'SKIPPED', reason: expect.stringContaining('bounced') });
  });

  it('a send counted for the cap by another run after the read holds this one back (a cap of 1)', async () => {
    const to = `capped-${randomUUID().slice(0, 8)}@debtor.example`;
    const settings = { ...defaultLedgerSettings('ar@acme.example'), cap: { maxEmails: 1, windowDays: 7 } };
    expect((await api.call('PUT', '/v1/settings', { body: { requestId: rid(), ledgerId: LEDGER, settings } })).status).toBe(200);
    await sync(snapshot('TG-5', { contactEmail: to }));
    const harness = changingHarness(async () => {
      await dispatcherHarness(api).deps.dispatch.recordSend({ tenant, ledgerId: LEDGER }, to, 'another-run', api.clock.now());
    });
    expect(await harness.run()).toMatchObject({ emails: 0, moved: 1, problems: 0 });
    expect(await sesMailbox((a) => a === to)).toHaveLength(0);
    const held = await dueReminder('TG-5');
    expect(held).toMatchObject({ state: 'PENDING' });
    expect(Date.parse(held?.sendAt ?? '')).toBeGreaterThan(api.clock.now() + 6 * 86_400_000);
  });

  it('a send written together is two requests of writes: one up to the send batch, one after SES', async () => {
    const to = `two-${randomUUID().slice(0, 8)}@debtor.example`;
    await sync(snapshot('TG-4', { contactEmail: to }));
    const writes: string[] = [];
    const harness = dispatcherHarness(api, {
      onRequest: (op) => {
        if (!['Query', 'GetItem', 'BatchGetItem'].includes(op)) writes.push(op);
      },
    });
    expect(await harness.run()).toMatchObject({ emails: 1, sent: 1 });
    harness.close();
    // Then the run's one count of the team's sends for its reputation, whatever it sent.
    expect(writes).toEqual(['TransactWriteItems', 'TransactWriteItems', 'UpdateItem']);
    expect(await dueReminder('TG-4')).toMatchObject({ state: 'SENT' });
  });
});
