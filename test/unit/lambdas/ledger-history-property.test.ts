import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { verifyChain } from '../../../lambdas/audit/hash-chain';
import { ManualClock } from '../../../lambdas/clock';
import { changePromise, logContact, recordDispute, recordPromise, reverseContact } from '../../../lambdas/services/contact-service';
import { holdCustomer } from '../../../lambdas/services/customer-hold-service';
import { ACTIVE_STATES, ledgerToday, outsideLadder, planReminders } from '../../../lambdas/services/reminder-planner';
import { type Actor, type ServiceDeps, ServiceError } from '../../../lambdas/services/service-deps';
import { loadSettings } from '../../../lambdas/services/settings-service';
import { syncInvoices } from '../../../lambdas/services/sync-service';
import { type InvoiceSnapshot, SyncInvoicesRequest } from '../../../shared/api/contract';
import { addDays, CalendarDate } from '../../../shared/time/calendar-date';
import { InMemoryAuditStore } from '../../support/memory/in-memory-audit-store';
import { InMemoryMainStore } from '../../support/memory/in-memory-main-store';

/**
 * Long histories through the real services, on the in-memory stores (a few hundred actions per
 * run would take minutes on dynalite): whatever a team does in whatever order, every audit chain
 * verifies, an invoice acted on holds exactly the reminders the planner would plan now (nothing
 * stale is left to send), and nothing waits to go to a paid, disputed or held invoice.
 */
const LEDGER_ID = 'ledger-property-0001';
const tenant = 'd:acme.example';
const actor: Actor = { principal: { sub: '1001', email: 'alice@acme.example', tenant }, source: 'sidebar' };
const START = Date.parse('2026-11-02T14:00:00Z');
const INVOICES = ['INV-1', 'INV-2', 'INV-3'] as const;
const customerOf = (n: string) => (n === 'INV-3' ? 'Globex' : 'Harbor Coffee');

function snapshot(invoiceNumber: string, row: number, paid: boolean): InvoiceSnapshot {
  const balance = paid ? 0 : 250_00;
  return {
    invoiceNumber,
    row,
    customer: customerOf(invoiceNumber),
    contactEmail: 'ap@harbor.example',
    dueDate: CalendarDate.parse(`2026-10-${String(10 + row).padStart(2, '0')}`),
    amount: { minor: 250_00, currency: 'USD' },
    balance: { minor: balance, currency: 'USD' },
    status: paid ? 'paid' : 'open',
  };
}

type Action =
  | { kind: 'wait'; hours: number }
  | { kind: 'call'; invoice: number }
  | { kind: 'promise'; invoice: number; inDays: number }
  | { kind: 'dispute'; invoice: number; open: boolean }
  | { kind: 'hold'; customer: number; pause: boolean }
  | { kind: 'pay'; invoice: number; paid: boolean }
  | { kind: 'withdraw-promise'; invoice: number }
  | { kind: 'reverse-call'; invoice: number };

const invoiceIndex = fc.integer({ min: 0, max: INVOICES.length - 1 });
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('wait' as const), hours: fc.integer({ min: 1, max: 96 }) }) },
  fc.record({ kind: fc.constant('call' as const), invoice: invoiceIndex }),
  fc.record({ kind: fc.constant('promise' as const), invoice: invoiceIndex, inDays: fc.integer({ min: -3, max: 10 }) }),
  fc.record({ kind: fc.constant('dispute' as const), invoice: invoiceIndex, open: fc.boolean() }),
  fc.record({ kind: fc.constant('hold' as const), customer: fc.integer({ min: 0, max: 1 }), pause: fc.boolean() }),
  fc.record({ kind: fc.constant('pay' as const), invoice: invoiceIndex, paid: fc.boolean() }),
  fc.record({ kind: fc.constant('withdraw-promise' as const), invoice: invoiceIndex }),
  fc.record({ kind: fc.constant('reverse-call' as const), invoice: invoiceIndex }),
);

/** The ledger as the add-on sends it, parsed by the contract as the API's route does before the service sees it. */
function syncRequest(paid: readonly boolean[]): SyncInvoicesRequest {
  return SyncInvoicesRequest.parse({
    requestId: requestId(),
    ledgerId: LEDGER_ID,
    invoices: INVOICES.map((n, i) => snapshot(n, i + 2, paid[i] ?? false)),
  });
}

let requests = 0;
const requestId = () => `req-${String((requests += 1)).padStart(6, '0')}`;

/** Which invoices an action replans: the one acted on, a held customer's, none for time passing. */
function touched(a: Action): readonly string[] {
  if (a.kind === 'wait') return [];
  if (a.kind === 'hold') return INVOICES.filter((n) => customerOf(n) === (a.customer === 0 ? 'Harbor Coffee' : 'Globex'));
  return [INVOICES[a.invoice] ?? 'INV-1'];
}

