import type {
  BankruptcyRequest,
  DisputeRequest,
  LedgerSettings,
  LogContactRequest,
  PromiseChangeRequest,
  RecordPromiseRequest,
  ReferralRequest,
  ReverseContactRequest,
} from '../../shared/api/contract';
import { ContactChannel } from '../../shared/api/contract';
import { nextStep, openTasks, referralOpensOn } from '../../shared/escalation/next-step';
import { paymentBehaviour, type PaymentBehaviour } from '../../shared/escalation/payment-behaviour';
import { isSettled } from '../../shared/invoice';
import { compareDates } from '../../shared/time/calendar-date';
import type { InvoiceScope } from '../store/keys';
import type { InvoiceRecord } from '../store/records';
import { changeInvoice, type EventDraft } from './invoice-updates';
import { holdCustomer } from './customer-hold-service';
import { automationSentence, handledSteps, ledgerToday, planReminders } from './reminder-planner';
import { type Actor, notSynced, type ServiceDeps, ServiceError } from './service-deps';
import { changeContext } from './settings-service';
import type { CustomerHoldStore } from './ports/customer-hold-store';
import type { InvoiceStore } from './ports/invoice-store';
import type { ReminderStore } from './ports/reminder-store';
import type { SettingsStore } from './ports/settings-store';

/** The main table's ports this module uses. */
type Stores = InvoiceStore & ReminderStore & SettingsStore & CustomerHoldStore;

export interface ContactResult {
  invoiceNumber: string;
  /** What automation does now, in words: the sidebar shows it under the form. */
  automation: string;
}

