import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { type AuditEventBody, verifyChain } from '../../lambdas/audit/hash-chain';
import type { AuditStore } from '../../lambdas/services/ports/audit-store';
import type { MainStore } from '../../lambdas/services/ports/main-store';
import { DynamoDbAuditStore } from '../../lambdas/store/dynamodb-audit-store';
import { DynamoDbMainStore } from '../../lambdas/store/dynamodb-main-store';
import { keys } from '../../lambdas/store/keys';
import { InvoiceRecord, LetterRecord, ReminderRecord, type SuppressionRecord } from '../../lambdas/store/records';
import { defaultLedgerSettings } from '../../shared/default-settings';
import { createTestTables } from '../support/dynamodb';
import { InMemoryAuditStore } from '../support/memory/in-memory-audit-store';
import { InMemoryMainStore } from '../support/memory/in-memory-main-store';

/**
 * One contract, two adapters: the same assertions against the DynamoDB adapters on dynalite and
 * the in-memory ones, so a test that swaps in memory for speed still exercises what production
 * does (conditions, key order, paging quirks, copies).
 */
interface Stores {
  main: MainStore;
  audit: AuditStore;
  /** Written by the SES-event handler through another store in production. */
  suppress(tenant: string, record: SuppressionRecord): Promise<void>;
}

async function onDynalite(): Promise<Stores> {
  const tables = await createTestTables();
  return {
    main: new DynamoDbMainStore(tables.client, tables.mainTable),
    audit: new DynamoDbAuditStore(tables.client, tables.auditTable),
    suppress: async (tenant, record) => {
      await tables.client.send(
        new PutCommand({ TableName: tables.mainTable, Item: { pk: keys.tenant(tenant), sk: keys.suppressionSk(record.email), ...record } }),
      );
    },
  };
}

function inMemory(): Promise<Stores> {
  const main = new InMemoryMainStore();
  const suppress = (tenant: string, record: SuppressionRecord) => Promise.resolve(main.suppress(tenant, record));
  return Promise.resolve({ main, audit: new InMemoryAuditStore(), suppress });
}

const ledger = { tenant: 'd:acme.example', ledgerId: 'ledger-contract' };

function invoice(invoiceNumber: string, customer = 'Acme GmbH', version = 1): InvoiceRecord {
  return InvoiceRecord.parse({
    ...ledger,
    invoiceNumber,
    version,
    updatedAt: '2026-11-24T12:00:00.000Z',
    snapshot: {
      invoiceNumber,
      customer,
      dueDate: '2026-11-01',
      amount: { minor: 10_000, currency: 'EUR' },
      balance: { minor: 10_000, currency: 'EUR' },
      status: 'open',
      row: 2,
    },
  });
}

function reminder(
  invoiceNumber: string,
  stepId: string,
  state: ReminderRecord['state'] = 'PENDING',
  updatedAt = '2026-11-24T12:00:00.000Z',
) {
  return ReminderRecord.parse({
    ...ledger,
    invoiceNumber,
    stepId,
    label: `Step ${stepId}`,
    templateId: 'friendly',
    sendAt: '2026-11-25T09:00:00.000Z',
    state,
    updatedAt,
  });
}

const event = (n: number, id?: string): AuditEventBody => ({
  ...(id && { id }),
  type: 'contact.logged',
  at: new Date(Date.UTC(2026, 10, 24, 12, 0, n)).toISOString(),
  actor: { sub: '123', email: 'ar@acme.example' },
  source: 'sidebar',
  data: { n },
});

