import type { InvoiceSnapshot, LedgerSettings, SheetFacts, SyncInvoicesRequest, SyncInvoicesResponse } from '../../shared/api/contract';
import { isSettled } from '../../shared/invoice';
import { canonicalJson } from '../audit/canonical-json';
import { nextAllowedSendSlot } from '../../shared/time/business-hours';
import type { InvoiceScope, LedgerScope } from '../store/keys';
import type { ReminderRecord } from '../store/records';
import { daysBetween } from '../../shared/time/calendar-date';
import type { InvoiceRecord } from '../store/records';
import { holdCustomer, holdView } from './customer-hold-service';
import { changeInvoice, type EventDraft } from './invoice-updates';
import { mapLimited } from '../map-limited';
import { ledgerToday, THANK_YOU_STEP } from './reminder-planner';
import { type Actor, auditBody, ServiceError, type ServiceDeps } from './service-deps';
import { changeContext, saveSettings, settingsOrDefaults } from './settings-service';
import type { CustomerHoldStore } from './ports/customer-hold-store';
import type { InvoiceStore } from './ports/invoice-store';
import type { LedgerSchedule } from './ports/ledger-schedule';
import type { ReminderStore } from './ports/reminder-store';
import type { SettingsStore } from './ports/settings-store';

/** The main table's ports this module uses. */
type Stores = InvoiceStore & ReminderStore & SettingsStore & CustomerHoldStore & LedgerSchedule;

/** A thank-you note when an invoice turns paid, if the ledger wants one: business hours, then the dispatcher decides. */
async function scheduleThanks(
  deps: ServiceDeps<Stores>,
  actor: Actor,
  scope: InvoiceScope,
  settings: LedgerSettings,
  record: InvoiceRecord,
): Promise<void> {
  if (!settings.thankYouOnPayment || !record.snapshot.contactEmail) return;
  const now = deps.clock.now();
  const hours = { ...settings.businessHours, timeZone: record.snapshot.timeZone ?? settings.timeZone };
  const reminder: ReminderRecord = {
    ...scope,
    stepId: THANK_YOU_STEP,
    label: 'Thank-you note',
    templateId: 'thank-you',
    sendAt: new Date(nextAllowedSendSlot(now, hours)).toISOString(),
    state: 'PENDING',
    updatedAt: new Date(now).toISOString(),
    attempts: 0,
  };
  if ((await deps.main.putReminder(reminder, 'absent')) !== 'ok') return;
  await deps.audit.append(
    scope,
    auditBody(
      actor,
      'reminder.scheduled',
      { stepId: reminder.stepId, label: reminder.label, sendAt: reminder.sendAt, state: reminder.state },
      reminder.updatedAt,
    ),
  );
}

/** The facts whose change is worth an audit event; the sheet row moving is not. */
const TRACKED = ['customer', 'contactEmail', 'contactName', 'invoiceDate', 'dueDate', 'amount', 'balance', 'status', 'timeZone'] as const;

function changes(before: InvoiceSnapshot, after: InvoiceSnapshot): Record<string, { from: unknown; to: unknown }> {
  const found: Record<string, { from: unknown; to: unknown }> = {};
  for (const field of TRACKED) {
    if (canonicalJson(before[field] ?? null) !== canonicalJson(after[field] ?? null))
      found[field] = { from: before[field] ?? null, to: after[field] ?? null };
  }
  return found;
}

/**
 * Upserts a batch of invoice snapshots from the sheet. New invoices are recorded in full;
 * changed ones with what changed. A status that stops automation cancels pending reminders at
 * once (each cancellation audited with its reason, by the planner). A due date moved later on
 * an invoice that was already overdue is "re-aging": it quietly restarts the ladder, so it is
 * recorded as its own event, flagged on the invoice and returned to the add-on.
 */
