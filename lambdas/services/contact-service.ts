import type { BankruptcyRequest, DisputeRequest, LedgerSettings, LogContactRequest, RecordPromiseRequest } from '../../shared/api/contract';
import type { InvoiceScope } from '../store/keys';
import type { InvoiceRecord } from '../store/records';
import { changeInvoice, type EventDraft } from './invoice-updates';
import { automationSentence, ledgerToday } from './reminder-planner';
import { type Actor, notSynced, type ServiceDeps, ServiceError } from './service-deps';
import { changeContext } from './settings-service';

export interface ContactResult {
  invoiceNumber: string;
  /** What automation does now, in words: the sidebar shows it under the form. */
  automation: string;
}

async function record(
  deps: ServiceDeps,
  actor: Actor,
  scope: InvoiceScope,
  apply: (current: InvoiceRecord, settings: LedgerSettings) => { record: InvoiceRecord; events: EventDraft[] },
): Promise<ContactResult> {
  const context = await changeContext(deps, actor, scope);
  const outcome = await changeInvoice(deps, actor, scope, context, (current) => {
    if (!current) throw notSynced(scope.invoiceNumber);
    return apply(current, context.settings);
  });
  if (!outcome) throw notSynced(scope.invoiceNumber);
  return { invoiceNumber: scope.invoiceNumber, automation: automationSentence(outcome.plan) };
}

const scopeOf = (actor: Actor, body: { ledgerId: string; invoiceNumber: string }): InvoiceScope => ({
  tenant: actor.principal.tenant,
  ledgerId: body.ledgerId,
  invoiceNumber: body.invoiceNumber,
});

export function logContact(deps: ServiceDeps, actor: Actor, body: LogContactRequest): Promise<ContactResult> {
  const { channel, reached, outcome, notes, occurredAt } = body;
  return record(deps, actor, scopeOf(actor, body), (current) => {
    const at = occurredAt ?? new Date(deps.clock.now()).toISOString();
    // A call logged after the fact does not hide a later one already on record.
    if (!current.lastContact || Date.parse(at) >= Date.parse(current.lastContact.at)) current.lastContact = { at, channel };
    return { record: current, events: [{ type: 'contact.logged', data: { channel, reached, outcome, notes, occurredAt } }] };
  });
}

/** A promise pauses the ladder until its date plus the grace period (the planner cancels what was pending). */
export function recordPromise(deps: ServiceDeps, actor: Actor, body: RecordPromiseRequest): Promise<ContactResult> {
  const { promisedFor, amount, notes } = body;
  return record(deps, actor, scopeOf(actor, body), (current, settings) => {
    const recordedOn = ledgerToday(settings, deps.clock.now());
    current.escalation.push({ type: 'promise', promisedFor, recordedOn });
    return { record: current, events: [{ type: 'promise.recorded', data: { promisedFor, amount, notes } }] };
  });
}

export function recordDispute(deps: ServiceDeps, actor: Actor, body: DisputeRequest): Promise<ContactResult> {
  return record(deps, actor, scopeOf(actor, body), (current) => {
    const at = new Date(deps.clock.now()).toISOString();
    if (body.action === 'open') {
      current.dispute = { reason: body.reason, openedAt: at };
      return { record: current, events: [{ type: 'dispute.opened', data: { reason: body.reason, notes: body.notes } }] };
    }
    if (!current.dispute) throw new ServiceError('conflict', `Invoice ${current.invoiceNumber} has no open dispute to resolve.`);
    delete current.dispute;
    return { record: current, events: [{ type: 'dispute.resolved', data: { resolution: body.resolution, notes: body.notes } }] };
  });
}

export function recordBankruptcy(deps: ServiceDeps, actor: Actor, body: BankruptcyRequest): Promise<ContactResult> {
  const { caseNumber, court, filedOn, notes } = body;
  return record(deps, actor, scopeOf(actor, body), (current) => {
    current.bankruptcy = { recordedAt: new Date(deps.clock.now()).toISOString(), ...(caseNumber && { caseNumber }) };
    return { record: current, events: [{ type: 'bankruptcy.recorded', data: { caseNumber, court, filedOn, notes } }] };
  });
}