/** Does the action; false when it replanned nothing (the service refused it, or a sync changed nothing). */
async function perform(deps: ServiceDeps, paid: boolean[], a: Action): Promise<boolean> {
  const today = ledgerToday(await loadSettings(deps, actor, { tenant, ledgerId: LEDGER_ID }), deps.clock.now());
  const ref = (i: number) => ({ requestId: requestId(), ledgerId: LEDGER_ID, invoiceNumber: INVOICES[i] ?? 'INV-1' });
  // A refusal (a dispute already open, nothing to resolve, a promise on a paid invoice) is an
  // answer the sidebar shows; the invariants must hold after it as after a success.
  const refusedOrDone = (p: Promise<unknown>) =>
    p.then(
      () => true,
      (e: unknown) => {
        expect(e).toBeInstanceOf(ServiceError);
        return false;
      },
    );
  switch (a.kind) {
    case 'wait':
      (deps.clock as ManualClock).advance(a.hours * 3_600_000);
      return true;
    case 'call':
      return refusedOrDone(logContact(deps, actor, { ...ref(a.invoice), channel: 'call', outcome: 'left_message' }));
    case 'promise':
      return refusedOrDone(
        recordPromise(deps, actor, {
          ...ref(a.invoice),
          promisedFor: addDays(today, a.inDays),
          amount: { minor: 100_00, currency: 'USD' },
        }),
      );
    case 'dispute':
      return refusedOrDone(
        recordDispute(
          deps,
          actor,
          a.open
            ? { ...ref(a.invoice), action: 'open', reason: 'Wrong amount' }
            : { ...ref(a.invoice), action: 'resolve', resolution: 'in_our_favour' },
        ),
      );
    case 'hold': {
      const customer = a.customer === 0 ? 'Harbor Coffee' : 'Globex';
      const body = a.pause ? { action: 'pause' as const } : { action: 'resume' as const };
      return refusedOrDone(holdCustomer(deps, actor, { requestId: requestId(), ledgerId: LEDGER_ID, customer, ...body }));
    }
    case 'withdraw-promise':
      return refusedOrDone(changePromise(deps, actor, { ...ref(a.invoice), action: 'withdraw' }));
    case 'reverse-call': {
      // The latest call logged (seq 1, never a call, when there is none: refused).
      const chain = await deps.audit.chain({ tenant, ledgerId: LEDGER_ID, invoiceNumber: INVOICES[a.invoice] ?? 'INV-1' });
      const seq = chain.filter((e) => e.type === 'contact.logged').pop()?.seq ?? 1;
      return refusedOrDone(reverseContact(deps, actor, { ...ref(a.invoice), seq, reason: 'logged on the wrong invoice' }));
    }
    case 'pay': {
      // The whole ledger is synced, as the add-on does; the backend replans only rows that changed.
      const changed = paid[a.invoice] !== a.paid;
      paid[a.invoice] = a.paid;
      const answer = await syncInvoices(deps, actor, syncRequest(paid));
      expect(answer.upserted).toBe(changed ? 1 : 0);
      return changed;
    }
  }
}

async function checkInvariants(deps: ServiceDeps, history: readonly Action[], replanned: readonly string[]): Promise<void> {
  const settings = await loadSettings(deps, actor, { tenant, ledgerId: LEDGER_ID });
  for (const invoiceNumber of INVOICES) {
    const scope = { tenant, ledgerId: LEDGER_ID, invoiceNumber };
    const where = `${invoiceNumber} after ${JSON.stringify(history)}`;
    const chain = await deps.audit.chain(scope);
    expect([where, verifyChain(chain)]).toEqual([where, undefined]);
    const record = await deps.main.getInvoice(scope);
    if (!record) throw new Error(`${invoiceNumber} was never stored`);
    // The last contact the status columns show is the latest one logged and not withdrawn.
    const reversed = new Set(chain.flatMap((e) => (e.type === 'contact.reversed' ? [e.data.seq] : [])));
    const standing = chain.filter((e) => e.type === 'contact.logged' && !reversed.has(e.seq)).pop();
    expect([where, record.lastContact?.channel]).toEqual([where, standing?.data.channel]);
    const reminders = await deps.main.reminders(scope);
    const customerHold = await deps.main.getCustomerHold(scope, record.snapshot.customer);
    // Time passing leaves the next step to the dispatcher's sweep; an action replans at once.
    if (replanned.includes(invoiceNumber)) {
      const again = planReminders({ record, reminders, settings, customerHold, nowMs: deps.clock.now() });
      expect([where, again.ops.map((op) => `${op.op} ${op.reminder.stepId}`)]).toEqual([where, []]);
    }
    const waiting = reminders.filter((r) => ACTIVE_STATES.includes(r.state) && !outsideLadder(r.stepId));
    // Said here from the records, not by the planner's own verdict, so a planner that forgot one is caught.
    const held =
      record.dispute !== undefined ||
      record.pause !== undefined ||
      customerHold !== undefined ||
      record.snapshot.balance.minor <= 0 ||
      !['open', 'partial'].includes(record.snapshot.status);
    if (held) expect([where, waiting.map((r) => r.stepId)]).toEqual([where, []]);
  }
}

describe('a ledger’s history, action after action, on the in-memory stores', () => {
  it('finds a row unchanged whatever order its keys come in', async () => {
    const deps: ServiceDeps = { main: new InMemoryMainStore(), audit: new InMemoryAuditStore(), clock: new ManualClock(START) };
    await syncInvoices(deps, actor, syncRequest([false, false, false]));
    const reversed = (row: InvoiceSnapshot) => Object.fromEntries(Object.entries(row).reverse()) as InvoiceSnapshot;
    const again = { requestId: requestId(), ledgerId: LEDGER_ID, invoices: syncRequest([false, false, false]).invoices.map(reversed) };
    await expect(syncInvoices(deps, actor, again)).resolves.toMatchObject({ upserted: 0, unchanged: 3 });
  });

  it('keeps every chain intact and the reminders exactly as planned, whatever the order of calls, promises, disputes, holds, payments and their ways back', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 5, maxLength: 40 }), async (actions) => {
        const clock = new ManualClock(START);
        const deps: ServiceDeps = { main: new InMemoryMainStore(), audit: new InMemoryAuditStore(), clock };
        const paid = INVOICES.map(() => false);
        await syncInvoices(deps, actor, syncRequest(paid));
        const history: Action[] = [];
        for (const a of actions) {
          history.push(a);
          const done = await perform(deps, paid, a);
          await checkInvariants(deps, history, done ? touched(a) : []);
        }
      }),
      { numRuns: 100, seed: 20261203 },
    );
  }, 60_000);
});
