import type { CustomerHoldRequest, CustomerHoldResponse, CustomerHoldView } from '../../shared/api/contract';
import { mapLimited } from '../map-limited';
import type { CustomerHoldRecord } from '../store/records';
import { changeInvoice, type EventDraft } from './invoice-updates';
import { type Actor, ServiceError, type ServiceDeps } from './service-deps';
import { changeContext } from './settings-service';
import type { CustomerHoldStore } from './ports/customer-hold-store';
import type { InvoiceStore } from './ports/invoice-store';
import type { ReminderStore } from './ports/reminder-store';
import type { SettingsStore } from './ports/settings-store';

/** The main table's ports this module uses. */
type Stores = InvoiceStore & ReminderStore & SettingsStore & CustomerHoldStore;

/** A hold as the sidebar shows it: the stored record without its keys. */
export function holdView(record: CustomerHoldRecord): CustomerHoldView {
  const { pause, bankruptcy, doNotContact } = record;
  return { customer: record.customer, ...(pause && { pause }), ...(bankruptcy && { bankruptcy }), ...(doNotContact && { doNotContact }) };
}

/**
 * Puts or lifts one kind of hold on a whole customer: pause, bankruptcy, do not contact. It
 * reaches every invoice of the customer in the ledger now (each re-planned, each with the event
 * in its own chain) and every row of it added later (the planner reads the hold by the
 * customer's name). A way back is a new event, never an edit: the chain keeps both.
 */
export async function holdCustomer(deps: ServiceDeps<Stores>, actor: Actor, body: CustomerHoldRequest): Promise<CustomerHoldResponse> {
  const ledger = { tenant: actor.principal.tenant, ledgerId: body.ledgerId };
  const at = new Date(deps.clock.now()).toISOString();
  const by = actor.principal.email;
  const stored = await deps.main.getCustomerHold(ledger, body.customer);
  const invoices = await deps.main.customerInvoices(ledger, body.customer);
  const next: CustomerHoldRecord = stored ? { ...stored } : { ...ledger, customer: body.customer };
  const nothing = (what: string) => new ServiceError('conflict', `${body.customer} has no ${what} on record to lift.`);
  let event: EventDraft;
  switch (body.action) {
    case 'pause':
      next.pause = { at, by, ...(body.resumeOn && { resumeOn: body.resumeOn }), ...(body.note && { note: body.note }) };
      event = { type: 'customer.paused', data: { customer: body.customer, resumeOn: body.resumeOn, note: body.note } };
      break;
    case 'resume':
      // As before holds existed: resuming a customer that is not paused is not an error.
      delete next.pause;
      event = { type: 'customer.resumed', data: { customer: body.customer, note: body.note } };
      break;
    case 'bankruptcy': {
      const { caseNumber, court, filedOn, notes } = body;
      next.bankruptcy = {
        at,
        by,
        ...(caseNumber && { caseNumber }),
        ...(court && { court }),
        ...(filedOn && { filedOn }),
        ...(notes && { notes }),
      };
      event = { type: 'bankruptcy.recorded', data: { customer: body.customer, caseNumber, court, filedOn, notes } };
      break;
    }
    case 'lift_bankruptcy':
      // A bankruptcy recorded on one invoice before holds were the customer's can be lifted too.
      if (!next.bankruptcy && !invoices.some((r) => r.bankruptcy)) throw nothing('bankruptcy');
      event = { type: 'bankruptcy.lifted', data: { customer: body.customer, caseNumber: next.bankruptcy?.caseNumber, notes: body.notes } };
      delete next.bankruptcy;
      break;
    case 'do_not_contact':
      next.doNotContact = { at, by, reason: body.reason.trim() };
      event = { type: 'contact.barred', data: { customer: body.customer, reason: body.reason.trim() } };
      break;
    case 'allow_contact':
      if (!next.doNotContact) throw nothing('do-not-contact request');
      event = { type: 'contact.allowed', data: { customer: body.customer, reason: next.doNotContact.reason, notes: body.notes } };
      delete next.doNotContact;
      break;
  }
  if (next.pause || next.bankruptcy || next.doNotContact) await deps.main.putCustomerHold(next);
  else await deps.main.deleteCustomerHold(ledger, body.customer);

  const context = await changeContext(deps, actor, ledger);
  await mapLimited(invoices, 8, (invoice) =>
    changeInvoice(
      deps,
      actor,
      { ...ledger, invoiceNumber: invoice.invoiceNumber },
      context,
      (current) => {
        if (!current) return undefined;
        // A bankruptcy recorded on one invoice before holds were the customer's is lifted with it.
        if (body.action === 'lift_bankruptcy') delete current.bankruptcy;
        return { record: current, events: [event] };
      },
      invoice,
    ),
  );
  return { invoices: invoices.length, hold: holdView(next) };
}
