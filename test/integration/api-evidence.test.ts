import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { keys } from '../../lambdas/store/keys';
import { defaultLedgerSettings } from '../../shared/default-settings';
import { EVIDENCE_CSV_COLUMNS } from '../../shared/evidence/compose-evidence';
import { LEDGER, rid, snapshot, startTestApi, type TestApi } from '../support/api';
import { dispatcherHarness, snsEvent } from '../support/dispatcher';
import { pdfText } from '../support/read-pdf';

const usd = (minor: number) => ({ minor, currency: 'USD' });
const TENANT = 'd:acme.example';

interface Event {
  seq: number;
  type: string;
  hash: string;
  data: Record<string, unknown>;
}

/** A CSV as rows of cells (RFC 4180: quoted cells may hold commas, quotes and line breaks). */
function parseCsv(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i += 1) {
    const ch = csv[i];
    if (quoted) {
      if (ch === '"' && csv[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && csv[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else cell += ch;
  }
  return rows;
}

/**
 * A customer with a reminder sent and delivered, a call logged, a letter, a promise and a
 * dispute, and an invoice paid; another customer beside them. The pack must list every event of
 * the customer's chains, say they are intact, and after one event is altered in the table, name
 * that event as the broken link.
 */
describe('GET /v1/evidence: the evidence pack for an invoice or a customer', () => {
  let api: TestApi;
  const to = `harbor-${randomUUID().slice(0, 8)}@debtor.example`;
  const harbor = { customer: 'Harbor Coffee', contactEmail: to, contactName: 'Sam Ortiz' };
  const get = (invoiceNumber: string, scope?: string) =>
    api.call('GET', `/v1/evidence?${new URLSearchParams({ ledgerId: LEDGER, invoiceNumber, ...(scope && { scope }) }).toString()}`);
  const history = async (n: string) =>
    (await api.call('GET', `/v1/history?ledgerId=${LEDGER}&invoiceNumber=${n}&limit=100`)).json.events as Event[];
  let messageId = '';
  let letterHash = '';

  beforeAll(async () => {
    api = await startTestApi('2026-11-24T15:00:00Z');
    const settings = {
      ...defaultLedgerSettings('ar@acme.example', 'America/New_York'),
      ledgerName: 'Acme Supplies Ltd',
      fees: { kind: 'contract' as const, annualRateBp: 800, flatFeeMinor: 40_00 },
    };
    expect((await api.call('PUT', '/v1/settings', { body: { requestId: rid(), ledgerId: LEDGER, settings } })).status).toBe(200);
    const sync = await api.call('POST', '/v1/invoices/sync', {
      body: {
        requestId: rid(),
        ledgerId: LEDGER,
        invoices: [
          snapshot('EV-1', { ...harbor, dueDate: '2026-10-01', amount: usd(120_000), balance: usd(100_000) }),
          snapshot('EV-2', { ...harbor, dueDate: '2026-11-10', amount: usd(45_025), balance: usd(45_025) }),
          snapshot('EV-4', { ...harbor, dueDate: '2026-09-01', amount: usd(5_000), balance: usd(0), status: 'paid' }),
          snapshot('EV-3', {
            customer: 'Someone Else',
            contactEmail: 'else@debtor.example',
            dueDate: '2026-10-01',
            amount: usd(9_900),
            balance: usd(9_900),
          }),
        ],
      },
    });
    expect(sync.status).toBe(200);

    // Harbor's reminders go out in one email (EV-2's, and EV-1's second notice as it catches up), and EV-3's; SES reports Harbor's delivered.
    const harness = dispatcherHarness(api);
    expect(await harness.run()).toMatchObject({ sent: 3, emails: 2 });
    const accepted = harness.recorder.accepted.find((m) => m.to === to);
    if (!accepted) throw new Error('no email to the customer');
    messageId = accepted.messageId;
    await harness.deliverEvents(snsEvent('Delivery', accepted));

    const ref = (invoiceNumber: string) => ({ requestId: rid(), ledgerId: LEDGER, invoiceNumber });
    expect(
      (
        await api.call('POST', '/v1/contacts', {
          body: {
            ...ref('EV-1'),
            channel: 'call',
            reached: 'Sam, accounts payable',
            outcome: 'reached',
            notes: 'Says the PO was lost; resending it.',
          },
        })
      ).status,
    ).toBe(200);
    const letter = await api.call('POST', '/v1/letters', { body: { ...ref('EV-1'), stage: 'formal_demand' } });
    expect(letter.status).toBe(200);
    letterHash = letter.json.sha256 as string;
    expect(
      (await api.call('POST', '/v1/promises', { body: { ...ref('EV-2'), promisedFor: '2026-12-04', amount: usd(45_025) } })).status,
    ).toBe(200);
    expect((await api.call('POST', '/v1/disputes', { body: { ...ref('EV-1'), action: 'open', reason: 'Pricing' } })).status).toBe(200);
  });
  afterAll(() => api.close());

  it('lists every event of the customer’s chains, in the PDF and the CSV, and says the chain is intact', async () => {
    const res = await get('EV-1', 'customer');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      customer: 'Harbor Coffee',
      intact: true,
      verdict: expect.stringMatching(/^Audit chain intact: all \d+ events of 3 invoices verified/) as string,
      invoices: expect.arrayContaining(['EV-1', 'EV-2', 'EV-4']),
    });
    expect(res.json.invoices).not.toContain('EV-3');

    const events = new Map<string, Event[]>();
    for (const n of ['EV-1', 'EV-2', 'EV-4']) events.set(n, await history(n));
    const total = [...events.values()].reduce((sum, list) => sum + list.length, 0);
    expect(res.json.eventsChecked).toBe(total);

    const rows = parseCsv(res.json.csv as string);
    expect(rows[0]).toEqual(EVIDENCE_CSV_COLUMNS);
    const eventRows = rows.filter((r) => r[0] === 'event');
    expect(eventRows).toHaveLength(total);
    for (const [n, list] of events) {
      for (const e of list) expect(eventRows.find((r) => r[1] === n && r[2] === String(e.seq))?.[11]).toBe(e.hash);
    }
    expect(rows.filter((r) => r[0] === 'verification').map((r) => [r[1], r[4]])).toEqual(
      expect.arrayContaining([
        ['EV-1', 'chain.intact'],
        ['EV-2', 'chain.intact'],
        ['EV-4', 'chain.intact'],
      ]),
    );
    expect(rows.some((r) => r.includes('EV-3'))).toBe(false);

    const { text } = pdfText(res.json.pdfBase64 as string);
    const squeezed = text.replace(/\s+/g, '');
    expect(text).toContain('Evidence pack: Harbor Coffee');
    expect(text).toContain(`Audit chain intact: all ${total} events of 3 invoices verified`);
    // Every event, by its hash's first 16 characters, and the reminder with what SES said of it.
    for (const list of events.values()) for (const e of list) expect(squeezed).toContain(e.hash.slice(0, 16));
    expect(squeezed).toContain(`${messageId}Reminderdelivered`);
    expect(squeezed).toContain(letterHash);
    expect(text).toContain('Says the PO was lost; resending it.');
    expect(text).toContain('Promise to pay by 2026-12-04');
    expect(text).toContain('Dispute opened: Pricing');
    expect(text).toContain('Late fee under the contract: $40.00.');
    expect(text).not.toContain('Someone Else');
  });

  it('for one invoice, lists that invoice’s events only', async () => {
    const res = await get('EV-2');
    expect(res.status).toBe(200);
    expect(res.json.invoices).toEqual(['EV-2']);
    expect(res.json.eventsChecked).toBe((await history('EV-2')).length);
    expect(
      parseCsv(res.json.csv as string)
        .filter((r) => r[0] === 'event')
        .every((r) => r[1] === 'EV-2'),
    ).toBe(true);
  });

  it('names the broken link after an event is altered in the table', async () => {
    const target = (await history('EV-2')).find((e) => e.type === 'email.sent');
    if (!target) throw new Error('no email.sent event');
    await api.tables.client.send(
      new UpdateCommand({
        TableName: api.tables.auditTable,
        Key: { pk: keys.auditChain({ tenant: TENANT, ledgerId: LEDGER, invoiceNumber: 'EV-2' }), seq: target.seq },
        UpdateExpression: 'SET #data.#to = :to',
        ExpressionAttributeNames: { '#data': 'data', '#to': 'to' },
        ExpressionAttributeValues: { ':to': 'someone-else@debtor.example' },
      }),
    );
    const res = await get('EV-1', 'customer');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      intact: false,
      firstBroken: { invoiceNumber: 'EV-2', seq: target.seq, reason: expect.stringMatching(/changed after it was recorded/) },
    });
    const { text } = pdfText(res.json.pdfBase64 as string);
    expect(text).toContain(`Audit chain BROKEN for invoice EV-2 at event ${target.seq}: its content was changed after it was recorded`);
    expect(text).not.toContain('Audit chain intact');
    expect(
      parseCsv(res.json.csv as string)
        .find((r) => r[0] === 'verification' && r[1] === 'EV-2')
        ?.slice(2, 5),
    ).toEqual([String(target.seq), expect.any(String), 'chain.broken']);
    // The other invoices' chains are still reported as they are.
    expect(parseCsv(res.json.csv as string).find((r) => r[0] === 'verification' && r[1] === 'EV-1')?.[4]).toBe('chain.intact');
  });

  it('names the field and the reason for a bad request', async () => {
    const bad = await api.call('GET', `/v1/evidence?ledgerId=${LEDGER}&invoiceNumber=EV-1&scope=everything`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toMatch(/scope/);
    const unknown = await get('NOPE-1');
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.message).toMatch(/NOPE-1 has not been synced/);
  });
});