export async function syncInvoices(
  deps: ServiceDeps<Stores>,
  actor: Actor,
  request: SyncInvoicesRequest,
  plan: { invoicesPerLedger?: number | undefined } = {},
): Promise<SyncInvoicesResponse> {
  const ledger = { tenant: actor.principal.tenant, ledgerId: request.ledgerId };
  const existing = await deps.main.getInvoices(
    ledger,
    request.invoices.map((i) => i.invoiceNumber),
  );
  const added = request.invoices.filter((i) => !existing.has(i.invoiceNumber)).length;
  if (plan.invoicesPerLedger !== undefined && added > 0) await withinPlan(deps, ledger, request, existing, plan.invoicesPerLedger);
  const settings = await ledgerSettingsForSync(deps, actor, ledger, request.sheet);
  const context = await changeContext(deps, actor, ledger, settings);
  const response: SyncInvoicesResponse = { upserted: 0, unchanged: 0, cancelledReminders: 0, reaged: [] };
  // New invoices written: what the ledger's tracked count grows by (hosted plans limit it).
  let created = 0;

  await mapLimited(request.invoices, 8, async (snapshot) => {
    const scope = { ...ledger, invoiceNumber: snapshot.invoiceNumber };
    const before = existing.get(snapshot.invoiceNumber);
    // Compared whatever order the keys came in (the stored record's, or a caller's that skipped the contract's parse).
    if (before && canonicalJson(before.snapshot) === canonicalJson(snapshot)) {
      response.unchanged += 1;
      return;
    }
    let reaged = false;
    // A row new to the backend under a customer already held: its own chain says so from the start.
    const hold = before ? undefined : await context.customerHold(snapshot.customer);
    const outcome = await changeInvoice(
      deps,
      actor,
      scope,
      context,
      (current) => {
        reaged = false; // the change may run again after a write conflict
        const now = new Date(deps.clock.now()).toISOString();
        if (!current) {
          const record: InvoiceRecord = { ...scope, snapshot, version: 0, updatedAt: now, escalation: [] };
          const held =
            hold && (hold.pause || hold.bankruptcy || hold.doNotContact)
              ? [{ type: 'customer.hold_applies', data: { ...holdView(hold) } }]
              : [];
          return { record, events: [{ type: 'invoice.tracked', data: { snapshot } }, ...held] };
        }
        const changed = changes(current.snapshot, snapshot);
        const events: EventDraft[] = Object.keys(changed).length > 0 ? [{ type: 'invoice.changed', data: { changes: changed } }] : [];
        const record: InvoiceRecord = { ...current, snapshot };
        const today = ledgerToday(context.settings, deps.clock.now());
        // The day the sheet first said it was paid: what the customer's payment record counts.
        if (!isSettled(current.snapshot) && isSettled(snapshot)) record.settledOn = today;
        else if (!isSettled(snapshot)) delete record.settledOn;
        const wasOverdue = daysBetween(current.snapshot.dueDate, today) > 0;
        if (wasOverdue && snapshot.dueDate > current.snapshot.dueDate) {
          reaged = true;
          record.reagedAt = now;
          events.push({
            type: 'invoice.reaged',
            data: { from: current.snapshot.dueDate, to: snapshot.dueDate, daysPastDueBefore: daysBetween(current.snapshot.dueDate, today) },
          });
        }
        return { record, events };
      },
      before,
    );
    if (!outcome) return;
    if (!before) created += 1;
    if (before && !isSettled(before.snapshot) && isSettled(snapshot))
      await scheduleThanks(deps, actor, scope, context.settings, outcome.record);
    response.upserted += 1;
    response.cancelledReminders += outcome.cancelled;
    if (reaged) response.reaged.push(snapshot.invoiceNumber);
  });
  response.reaged.sort();
  if (plan.invoicesPerLedger !== undefined && created > 0) await deps.main.countTracked(ledger, created);
  await holdCustomersTheSheetMarks(deps, actor, request, existing, response);
  // Once per ledger (a conditional put): the dispatcher's sweep re-plans any open invoice left
  // without its next step, whatever left it so.
  if (response.upserted > 0) await deps.main.ensureLedgerSweep(ledger, new Date(deps.clock.now() + LEDGER_SWEEP_EVERY_MS).toISOString());
  return response;
}

/**
 * Hosted: a plan tracks so many invoices in a ledger. New invoices past it are refused by their
 * place in the request, each named, and nothing of the request is written; the add-on then sends
 * the rest again without them (changes to invoices already tracked, a payment among them, always
 * go). Counted after the write, so two syncs at once may pass the limit by a batch, never lose one.
 */
