import { verifyChain } from '../../lambdas/audit/hash-chain';
import { DynamoDbAuditStore } from '../../lambdas/store/dynamodb-audit-store';
import { DynamoDbMainStore } from '../../lambdas/store/dynamodb-main-store';
import { DynamoDbWriteTogether } from '../../lambdas/store/dynamodb-write-together';
import { InvoiceRecord, ReminderRecord } from '../../lambdas/store/records';
import { createTestTables, type TestTables } from '../support/dynamodb';

/**
 * The stores' writes gathered into one transaction, against the local DynamoDB: what is made is
 * what the writes one by one would have made had every condition held, or nothing.
 */
describe('writes made together', () => {
  let t: TestTables;
  let main: DynamoDbMainStore;
  let together: DynamoDbWriteTogether;
  beforeAll(async () => {
    t = await createTestTables();
    main = new DynamoDbMainStore(t.client, t.mainTable);
    together = new DynamoDbWriteTogether(t.client, { main: t.mainTable, audit: t.auditTable });
  });
  const ledger = { tenant: 'd:acme.example', ledgerId: 'ledger-together' };
  const at = (minute: number) => `2026-11-24T12:${String(minute).padStart(2, '0')}:00.000Z`;
  const reminder = (invoiceNumber: string, state: ReminderRecord['state'], minute: number) =>
    ReminderRecord.parse({
      ...ledger,
      invoiceNumber,
      stepId: 'due',
      label: 'Due',
      templateId: 'due-today',
      sendAt: at(0),
      state,
      updatedAt: at(minute),
    });
  const invoice = (invoiceNumber: string, version: number) =>
    InvoiceRecord.parse({
      ...ledger,
      invoiceNumber,
      version,
      updatedAt: at(0),
      snapshot: {
        invoiceNumber,
        customer: 'Acme GmbH',
        dueDate: '2026-11-01',
        amount: { minor: 10_000, currency: 'EUR' },
        balance: { minor: 10_000, currency: 'EUR' },
        status: 'open',
        row: 2,
      },
    });
  const scope = (invoiceNumber: string) => ({ ...ledger, invoiceNumber });

  it('two writes of one item are one: the last item, on the first one’s condition', async () => {
    await main.putReminder(reminder('W-1', 'PENDING', 0), 'absent');
    const once = await together.run(async (s) => {
      expect(await s.main.putReminder(reminder('W-1', 'SENDING', 1), ['PENDING'], at(0))).toBe('ok');
      // Read from DynamoDB, not from the writes gathered: still PENDING.
      expect((await s.main.getReminder(scope('W-1'), 'due'))?.state).toBe('PENDING');
      return s.main.putReminder(reminder('W-1', 'SKIPPED', 2), ['SENDING'], at(1));
    });
    expect(once).toEqual({ outcome: 'done', value: 'ok' });
    expect(await main.getReminder(scope('W-1'), 'due')).toMatchObject({ state: 'SKIPPED', updatedAt: at(2) });
  });

  it('writes nothing when one condition fails at the commit, whatever was read before', async () => {
    await main.putReminder(reminder('W-2', 'PENDING', 0), 'absent');
    await main.putInvoice(invoice('W-2', 1), undefined);
    const once = await together.run(async (s) => {
      await s.main.putInvoice(invoice('W-2', 2), 1);
      await s.main.putReminder(reminder('W-2', 'SENDING', 1), ['PENDING'], at(0));
      // Someone else moves the reminder between the work's reads and its commit.
      await main.putReminder(reminder('W-2', 'CANCELLED', 5), ['PENDING'], at(0));
    });
    expect(once).toEqual({ outcome: 'refused' });
    expect(await main.getInvoice(scope('W-2'))).toMatchObject({ version: 1 });
    expect(await main.getReminder(scope('W-2'), 'due')).toMatchObject({ state: 'CANCELLED' });
  });

  it('an item read, not written, holds the writes to it being as read; on an item also written, both conditions hold', async () => {
    await main.putInvoice(invoice('W-3', 1), undefined);
    await main.putInvoice(invoice('W-4', 1), undefined);
    const checked = (version: number) =>
      together.run(async (s) => {
        s.asRead.invoice(scope('W-3'), version);
        await s.main.putReminder(reminder('W-3', 'PENDING', 0), 'absent');
      });
    expect(await checked(2)).toEqual({ outcome: 'refused' });
    expect(await main.getReminder(scope('W-3'), 'due')).toBeUndefined();
    expect(await checked(1)).toEqual({ outcome: 'done', value: undefined });
    expect(await main.getInvoice(scope('W-3'))).toMatchObject({ version: 1 });

    // The write alone (expecting version 1) would be made; the check at version 2 joined to it,
    // before it or after, refuses it.
    for (const checkFirst of [true, false]) {
      const both = await together.run(async (s) => {
        if (checkFirst) s.asRead.invoice(scope('W-4'), 2);
        await s.main.putInvoice(invoice('W-4', 2), 1);
        if (!checkFirst) s.asRead.invoice(scope('W-4'), 2);
      });
      expect(both).toEqual({ outcome: 'refused' });
    }
    expect(await main.getInvoice(scope('W-4'))).toMatchObject({ version: 1 });
  });

  it('chains audit events appended in one transaction from the head it read', async () => {
    const audit = new DynamoDbAuditStore(t.client, t.auditTable);
    const body = (type: string) => ({
      type,
      data: {},
      at: at(0),
      actor: { sub: 's', email: 'e@x.example' },
      source: 'dispatcher' as const,
    });
    await audit.append(scope('W-5'), body('invoice.tracked'));
    const once = await together.run(async (s) => {
      await s.audit.append(scope('W-5'), body('email.sent'));
      await s.audit.append(scope('W-5'), body('reminder.scheduled'));
    });
    expect(once.outcome).toBe('done');
    const events = await audit.chain(scope('W-5'));
    expect(events.map((e) => [e.seq, e.type])).toEqual([
      [1, 'invoice.tracked'],
      [2, 'email.sent'],
      [3, 'reminder.scheduled'],
    ]);
    expect(verifyChain(events)).toBeUndefined();
  });

  it('writes nothing when the writes would not fit in one transaction', async () => {
    const once = await together.run(async (s) => {
      for (let i = 0; i < 101; i += 1) await s.main.putReminder(reminder(`W-many-${i}`, 'PENDING', 0), 'absent');
    });
    expect(once).toEqual({ outcome: 'too-many' });
    expect(await main.getReminder(scope('W-many-0'), 'due')).toBeUndefined();
  });
});
