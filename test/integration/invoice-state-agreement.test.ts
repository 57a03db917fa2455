/**
 * One state, everywhere: for random sequences of what a team does (promises, disputes, holds on
 * the customer, payments, a bounced address, days passing with the dispatcher running as in
 * production), the sidebar's reminders, the status column and the dispatcher's own verdict on
 * each waiting reminder agree after every step.
 */
import fc from 'fast-check';
import { whyNotDispatch } from '../../lambdas/services/reminder-planner';
import { DynamoDbDispatchStore } from '../../lambdas/store/dynamodb-dispatch-store';
import { defaultLedgerSettings } from '../../shared/default-settings';
import { LEDGER, rid, snapshot, startTestApi, type TestApi } from '../support/api';
import { dispatcherHarness } from '../support/dispatcher';

const TENANT = 'd:acme.example';
const INVOICES = [
  { invoiceNumber: 'P-1', customer: 'Alder Co', dueDate: '2026-11-11', row: 2 },
  { invoiceNumber: 'P-2', customer: 'Alder Co', dueDate: '2026-11-20', row: 3 },
  { invoiceNumber: 'P-3', customer: 'Birch Ltd', dueDate: '2026-11-30', row: 4 },
] as const;
const CUSTOMERS = ['Alder Co', 'Birch Ltd'] as const;

type Action =
  | { kind: 'promise'; invoice: number; inDays: number }
  | { kind: 'withdraw-promise'; invoice: number }
  | { kind: 'dispute'; invoice: number }
  | { kind: 'resolve'; invoice: number }
  | { kind: 'hold'; customer: number; action: 'pause' | 'resume' | 'bankruptcy' | 'lift_bankruptcy' | 'do_not_contact' | 'allow_contact' }
  | { kind: 'paid'; invoice: number; paid: boolean }
  | { kind: 'bounce'; invoice: number }
  | { kind: 'advance'; days: number };

const invoice = fc.integer({ min: 0, max: INVOICES.length - 1 });
const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('promise' as const), invoice, inDays: fc.integer({ min: 0, max: 20 }) }),
  fc.record({ kind: fc.constant('withdraw-promise' as const), invoice }),
  fc.record({ kind: fc.constant('dispute' as const), invoice }),
  fc.record({ kind: fc.constant('resolve' as const), invoice }),
  fc.record({
    kind: fc.constant('hold' as const),
    customer: fc.integer({ min: 0, max: 1 }),
    action: fc.constantFrom('pause', 'resume', 'bankruptcy', 'lift_bankruptcy', 'do_not_contact', 'allow_contact'),
  }),
  fc.record({ kind: fc.constant('paid' as const), invoice, paid: fc.boolean() }),
  fc.record({ kind: fc.constant('bounce' as const), invoice }),
  fc.record({ kind: fc.constant('advance' as const), days: fc.integer({ min: 1, max: 12 }) }),
);

describe('one state for an invoice, in the sidebar, the status column and the dispatcher', () => {
  jest.setTimeout(240_000);

  it('agree after every step of random sequences of what a team does', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 2, maxLength: 6 }), async (actions) => {
        run += 1;
        const api: TestApi = await startTestApi('2026-11-24T15:00:00Z');
        try {
          await agreeThroughout(api, actions, `agree-${run}-${rid()}`);
        } finally {
          await api.close();
        }
      }),
      { numRuns: Number(process.env.STATE_RUNS ?? 8), seed: process.env.STATE_SEED ? Number(process.env.STATE_SEED) : undefined },
    );
  });
});