async function record(
  deps: ServiceDeps<Stores>,
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

export async function logContact(deps: ServiceDeps<Stores>, actor: Actor, body: LogContactRequest): Promise<ContactResult> {
  const { channel, reached, outcome, notes, occurredAt } = body;
  // The emails sent count as steps done: the ladder's place is read as the planner reads it.
  const reminders = await deps.main.reminders(scopeOf(actor, body));
  return record(deps, actor, scopeOf(actor, body), (current, settings) => {
    const at = occurredAt ?? new Date(deps.clock.now()).toISOString();
    // A call logged after the fact does not hide a later one already on record.
    if (!current.lastContact || Date.parse(at) >= Date.parse(current.lastContact.at)) current.lastContact = { at, channel };
    // The call the ladder is waiting for is done: a call step by a call or meeting, the call about
    // a broken promise by any contact with the customer.
    const today = ledgerToday(settings, deps.clock.now());
    const history = handledSteps(current, reminders);
    const next = nextStep(current.snapshot, history, today, settings.ladder);
    if (
      next.kind === 'step' &&
      next.due &&
      next.step.action.kind === 'call' &&
      (next.step.id.startsWith('broken-promise-') || channel === 'call' || channel === 'meeting')
    ) {
      current.escalation.push({ type: 'step', stepId: next.step.id, on: today, outcome: 'done' });
    } else if (channel === 'call' || channel === 'meeting') {
      // A call the ladder moved past is still a task until made: this one is it.
      const task = openTasks(current.snapshot, history, today, settings.ladder).find((s) => s.action.kind === 'call');
      if (task) current.escalation.push({ type: 'step', stepId: task.id, on: today, outcome: 'done' });
    }
    return { record: current, events: [{ type: 'contact.logged', data: { channel, reached, outcome, notes, occurredAt } }] };
  });
}

/** A promise pauses the ladder until its date plus the grace period (the planner cancels what was pending). */
export function recordPromise(deps: ServiceDeps<Stores>, actor: Actor, body: RecordPromiseRequest): Promise<ContactResult> {
  const { promisedFor, amount, notes } = body;
  return record(deps, actor, scopeOf(actor, body), (current, settings) => {
    const recordedOn = ledgerToday(settings, deps.clock.now());
    current.escalation.push({ type: 'promise', promisedFor, recordedOn, amount });
    return { record: current, events: [{ type: 'promise.recorded', data: { promisedFor, amount, notes } }] };
  });
}

/**
 * Withdraws or corrects the promise the ladder is waiting on (the latest recorded). The working
 * record follows (a withdrawn promise no longer holds the ladder, nor counts as broken); the
 * chain keeps the promise and its change, each its own event.
 */
export function changePromise(deps: ServiceDeps<Stores>, actor: Actor, body: PromiseChangeRequest): Promise<ContactResult> {
  return record(deps, actor, scopeOf(actor, body), (current) => {
    const index = current.escalation.map((e) => e.type).lastIndexOf('promise');
    const promise = current.escalation[index];
    if (!promise || promise.type !== 'promise')
      throw new ServiceError('conflict', `Invoice ${current.invoiceNumber} has no promise to pay on record.`);
    const was = { promisedFor: promise.promisedFor, ...(promise.amount && { amount: promise.amount }) };
    if (body.action === 'withdraw') {
      current.escalation.splice(index, 1);
      return { record: current, events: [{ type: 'promise.withdrawn', data: { ...was, notes: body.notes } }] };
    }
    current.escalation[index] = { ...promise, promisedFor: body.promisedFor, amount: body.amount };
    return {
      record: current,
      events: [{ type: 'promise.corrected', data: { from: was, promisedFor: body.promisedFor, amount: body.amount, notes: body.notes } }],
    };
  });
}

/**
 * Withdraws a contact logged by mistake: a `contact.reversed` event naming it (the original stays
 * in the chain, and the evidence pack shows both), and the invoice's last contact becomes the
 * latest one still standing. A promise or dispute saved with it has its own way back.
 */
export async function reverseContact(deps: ServiceDeps<Stores>, actor: Actor, body: ReverseContactRequest): Promise<ContactResult> {
  const scope = scopeOf(actor, body);
  if (!(await deps.main.getInvoice(scope))) throw notSynced(scope.invoiceNumber);
  const chain = await deps.audit.chain(scope);
  const original = chain.find((e) => e.seq === body.seq);
  if (!original || original.type !== 'contact.logged') {
    throw new ServiceError(
      'conflict',
      `Event ${body.seq} of invoice ${scope.invoiceNumber} is not a logged contact${original ? ` (it is ${original.type})` : ''}; only contacts logged by a person can be withdrawn.`,
    );
  }
  const reversed = new Set(chain.flatMap((e) => (e.type === 'contact.reversed' && typeof e.data.seq === 'number' ? [e.data.seq] : [])));
  if (reversed.has(body.seq)) throw new ServiceError('conflict', `The contact of event ${body.seq} was already withdrawn.`);
  const standing = chain.filter((e) => e.type === 'contact.logged' && e.seq !== body.seq && !reversed.has(e.seq));
  const when = (e: (typeof chain)[number]) => (typeof e.data.occurredAt === 'string' ? e.data.occurredAt : e.at);
  const latest = standing.reduce<(typeof chain)[number] | undefined>(
    (best, e) => (!best || Date.parse(when(e)) >= Date.parse(when(best)) ? e : best),
    undefined,
  );
  return record(deps, actor, scope, (current) => {
    const channel = ContactChannel.safeParse(latest?.data.channel);
    if (latest && channel.success) current.lastContact = { at: when(latest), channel: channel.data };
    else delete current.lastContact;
    const { channel: was, outcome, reached } = original.data;
    return {
      record: current,
      events: [
        {
          type: 'contact.reversed',
          data: { seq: body.seq, reason: body.reason.trim(), original: { channel: was, outcome, reached, occurredAt: when(original) } },
        },
      ],
    };
  });
}

export function recordDispute(deps: ServiceDeps<Stores>, actor: Actor, body: DisputeRequest): Promise<ContactResult> {
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

/**
 * A bankruptcy is the customer's, whichever invoice it is recorded from: every invoice of it
 * stops, and rows of it added later too (contacting a debtor in bankruptcy can breach the
 * automatic stay). Lifted from the sidebar's customer section.
 */
export async function recordBankruptcy(deps: ServiceDeps<Stores>, actor: Actor, body: BankruptcyRequest): Promise<ContactResult> {
  const scope = scopeOf(actor, body);
  const record = await deps.main.getInvoice(scope);
  if (!record) throw notSynced(scope.invoiceNumber);
  const { caseNumber, court, filedOn, notes } = body;
  await holdCustomer(deps, actor, {
    requestId: body.requestId,
    ledgerId: body.ledgerId,
    customer: record.snapshot.customer,
    action: 'bankruptcy',
    ...(caseNumber && { caseNumber }),
    ...(court && { court }),
    ...(filedOn && { filedOn }),
    ...(notes && { notes }),
  });
  const { settings, customerHold } = await changeContext(deps, actor, scope);
  const plan = planReminders({
    record: (await deps.main.getInvoice(scope)) ?? record,
    reminders: await deps.main.reminders(scope),
    settings,
    customerHold: await customerHold(record.snapshot.customer),
    nowMs: deps.clock.now(),
  });
  return { invoiceNumber: scope.invoiceNumber, automation: automationSentence(plan) };
}

/**
 * Records the referral to a collection agency, which stops the team's own chasing. Only after a
 * final notice before referral listed the invoice and its deadline has passed; never for a
 * paid, disputed or bankrupt invoice, and once.
 */
export function recordReferral(deps: ServiceDeps<Stores>, actor: Actor, body: ReferralRequest): Promise<ContactResult> {
  const { agency, reference, notes } = body;
  return record(deps, actor, scopeOf(actor, body), (current, settings) => {
    const refuse = (why: string) => new ServiceError('conflict', `Not referred: ${why}.`);
    const today = ledgerToday(settings, deps.clock.now());
    if (current.referral) throw refuse(`it was already referred to ${current.referral.agency} on ${current.referral.at.slice(0, 10)}`);
    if (isSettled(current.snapshot)) throw refuse('the invoice is paid');
    if (current.dispute) throw refuse(`the invoice is disputed (${current.dispute.reason}); resolve the dispute first`);
    if (current.bankruptcy) throw refuse('the customer is in bankruptcy proceedings; claims go to the court, not an agency');
    if (!current.finalNotice)
      throw refuse(
        'no final notice before referral has listed this invoice yet; make one (Demand letter > Final notice before referral) and let its deadline pass',
      );
    // The same day the ladder shows for the referral step: the deadline, then the ladder's grace.
    const opens = referralOpensOn(handledSteps(current, []), settings.ladder);
    if (!opens || compareDates(today, opens) < 0) {
      throw refuse(
        `the final notice of ${current.finalNotice.on} gives the customer until ${current.finalNotice.deadline}; referral opens on ${opens ?? 'the day after'}`,
      );
    }
    current.referral = { agency, at: new Date(deps.clock.now()).toISOString(), ...(reference && { reference }) };
    const step = settings.ladder.steps.find((s) => s.action.kind === 'referral');
    if (step) current.escalation.push({ type: 'step', stepId: step.id, on: today, outcome: 'done' });
    return { record: current, events: [{ type: 'referral.made', data: { agency, reference, notes, finalNotice: current.finalNotice } }] };
  });
}

/** The payment record of an invoice's customer in this ledger: how late they pay, promises broken. */
export async function customerBehaviour(deps: ServiceDeps<Stores>, actor: Actor, scope: InvoiceScope): Promise<PaymentBehaviour> {
  const { settings } = await changeContext(deps, actor, scope);
  const record = await deps.main.getInvoice(scope);
  if (!record) throw notSynced(scope.invoiceNumber);
  const invoices = await deps.main.customerInvoices(scope, record.snapshot.customer);
  return paymentBehaviour(
    invoices.map((r) => ({
      dueDate: r.snapshot.dueDate,
      settled: isSettled(r.snapshot),
      ...(r.settledOn && { settledOn: r.settledOn }),
      promises: r.escalation.flatMap((e) => (e.type === 'promise' ? [{ promisedFor: e.promisedFor }] : [])),
    })),
    ledgerToday(settings, deps.clock.now()),
    settings.ladder.promiseGraceDays,
  );
}
