import type { ApproveDueResponse, WorklistItem, WorklistKind, WorklistResponse } from '../../shared/api/contract';
import { addDays } from '../../shared/time/calendar-date';
import { instantAt } from '../../shared/time/time-zone';
import { daysPastDue } from '../../shared/aging/aging-buckets';
import type { LedgerScope } from '../store/keys';
import type { ReminderRecord } from '../store/records';
import { automationState, handledSteps, ledgerToday, planReminders } from './reminder-planner';
import { openTasks } from '../../shared/escalation/next-step';
import type { Actor, ServiceDeps } from './service-deps';
import { approveStep, heldSteps } from './step-decisions';
import { changeContext } from './settings-service';
import type { CustomerHoldStore } from './ports/customer-hold-store';
import type { InvoiceStore } from './ports/invoice-store';
import type { ReminderStore } from './ports/reminder-store';
import type { SendingLimits } from './ports/sending-limits';
import type { SettingsStore } from './ports/settings-store';

/** The main table's ports this module uses. */
type Stores = InvoiceStore & CustomerHoldStore & SendingLimits & ReminderStore & SettingsStore;

const PAGE = 500;
const TASKS: Partial<Record<string, WorklistKind>> = { call: 'call', letter: 'letter', referral: 'referral' };

/**
 * Everything in a ledger waiting for a person, from the same plan and verdict the sidebar, the
 * status columns and the dispatcher use: calls and letters due, broken promises, steps held for
 * approval due today, sends a person must check, addresses that bounced. Most pressing first (balance x
 * days late), so the biggest, oldest debts lead.
 */
export async function worklist(deps: ServiceDeps<Stores>, actor: Actor, scope: LedgerScope): Promise<WorklistResponse> {
  const { settings } = await changeContext(deps, actor, scope);
  const holds = new Map((await deps.main.customerHolds(scope)).map((h) => [h.customer.toLowerCase(), h]));
  const reputation = await deps.main.getReputation(scope.tenant);
  const accountPause = reputation?.paused ? `sending is paused for this account: ${reputation.reason}` : undefined;
  const nowMs = deps.clock.now();
  const today = ledgerToday(settings, nowMs);
  // Held steps are the team's to approve on their day, as "approve all due today" does.
  const endOfToday = instantAt(addDays(today, 1), 0, settings.timeZone);
  const items: (WorklistItem & { score: number })[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.main.invoicePage(scope, PAGE, cursor);
    const suppressed = await deps.main.suppressions(
      scope.tenant,
      page.records.flatMap((r) => (r.snapshot.contactEmail ? [r.snapshot.contactEmail] : [])),
    );
    const byInvoice = new Map<string, ReminderRecord[]>();
    for (const r of page.reminders) byInvoice.set(r.invoiceNumber, [...(byInvoice.get(r.invoiceNumber) ?? []), r]);
    for (const record of page.records) {
      const reminders = byInvoice.get(record.invoiceNumber) ?? [];
      const plan = planReminders({ record, reminders, settings, customerHold: holds.get(record.snapshot.customer.toLowerCase()), nowMs });
      const suppression = record.snapshot.contactEmail ? suppressed.get(record.snapshot.contactEmail.toLowerCase()) : undefined;
      const state = automationState(plan, { accountPause, suppression });
      const daysLate = daysPastDue(record.snapshot.dueDate, today);
      const add = (kind: WorklistKind, label: string) =>
        items.push({
          kind,
          label,
          invoiceNumber: record.invoiceNumber,
          row: record.snapshot.row,
          customer: record.snapshot.customer,
          balance: record.snapshot.balance,
          daysLate,
          score: record.snapshot.balance.minor * Math.max(daysLate, 1),
        });
      // A customer's reply waits for a person: reminders stay paused until someone resumes them.
      const reply = holds.get(record.snapshot.customer.toLowerCase())?.pause?.reply;
      if (reply?.invoiceNumbers.includes(record.invoiceNumber))
        add('reply', `Answer the reply${reply.from ? ` from ${reply.from}` : ''}: "${reply.subject}"; then resume reminders`);
      for (const r of reminders) {
        if (r.state === 'AWAITING_APPROVAL' && Date.parse(r.sendAt) < endOfToday) add('approve', `Approve "${r.label}" (held for review)`);
        if (r.state === 'NEEDS_REVIEW') add('review', `Check "${r.label}": ${r.reason ?? 'the email service did not confirm it'}`);
      }
      if (suppression && state.state === 'stopped' && state.reason && plan.next.kind === 'step' && plan.next.step.action.kind === 'email')
        add('bounced', `Fix the address: ${state.reason}`);
      const { next } = plan;
      if (state.state === 'your_turn' && next.kind === 'step' && next.due) {
        const kind = next.step.id.startsWith('broken-promise-') ? 'broken_promise' : TASKS[next.step.action.kind];
        if (kind) add(kind, next.step.label ?? next.step.id);
      }
      // Calls and letters the ladder moved past stay until done or dismissed.
      if (state.state === 'sending' || state.state === 'your_turn') {
        for (const task of openTasks(record.snapshot, handledSteps(record, reminders), today, settings.ladder)) {
          const kind = TASKS[task.action.kind];
          if (kind) add(kind, `${task.label ?? task.id} (its day passed; still to do)`);
        }
      }
    }
    cursor = page.next;
  } while (cursor !== undefined);
  items.sort((a, b) => b.score - a.score || a.invoiceNumber.localeCompare(b.invoiceNumber));
  const counts: Record<string, number> = {};
  for (const item of items) counts[item.kind] = (counts[item.kind] ?? 0) + 1;
  return { items: items.map(({ score: _, ...item }) => item), counts };
}

/**
 * "Approve all due today": every step held for review whose send time falls before the end of
 * the ledger's day goes back to PENDING, each audited as approved (one request id for the lot);
 * it then goes at its time, within business hours and the contact cap. A step someone changed
 * meanwhile is left as it is.
 */
export async function approveDueToday(deps: ServiceDeps<Stores>, actor: Actor, scope: LedgerScope): Promise<ApproveDueResponse> {
  const { settings } = await changeContext(deps, actor, scope);
  const nowMs = deps.clock.now();
  const endOfToday = instantAt(addDays(ledgerToday(settings, nowMs), 1), 0, settings.timeZone);
  const at = new Date(nowMs).toISOString();
  const invoices = new Set<string>();
  let approved = 0;
  for (const r of await heldSteps(deps, scope, endOfToday)) {
    if (!(await approveStep(deps, actor, r, at, { all: true }))) continue;
    approved += 1;
    invoices.add(r.invoiceNumber);
  }
  return { approved, invoices: [...invoices].sort() };
}