async function withinPlan(
  deps: ServiceDeps<Stores>,
  ledger: LedgerScope,
  request: SyncInvoicesRequest,
  existing: ReadonlyMap<string, InvoiceRecord>,
  limit: number,
): Promise<void> {
  let room = limit - (await deps.main.trackedInvoices(ledger));
  const issues: { path: string; message: string }[] = [];
  request.invoices.forEach((invoice, i) => {
    if (existing.has(invoice.invoiceNumber)) return;
    if (room > 0) room -= 1;
    else
      issues.push({
        path: `invoices.${i}.invoiceNumber`,
        message: `is new, and this ledger already tracks the ${limit.toLocaleString('en-US')} invoices your team's plan allows`,
      });
  });
  if (issues.length > 0)
    throw new ServiceError(
      'bad_request',
      `${issues.length} new invoice${issues.length === 1 ? '' : 's'} would take this ledger past the ${limit.toLocaleString('en-US')} your team's plan tracks; nothing was written.`,
      issues,
    );
}

/**
 * A Status cell saying Bankrupt or Do not contact speaks for the customer, not one invoice: a
 * bankruptcy stops every claim on the debtor, and a request not to be contacted is the person's.
 * The first time a row says so, the customer is held (as the sidebar's customer section would),
 * with the row named in the record; lifting it is a person's act in the sidebar, since a cell
 * typed back to Open may be a slip.
 */
async function holdCustomersTheSheetMarks(
  deps: ServiceDeps<Stores>,
  actor: Actor,
  request: SyncInvoicesRequest,
  before: Map<string, InvoiceRecord>,
  response: SyncInvoicesResponse,
): Promise<void> {
  const ledger = { tenant: actor.principal.tenant, ledgerId: request.ledgerId };
  const marked = new Map<string, { customer: string; kind: 'bankruptcy' | 'do_not_contact'; snapshot: InvoiceSnapshot }>();
  for (const snapshot of request.invoices) {
    const kind = snapshot.status === 'bankrupt' ? 'bankruptcy' : snapshot.status === 'do_not_contact' ? 'do_not_contact' : undefined;
    if (!kind || before.get(snapshot.invoiceNumber)?.snapshot.status === snapshot.status) continue;
    marked.set(`${kind}:${snapshot.customer.toLowerCase()}`, { customer: snapshot.customer, kind, snapshot });
  }
  for (const { customer, kind, snapshot } of marked.values()) {
    const hold = await deps.main.getCustomerHold(ledger, customer);
    if (kind === 'bankruptcy' ? hold?.bankruptcy : hold?.doNotContact) continue;
    const said = `the Status column says ${kind === 'bankruptcy' ? 'Bankrupt' : 'Do not contact'} on row ${snapshot.row} (invoice ${snapshot.invoiceNumber})`;
    const base = { requestId: `${request.requestId}:${kind}`, ledgerId: request.ledgerId, customer };
    await holdCustomer(
      deps,
      actor,
      kind === 'bankruptcy' ? { ...base, action: 'bankruptcy', notes: said } : { ...base, action: 'do_not_contact', reason: said },
    );
    (response.customersHeld ??= []).push({ customer, hold: kind, invoiceNumber: snapshot.invoiceNumber });
  }
}

/**
 * A ledger's first sync saves its settings, so the sidebar and the dispatcher (which has no user
 * to ask) read the same record: reply-to is the person who connected the ledger, the zone and
 * currency the spreadsheet's. Later syncs keep the zone (the team's setting from then on) and
 * bring the currency in line with the sheet's, which owns it.
 */
async function ledgerSettingsForSync(
  deps: ServiceDeps<Stores>,
  actor: Actor,
  ledger: LedgerScope,
  sheet: SheetFacts | undefined,
): Promise<LedgerSettings> {
  const stored = (await deps.main.getSettings(ledger))?.settings;
  if (!stored) return saveSettings(deps, actor, ledger, settingsOrDefaults(undefined, actor, sheet));
  if (sheet && stored.currency !== sheet.currency) return saveSettings(deps, actor, ledger, { ...stored, currency: sheet.currency });
  return stored;
}

/** How often each ledger's invoices are checked for a ladder with no next step planned. */
export const LEDGER_SWEEP_EVERY_MS = 6 * 3600_000;