describe.each([
  ['DynamoDB on dynalite', onDynalite],
  ['memory', inMemory],
])('the store ports, on %s', (_name, open) => {
  let stores: Stores;
  beforeAll(async () => {
    stores = await open();
  });

  it('writes an invoice only on the version read, and hands out copies', async () => {
    const { main } = stores;
    const scope = { ...ledger, invoiceNumber: 'V-1' };
    await expect(main.putInvoice(invoice('V-1'), undefined)).resolves.toBe('ok');
    await expect(main.putInvoice(invoice('V-1'), undefined)).resolves.toBe('conflict');
    await expect(main.putInvoice(invoice('V-1', 'Acme GmbH', 2), 1)).resolves.toBe('ok');
    await expect(main.putInvoice(invoice('V-1', 'Acme GmbH', 3), 1)).resolves.toBe('conflict');
    await expect(main.putInvoice(invoice('V-404', 'Acme GmbH', 2), 1)).resolves.toBe('conflict');
    const read = await main.getInvoice(scope);
    expect(read?.version).toBe(2);
    if (read) read.snapshot.customer = 'changed by the caller';
    await expect(main.getInvoice(scope)).resolves.toMatchObject({ snapshot: { customer: 'Acme GmbH' } });
    const both = await main.getInvoices(ledger, ['V-1', 'V-404']);
    expect([...both.keys()]).toEqual(['V-1']);
  });

  it('finds a customer’s invoices whatever the case of its name, and pages the ledger in key order with each page’s reminders', async () => {
    const { main } = stores;
    const own = { tenant: ledger.tenant, ledgerId: 'ledger-paged' };
    const numbers = ['B', 'A-1', '#1000', 'A!1', 'A'];
    for (const n of numbers) await main.putInvoice({ ...invoice(n, n === 'B' ? 'ACME gmbh' : 'Other'), ...own }, undefined);
    await main.putReminder({ ...reminder('A', 's1'), ...own }, 'absent');
    await main.putReminder({ ...reminder('A!1', 's1'), ...own }, 'absent');
    await main.putReminder({ ...reminder('B', 's2'), ...own }, 'absent');
    expect((await main.customerInvoices(own, 'acme GMBH')).map((r) => r.invoiceNumber)).toEqual(['B']);

    const pages: { records: string[]; reminders: string[]; next?: string }[] = [];
    let after: string | undefined;
    do {
      const page = await main.invoicePage(own, 2, after);
      pages.push({
        records: page.records.map((r) => r.invoiceNumber),
        reminders: page.reminders.map((r) => `${r.invoiceNumber}/${r.stepId}`),
        ...(page.next !== undefined && { next: page.next }),
      });
      after = page.next;
    } while (after !== undefined);
    // Encoded keys sort "#" (as %23) first and "A!1" before "A-1"; a last page that fills its
    // limit still says more may follow, as DynamoDB's LastEvaluatedKey does, and the next is empty.
    expect(pages).toEqual([
      { records: ['#1000', 'A'], reminders: ['A/s1'], next: 'A' },
      { records: ['A!1', 'A-1'], reminders: ['A!1/s1'], next: 'A-1' },
      { records: ['B'], reminders: ['B/s2'] },
    ]);
    expect((await main.invoicePage(own, 5)).next).toBe('B');
    expect((await main.invoicePage(own, 5, 'B')).records).toEqual([]);
  });

  it('writes a reminder only from the states and update the writer read', async () => {
    const { main } = stores;
    const scope = { ...ledger, invoiceNumber: 'R-1' };
    await expect(main.putReminder(reminder('R-1', 's1'), 'absent')).resolves.toBe('ok');
    await expect(main.putReminder(reminder('R-1', 's1'), 'absent')).resolves.toBe('conflict');
    await expect(main.putReminder(reminder('R-1', 's1', 'SENDING', 'T2'), ['SENT'])).resolves.toBe('conflict');
    await expect(main.putReminder(reminder('R-1', 's1', 'SENDING', 'T2'), ['PENDING'], 'not-what-was-read')).resolves.toBe('conflict');
    await expect(
      main.putReminder(reminder('R-1', 's1', 'SENDING', 'T2'), ['PENDING', 'AWAITING_APPROVAL'], '2026-11-24T12:00:00.000Z'),
    ).resolves.toBe('ok');
    await main.putReminder(reminder('R-1!', 's1'), 'absent');
    await expect(main.getReminder(scope, 's1')).resolves.toMatchObject({ state: 'SENDING', updatedAt: 'T2' });
    await expect(main.getReminder(scope, 'nope')).resolves.toBeUndefined();
    expect((await main.reminders(scope)).map((r) => `${r.invoiceNumber}/${r.stepId}`)).toEqual(['R-1/s1']);
  });

  it('keeps settings, customer holds by name in any case, letters and suppressions', async () => {
    const { main } = stores;
    const settings = defaultLedgerSettings('ar@acme.example', 'Europe/Berlin', 'EUR');
    await expect(main.getSettings(ledger)).resolves.toBeUndefined();
    await main.putSettings(ledger, { settings, updatedAt: 'T1' });
    await expect(main.getSettings(ledger)).resolves.toEqual({ settings, updatedAt: 'T1' });

    await main.putCustomerHold({ ...ledger, customer: 'Globex', pause: { at: 'T1', note: 'talking' } });
    await main.putCustomerHold({ ...ledger, customer: 'Acme', doNotContact: { at: 'T1', reason: 'asked' } });
    await expect(main.getCustomerHold(ledger, 'GLOBEX')).resolves.toMatchObject({ customer: 'Globex', pause: { note: 'talking' } });
    expect((await main.customerHolds(ledger)).map((h) => h.customer)).toEqual(['Acme', 'Globex']);
    await main.deleteCustomerHold(ledger, 'globex');
    expect((await main.customerHolds(ledger)).map((h) => h.customer)).toEqual(['Acme']);

    const pdf = new Uint8Array([37, 80, 68, 70]);
    const letter = LetterRecord.parse({
      ...ledger,
      invoiceNumber: 'L-1',
      sha256: 'ab'.repeat(32),
      fileName: 'l.pdf',
      title: 'Final notice',
      totalDue: '€100.00',
      deadline: '2026-12-08',
      createdAt: '2026-11-24T12:00:00.000Z',
      pdf,
    });
    await main.putLetter(letter);
    const kept = await main.getLetter({ ...ledger, invoiceNumber: 'L-1' }, letter.sha256);
    expect(kept && [...kept.pdf]).toEqual([...pdf]);

    await stores.suppress(ledger.tenant, { email: 'Bounced@Example.com', reason: 'bounce', at: 'T1' });
    const found = await main.suppressions(ledger.tenant, ['bounced@example.com', 'fine@example.com', 'BOUNCED@example.com']);
    expect([...found.keys()]).toEqual(['bounced@example.com']);
    await expect(main.getReputation(ledger.tenant)).resolves.toBeUndefined();
  });

  it('counts a day’s uses up to the limit, each day afresh', async () => {
    const { main } = stores;
    const uses = [];
    for (let i = 0; i < 3; i += 1) uses.push(await main.countDaily(ledger.tenant, 'test-mail', '2026-11-24', 2));
    uses.push(await main.countDaily(ledger.tenant, 'test-mail', '2026-11-25', 2));
    expect(uses).toEqual(['ok', 'ok', 'over', 'ok']);
  });

  it('moves a digest only from the schedule read, and clears it', async () => {
    const { main } = stores;
    const read = (at: string) => `${at}#${keys.ledger(ledger)}#${keys.digestSk()}`;
    await expect(main.scheduleDigest(ledger, '2026-11-25T08:00:00.000Z')).resolves.toBe('ok');
    await expect(main.scheduleDigest(ledger, '2026-11-26T08:00:00.000Z', read('2026-11-25T08:00:00.000Z'))).resolves.toBe('ok');
    await expect(main.scheduleDigest(ledger, '2026-11-27T08:00:00.000Z', read('2026-11-25T08:00:00.000Z'))).resolves.toBe('conflict');
    await expect(main.scheduleDigest(ledger, undefined)).resolves.toBe('ok');
    await expect(main.scheduleDigest(ledger, '2026-11-27T08:00:00.000Z', read('2026-11-26T08:00:00.000Z'))).resolves.toBe('conflict');
  });

  it('answers a request id once: in progress, the first answer, a different body refused, a lapsed lock taken over', async () => {
    const { main } = stores;
    const t = Date.parse('2026-11-24T12:00:00Z');
    await expect(main.beginRequest(ledger.tenant, 'req-1', 'fp', t)).resolves.toEqual({ kind: 'new' });
    await expect(main.beginRequest(ledger.tenant, 'req-1', 'fp', t + 1)).resolves.toEqual({ kind: 'in_progress' });
    await expect(main.beginRequest(ledger.tenant, 'req-1', 'other', t + 1)).resolves.toEqual({ kind: 'mismatch' });
    await main.finishRequest(ledger.tenant, 'req-1', 'fp', 200, '{"ok":true}', t + 2);
    await expect(main.beginRequest(ledger.tenant, 'req-1', 'fp', t + 3)).resolves.toEqual({
      kind: 'done',
      status: 200,
      body: '{"ok":true}',
    });
    await expect(main.beginRequest(ledger.tenant, 'req-2', 'fp', t)).resolves.toEqual({ kind: 'new' });
    await expect(main.beginRequest(ledger.tenant, 'req-2', 'fp', t + 61_000)).resolves.toEqual({ kind: 'new' });
    await main.abandonRequest(ledger.tenant, 'req-2');
    await expect(main.beginRequest(ledger.tenant, 'req-2', 'fp', t + 62_000)).resolves.toEqual({ kind: 'new' });
  });

  it('chains audit events, finds an event by its id, pages newest first and lists a ledger in its index order', async () => {
    const { audit } = stores;
    const scope = { ...ledger, invoiceNumber: 'A' };
    for (let i = 1; i <= 4; i += 1) await audit.append(scope, event(i));
    await audit.append(scope, event(5, 'once'));
    await expect(audit.hasEvent(scope, 'once')).resolves.toBe(true);
    await expect(audit.hasEvent(scope, 'never')).resolves.toBe(false);
    const chain = await audit.chain(scope);
    expect(chain.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(verifyChain(chain)).toBeUndefined();

    const first = await audit.page(scope, 2);
    const second = await audit.page(scope, 2, first.nextBeforeSeq);
    const third = await audit.page(scope, 2, second.nextBeforeSeq);
    expect([first, second, third].map((p) => [p.events.map((e) => e.seq), p.nextBeforeSeq])).toEqual([
      [[5, 4], 4],
      [[3, 2], 2],
      [[1], undefined],
    ]);
    expect((await audit.page(scope, 5)).nextBeforeSeq).toBeUndefined();

    await audit.append({ ...ledger, invoiceNumber: 'A!' }, event(7));
    await audit.append({ ...ledger, invoiceNumber: 'B' }, event(8));
    await audit.append({ tenant: 'd:other.example', ledgerId: ledger.ledgerId, invoiceNumber: 'A' }, event(9));
    const listed = (await audit.ledger(ledger)).map((e) => `${e.invoiceNumber}/${e.seq}`);
    expect(listed).toEqual(['A!/1', 'A/1', 'A/2', 'A/3', 'A/4', 'A/5', 'B/1']);
    await expect(audit.chainForAudit(scope)).resolves.toMatchObject({ unindexed: [] });
  });
});