async function agreeThroughout(api: TestApi, actions: readonly Action[], tag: string): Promise<void> {
  const email = (i: number) => `${tag}-${i}@debtor.example`;
  const snapshots = INVOICES.map((inv, i) => snapshot(inv.invoiceNumber, { ...inv, contactEmail: email(i) }));
  const sync = (list: unknown[]) => api.call('POST', '/v1/invoices/sync', { body: { requestId: rid(), ledgerId: LEDGER, invoices: list } });
  await sync(snapshots);
  const harness = dispatcherHarness(api, { logger: { error: () => undefined } });
  const dispatch = new DynamoDbDispatchStore(api.tables.client, api.tables.mainTable);
  const post = (path: string, body: Record<string, unknown>) =>
    api.call('POST', path, { body: { requestId: rid(), ledgerId: LEDGER, ...body } });
  const today = () => new Date(api.clock.now()).toISOString().slice(0, 10);
  const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

  for (const [step, act] of [{ kind: 'advance', days: 0 } as Action, ...actions].entries()) {
    const ref = (i: number) => ({ invoiceNumber: INVOICES[i]?.invoiceNumber ?? 'P-1' });
    switch (act.kind) {
      case 'promise':
        await post('/v1/promises', {
          ...ref(act.invoice),
          promisedFor: addDays(today(), act.inDays),
          amount: { minor: 1000, currency: 'USD' },
        });
        break;
      case 'withdraw-promise':
        await post('/v1/promises/change', { ...ref(act.invoice), action: 'withdraw' });
        break;
      case 'dispute':
        await post('/v1/disputes', { ...ref(act.invoice), action: 'open', reason: 'Pricing' });
        break;
      case 'resolve':
        await post('/v1/disputes', { ...ref(act.invoice), action: 'resolve', resolution: 'in_our_favour' });
        break;
      case 'hold':
        await post('/v1/customers/hold', {
          customer: CUSTOMERS[act.customer],
          action: act.action,
          ...(act.action === 'do_not_contact' && { reason: 'Asked us to stop' }),
        });
        break;
      case 'paid': {
        const s = snapshots[act.invoice];
        if (s) await sync([{ ...s, balance: { minor: act.paid ? 0 : 68807, currency: 'USD' }, status: act.paid ? 'paid' : 'open' }]);
        break;
      }
      case 'bounce':
        await dispatch.putSuppression(TENANT, {
          email: email(act.invoice),
          reason: 'they bounced permanently',
          at: new Date(api.clock.now()).toISOString(),
        });
        break;
      case 'advance':
        api.clock.advance(act.days * 86_400_000);
        // As in production: the dispatcher runs as time passes.
        await harness.run();
        break;
    }

    const statuses = (await api.call('GET', `/v1/ledger/status?ledgerId=${LEDGER}`)).json.invoices as {
      invoiceNumber: string;
      automation: { state: string; reason?: string };
    }[];
    const settings =
      (await harness.deps.main.getSettings({ tenant: TENANT, ledgerId: LEDGER }))?.settings ??
      defaultLedgerSettings('ar@acme.example', 'America/New_York');
    for (const [i, inv] of INVOICES.entries()) {
      const where = `after step ${step} (${JSON.stringify(act)}), invoice ${inv.invoiceNumber}`;
      const sidebar = (await api.call('GET', `/v1/reminders?ledgerId=${LEDGER}&invoiceNumber=${inv.invoiceNumber}`)).json as {
        automation: { running: boolean; reason?: string };
      };
      const column = statuses.find((s) => s.invoiceNumber === inv.invoiceNumber)?.automation;
      const acting = column?.state === 'sending' || column?.state === 'your_turn';
      expect({ where, running: sidebar.automation.running }).toEqual({ where, running: acting });
      if (!acting && column?.reason) expect({ where, reason: sidebar.automation.reason }).toEqual({ where, reason: column.reason });

      // The dispatcher's verdict on each waiting reminder, by its own function, as it would claim it now.
      const scope = { tenant: TENANT, ledgerId: LEDGER, invoiceNumber: inv.invoiceNumber };
      const record = await harness.deps.main.getInvoice(scope);
      const reminders = await harness.deps.main.reminders(scope);
      const customerHold = record ? await harness.deps.main.getCustomerHold(scope, record.snapshot.customer) : undefined;
      const suppression = (await harness.deps.main.suppressions(TENANT, [email(i)])).get(email(i));
      const verdicts = reminders
        .filter((r) => r.state === 'PENDING' && !r.letter && r.stepId !== 'thank-you')
        .map((r) => whyNotDispatch({ record, reminders, settings, customerHold, nowMs: api.clock.now() }, r, { suppression }));
      if (column?.state === 'sending')
        expect({ where, wouldSend: verdicts.some((v) => v === undefined) }).toEqual({ where, wouldSend: true });
      else expect({ where, wouldSend: verdicts.filter((v) => v === undefined) }).toEqual({ where, wouldSend: [] });
    }
  }
}
