import { createHash, randomUUID } from 'node:crypto';
import { nodeLetterFonts } from '../../lambdas/letters/node-fonts';
import { pdfRenderers } from '../../lambdas/letters/pdf-renderers';
import type { StatementRenderer } from '../../lambdas/letters/statement-pdf';
import { defaultLedgerSettings } from '../../shared/default-settings';
import { DEFAULT_TEMPLATES } from '../../shared/email/default-templates';
import { statementLine } from '../../shared/email/render-email';
import { LEDGER, rid, snapshot, startTestApi, type TestApi } from '../support/api';
import { dispatcherHarness, sesMailbox, snsEvent } from '../support/dispatcher';
import { pdfText } from '../support/read-pdf';

const usd = (minor: number) => ({ minor, currency: 'USD' });
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const TENANT = 'd:acme.example';
const FILE = 'Statement-of-account-Harbor-Coffee-Roasters-2026-11-24.pdf';

type Event = { type: string; data: Record<string, unknown> };

/**
 * "Attach the statement" on an email of the ladder: the dispatcher makes the customer's
 * statement of account on the day the email goes and sends it with the reminder, through the
 * same send-once path. The ladder here is one email at +15 days whose template attaches it;
 * the customer has three open invoices (one part paid), two of them past +15, so one email goes
 * about those two with the statement of all three. 2026-11-24 15:00Z is 10:00 in New York.
 */
describe('a reminder step that attaches the statement of account', () => {
  let api: TestApi;
  let statements: StatementRenderer;
  beforeAll(async () => {
    statements = pdfRenderers(await nodeLetterFonts()).statement;
  });
  beforeEach(async () => {
    api = await startTestApi('2026-11-24T15:00:00Z');
    const defaults = defaultLedgerSettings('ar@acme.example', 'America/New_York');
    const overdue = DEFAULT_TEMPLATES.overdue;
    if (!overdue) throw new Error('the overdue template is missing');
    const settings = {
      ...defaults,
      ledgerName: 'Acme Supplies Ltd',
      paymentInstructions: 'Bank transfer to account 12345678.',
      ladder: { ...defaults.ladder, steps: [{ id: 'overdue-15', offsetDays: 15, action: { kind: 'email', templateId: 'overdue' } }] },
      templates: { overdue: { ...overdue, attachStatement: true } },
    };
    const saved = await api.call('PUT', '/v1/settings', { body: { requestId: rid(), ledgerId: LEDGER, settings } });
    expect(saved.status).toBe(200);
  });
  afterEach(() => api.close());

  const syncCustomer = async (to: string) => {
    const customer = 'Harbor Coffee Roasters';
    const res = await api.call('POST', '/v1/invoices/sync', {
      body: {
        requestId: rid(),
        ledgerId: LEDGER,
        invoices: [
          snapshot('S-1', {
            row: 2,
            customer,
            contactEmail: to,
            invoiceDate: '2026-08-15',
            dueDate: '2026-09-14',
            amount: usd(120_000),
            balance: usd(45_000),
            status: 'partial',
          }),
          snapshot('S-2', { row: 3, customer, contactEmail: to, dueDate: '2026-10-30', amount: usd(45_025), balance: usd(45_025) }),
          snapshot('S-3', { row: 4, customer, contactEmail: to, dueDate: '2026-12-20', amount: usd(99_900), balance: usd(99_900) }),
        ],
      },
    });
    expect(res.status).toBe(200);
  };
  const history = async (n: string) =>
    (await api.call('GET', `/v1/history?ledgerId=${LEDGER}&invoiceNumber=${n}&limit=100`)).json.events as Event[];
  const reminder = async (harness: ReturnType<typeof dispatcherHarness>, n: string) =>
    (await harness.deps.main.reminders({ tenant: TENANT, ledgerId: LEDGER, invoiceNumber: n })).find((r) => r.stepId === 'overdue-15');

  it('sends one email with the statement of all three invoices attached, recorded with its hash on each', async () => {
    const to = `statement-${randomUUID().slice(0, 8)}@debtor.example`;
    await syncCustomer(to);
    const harness = dispatcherHarness(api, { statements });
    expect(await harness.run()).toMatchObject({ emails: 1, sent: 2 });
    expect(await harness.run()).toMatchObject({ emails: 0 });
    harness.close();

    const mail = await sesMailbox((a) => a === to);
    expect(mail).toHaveLength(1);
    expect(mail[0]?.attachments).toEqual([expect.objectContaining({ contentType: 'application/pdf', filename: FILE })]);
    expect(mail[0]?.body.text).toContain(statementLine(FILE));
    expect(mail[0]?.body.html).toContain('Your statement of account is attached');
    const pdf = Buffer.from(mail[0]?.attachments[0]?.content ?? '', 'base64');
    const { text } = pdfText(pdf.toString('base64'));
    // Read from the PDF the customer got: the part payment, the running balance, the total.
    expect(text).toContain('S-1 August 15, 2026 September 14, 2026 $1,200.00 $750.00 $450.00 $450.00 71');
    expect(text).toContain('S-2 October 30, 2026 $450.25 $0.00 $450.25 $900.25 25');
    expect(text).toContain('S-3 December 20, 2026 $999.00 $0.00 $999.00 $1,899.25');
    expect(text).toContain('Balance due: $1,899.25');

    // The same statement the sidebar would have made that day, byte for byte.
    const fromSidebar = await api.call('POST', '/v1/statements', { body: { requestId: rid(), ledgerId: LEDGER, invoiceNumber: 'S-2' } });
    expect(fromSidebar.json).toMatchObject({ fileName: FILE, sha256: sha(pdf) });

    for (const n of ['S-1', 'S-2']) {
      const sent = (await history(n)).find((e) => e.type === 'email.sent');
      expect(sent?.data).toMatchObject({
        to,
        invoices: ['S-1', 'S-2'],
        attachment: { fileName: FILE, sha256: sha(pdf), bytes: pdf.length, kind: 'statement' },
      });
    }
    for (const n of ['S-1', 'S-2', 'S-3']) {
      const made = (await history(n)).filter((e) => e.type === 'statement.made' && e.data.emailedIn);
      expect(made).toHaveLength(1);
      expect(made[0]?.data).toMatchObject({
        sha256: sha(pdf),
        invoices: ['S-1', 'S-2', 'S-3'],
        totalDue: usd(189_925),
        to,
        madeFor: 'S-1',
      });
    }
    // The statement rides on a reminder: S-3, not yet due, was not emailed about.
    expect((await history('S-3')).some((e) => e.type === 'email.sent')).toBe(false);
  });

  it('tries again later when the statement cannot be rendered, sending nothing until it can', async () => {
    const to = `render-${randomUUID().slice(0, 8)}@debtor.example`;
    await syncCustomer(to);
    let down = true;
    const flaky: StatementRenderer = (content) =>
      down ? Promise.reject(new Error('Task timed out after 30.00 seconds')) : statements(content);
    const harness = dispatcherHarness(api, { statements: flaky });
    expect(await harness.run()).toMatchObject({ emails: 0, retried: 2 });
    expect(await sesMailbox((a) => a === to)).toHaveLength(0);
    const waiting = await reminder(harness, 'S-1');
    expect(waiting).toMatchObject({ state: 'PENDING', attempts: 1, sendAt: '2026-11-24T15:02:00.000Z' });
    expect(waiting?.reason).toBe(
      'retrying: the statement of account this email attaches could not be rendered (Task timed out after 30.00 seconds)',
    );
    expect((await history('S-1')).some((e) => e.type === 'statement.made' || e.type === 'email.attempted')).toBe(false);

    down = false;
    api.clock.advance(3 * 60_000);
    expect(await harness.run()).toMatchObject({ emails: 1, sent: 2 });
    harness.close();
    expect(await sesMailbox((a) => a === to)).toHaveLength(1);
    expect(await reminder(harness, 'S-1')).toMatchObject({ state: 'SENT' });
  });

  it('skips the email, saying why, when this dispatcher has no way to make statements', async () => {
    const to = `none-${randomUUID().slice(0, 8)}@debtor.example`;
    await syncCustomer(to);
    const harness = dispatcherHarness(api);
    expect(await harness.run()).toMatchObject({ emails: 0, skipped: 2 });
    harness.close();
    expect(await sesMailbox((a) => a === to)).toHaveLength(0);
    expect(await reminder(harness, 'S-2')).toMatchObject({
      state: 'SKIPPED',
      reason: 'this email attaches the statement of account, which this dispatcher cannot make',
    });
  });

  it.each(['after-attempt-record', 'after-send'] as const)('never sends the statement twice when the dispatcher dies %s', async (point) => {
    const to = `crash-${point}-${randomUUID().slice(0, 8)}@debtor.example`;
    await syncCustomer(to);
    const crashing = dispatcherHarness(api, {
      statements,
      faults: (p) => {
        if (p === point) throw new Error(`injected crash ${p}`);
      },
    });
    await expect(crashing.run()).rejects.toThrow(`injected crash ${point}`);
    const healthy = dispatcherHarness(api, { statements });
    api.clock.advance(6 * 60_000);
    await healthy.run();
    for (const message of crashing.recorder.accepted) await healthy.deliverEvents(snsEvent('Delivery', message));
    api.clock.advance(25 * 3600_000);
    await healthy.run();
    crashing.close();
    healthy.close();
    const received = await sesMailbox((a) => a === to);
    expect(received.length).toBeLessThanOrEqual(1);
    const state = (await reminder(healthy, 'S-1'))?.state;
    expect(state === 'SENT').toBe(received.length === 1);
    // What was attached is on record either way, with the hash of the bytes that went.
    const made = (await history('S-3')).filter((e) => e.type === 'statement.made');
    expect(made.length).toBeGreaterThanOrEqual(1);
    if (received[0])
      expect(made.map((e) => e.data.sha256)).toContain(sha(Buffer.from(received[0].attachments[0]?.content ?? '', 'base64')));
  });
});
