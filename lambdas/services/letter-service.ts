import { createHash } from 'node:crypto';
import type { LedgerSettings, LetterRequest, LetterResponse } from '../../shared/api/contract';
import { afterLetters, latestPromise } from '../../shared/escalation/next-step';
import { type CalendarDate, compareDates } from '../../shared/time/calendar-date';
import type { LadderStep, LetterStage } from '../../shared/escalation/ladder';
import { composeLetter, type LetterContent, type LetterInput } from '../../shared/letters/compose-letter';
import { type LetterHistory, missingEarlierStage } from '../../shared/letters/letter-history';
import { letterHistoryFrom } from './letter-history-events';
import { creditorOf, payableFacts } from './document-facts';
import { safeName } from '../../shared/text';
import { formatForReader } from '../../shared/money/money';
import { debtorLocale } from '../../shared/locale/debtor-locale';
import type { PdfRenderers } from '../letters/pdf-renderers';
import type { InvoiceRecord } from '../store/records';
import { type ChangeContext, changeInvoice } from './invoice-updates';
import type { InvoiceScope } from '../store/keys';
import { mapLimited } from '../map-limited';
import { automationSentence, handledSteps, ledgerToday } from './reminder-planner';
import { type Actor, notSynced, type ServiceDeps, ServiceError } from './service-deps';
import { changeContext } from './settings-service';
import type { InvoiceStore } from './ports/invoice-store';
import type { LetterStore } from './ports/letter-store';
import type { SettingsStore } from './ports/settings-store';
import type { ReminderStore } from './ports/reminder-store';
import type { CustomerHoldStore } from './ports/customer-hold-store';

/** The main table's ports this module uses. */
type Stores = InvoiceStore & LetterStore & SettingsStore & ReminderStore & CustomerHoldStore;

export interface LetterDeps extends ServiceDeps<Stores> {
  /** Absent where PDFs are not rendered (the main API function; letters have a function of their own). */
  pdf?: PdfRenderers;
}

const STAGE_WORDS: Record<LetterStage, string> = {
  past_due_notice: 'past-due notice',
  formal_demand: 'formal demand',
  final_notice: 'final notice',
};

/**
 * A demand letter for the customer of one invoice, covering all their overdue invoices: composed
 * from the synced ledger and the settings, rendered to PDF, and recorded on the invoice's audit
 * trail with the PDF's SHA-256, the template version and every input, so the letter can be
 * proved later to be the one sent. The ladder's letter step of this stage counts as done: after
 * a final notice, referral opens once its deadline has passed.
 */
export async function generateLetter(deps: LetterDeps, actor: Actor, body: LetterRequest): Promise<LetterResponse> {
  if (!deps.pdf)
    throw new ServiceError(
      'not_found',
      'This backend function does not render letters; POST /v1/letters is served by the letters function.',
    );
  const scope = { tenant: actor.principal.tenant, ledgerId: body.ledgerId, invoiceNumber: body.invoiceNumber };
  const context = await changeContext(deps, actor, scope);
  const { settings } = context;
  const record = await deps.main.getInvoice(scope);
  if (!record) throw notSynced(body.invoiceNumber);
  const today = ledgerToday(settings, deps.clock.now());
  const excluded = whyNotDemanded(record, settings, today);
  if (excluded) throw new ServiceError('conflict', `No letter was made: ${record.invoiceNumber} ${excluded}.`);
  // A letter demands only what the team may chase: not a disputed invoice, nor one promised or referred.
  // Nor, beside the invoice asked for, one whose earlier letter's deadline (and grace) still runs.
  const customerRecords = (await deps.main.customerInvoices(scope, record.snapshot.customer)).filter(
    (r) => !whyNotDemanded(r, settings, today) && (r.invoiceNumber === record.invoiceNumber || !deadlineRunning(r, settings, today)),
  );
  const letterInput = letterInputOf(record, customerRecords, settings, body, today);
  const { history, missing } = await citableHistory(deps, scope, letterInput, body, settings.timeZone);
  const composed = composeLetter({ ...letterInput, history });
  if (!composed.ok) throw new ServiceError('conflict', `No letter was made: ${composed.error}.`);
  const content = composed.value;
  const pdf = await deps.pdf.letter(content);
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  const fileName = `${safeName(`${content.title}-${record.snapshot.customer}-${today}`)}.pdf`;

  await deps.main.putLetter({
    ...scope,
    sha256,
    fileName,
    title: content.title,
    totalDue: formatForReader(content.totalDue, letterInput.locale),
    deadline: content.deadline,
    createdAt: new Date(deps.clock.now()).toISOString(),
    pdf,
  });

  const outcome = await recordLetter(deps, actor, { scope, context, body, today }, customerRecords, {
    content,
    fileName,
    sha256,
    bytes: pdf.length,
    history,
    missing,
  });
  return {
    fileName,
    customer: record.snapshot.customer,
    sha256,
    bytes: pdf.length,
    pdfBase64: Buffer.from(pdf).toString('base64'),
    stage: body.stage,
    templateVersion: content.templateVersion,
    totalDue: content.totalDue,
    deadline: content.deadline,
    invoices: content.invoiceNumbers,
    automation: automationSentence(outcome.plan),
    ...(outcome.record.snapshot.contactEmail && { contactEmail: outcome.record.snapshot.contactEmail }),
  };
}

/** What the letter is made from: the team, the customer, the invoices it may demand, the request. */
function letterInputOf(
  record: InvoiceRecord,
  customerRecords: readonly InvoiceRecord[],
  settings: LedgerSettings,
  body: LetterRequest,
  today: CalendarDate,
): LetterInput {
  return {
    stage: body.stage,
    today,
    creditor: creditorOf(settings),
    debtor: {
      customer: record.snapshot.customer,
      ...(record.snapshot.contactName && { contactName: record.snapshot.contactName }),
      ...(record.snapshot.contactEmail && { contactEmail: record.snapshot.contactEmail }),
    },
    invoices: customerRecords.map((r) => payableFacts(r, settings.paymentLink)),
    currency: record.snapshot.balance.currency,
    fees: settings.fees,
    deadlineDays: body.deadlineDays,
    ...(body.settlement && { settlement: body.settlement }),
    ...(body.paymentPlan && { paymentPlan: body.paymentPlan }),
    locale: debtorLocale(record.snapshot.timeZone, settings.timeZone),
    ...(settings.letterTemplates[body.stage] && { template: settings.letterTemplates[body.stage] }),
  };
}

/**
 * The earlier letters and contacts the letter may cite: from the audit trails of the invoices it
 * lists (composed once to know them). A stage that presumes an earlier one not on record is
 * refused unless the user confirms; then the letter does not mention one.
 */
async function citableHistory(deps: LetterDeps, scope: InvoiceScope, letterInput: LetterInput, body: LetterRequest, timeZone: string) {
  const listed = composeLetter(letterInput);
  if (!listed.ok) throw new ServiceError('conflict', `No letter was made: ${listed.error}.`);
  const chains = await mapLimited(listed.value.invoiceNumbers, 8, (invoiceNumber) => deps.audit.chain({ ...scope, invoiceNumber }));
  const history = letterHistoryFrom(chains.flat(), timeZone);
  const missing = missingEarlierStage(history, body.stage);
  if (missing && !body.withoutEarlierStage) {
    throw new ServiceError(
      'conflict',
      `No ${STAGE_WORDS[missing]} is on record for these invoices, and a ${STAGE_WORDS[body.stage]} presumes one. Confirm to make it anyway: it will not mention one.`,
    );
  }
  return { history, missing };
}

/** The letter as made: its content and PDF facts, and the history it cites (or which earlier stage it could not). */
interface MadeLetter {
  content: LetterContent;
  fileName: string;
  sha256: string;
  bytes: number;
  history: LetterHistory;
  missing: LetterStage | undefined;
}

/**
 * The letter on the trails: the invoice asked for records letter.generated with every input;
 * each other invoice it lists records letter.included. On each, the ladder's letter step of
 * this stage is done, and a final notice starts the referral clock.
 */
async function recordLetter(
  deps: LetterDeps,
  actor: Actor,
  request: { scope: InvoiceScope; context: ChangeContext; body: LetterRequest; today: CalendarDate },
  customerRecords: readonly InvoiceRecord[],
  made: MadeLetter,
) {
  const { scope, context, body, today } = request;
  const { settings } = context;
  const { content, fileName, sha256 } = made;
  const step = settings.ladder.steps.find((s) => s.action.kind === 'letter' && s.action.stage === body.stage);
  const covered = (current: InvoiceRecord) => markCovered(current, { step, stage: body.stage, today, deadline: content.deadline, sha256 });
  const outcome = await changeInvoice(deps, actor, scope, context, (current) => {
    if (!current) return undefined;
    covered(current);
    return {
      record: current,
      events: [
        {
          type: 'letter.generated',
          data: generatedData(made, body, settings, today, step),
        },
      ],
    };
  });
  if (!outcome) throw notSynced(body.invoiceNumber);
  // The customer's other invoices in the letter record it on their own trails too.
  await mapLimited(
    customerRecords.filter((r) => r.invoiceNumber !== body.invoiceNumber && content.invoiceNumbers.includes(r.invoiceNumber)),
    8,
    (other) =>
      changeInvoice(
        deps,
        actor,
        { ...scope, invoiceNumber: other.invoiceNumber },
        context,
        (current) => {
          if (!current) return undefined;
          covered(current);
          return {
            record: current,
            events: [
              {
                type: 'letter.included',
                data: { stage: body.stage, fileName, sha256, madeFor: body.invoiceNumber, deadline: content.deadline },
              },
            ],
          };
        },
        other,
      ),
  );
  return outcome;
}

/** An invoice the letter lists: its letter step is done, and a final notice starts the referral clock. */
function markCovered(
  current: InvoiceRecord,
  letter: { step: LadderStep | undefined; stage: LetterStage; today: CalendarDate; deadline: CalendarDate; sha256: string },
): void {
  const { step, stage, today, deadline, sha256 } = letter;
  if (step && !current.escalation.some((e) => e.type === 'step' && e.stepId === step.id && e.outcome === 'done')) {
    current.escalation.push({ type: 'step', stepId: step.id, on: today, outcome: 'done' });
  }
  if (stage === 'final_notice') current.finalNotice = { on: today, deadline, sha256 };
  // The ladder keeps to the deadline the letter gave: nothing more before it (and the grace).
  if (!current.escalation.some((e) => e.type === 'letter' && e.stage === stage && e.on === today && e.deadline === deadline)) {
    current.escalation.push({ type: 'letter', stage, on: today, deadline });
  }
}

/** letter.generated's data: the PDF's hash and every input, so the letter can be proved later to be the one sent. */
function generatedData(made: MadeLetter, body: LetterRequest, settings: LedgerSettings, today: CalendarDate, step: LadderStep | undefined) {
  const { content, history, missing } = made;
  return {
    stage: body.stage,
    fileName: made.fileName,
    sha256: made.sha256,
    bytes: made.bytes,
    templateVersion: content.templateVersion,
    totalDue: content.totalDue,
    deadline: content.deadline,
    invoices: content.invoiceNumbers,
    inputs: {
      deadlineDays: body.deadlineDays,
      settlement: body.settlement,
      paymentPlan: body.paymentPlan,
      fees: settings.fees,
      asOf: today,
      template: settings.letterTemplates[body.stage],
      history,
      ...(missing && { withoutEarlierStage: missing }),
    },
    ...(step && { stepId: step.id }),
  };
}

/** Why a letter must not demand this invoice, or undefined when it may. */
function whyNotDemanded(record: InvoiceRecord, settings: LedgerSettings, today: CalendarDate): string | undefined {
  if (record.dispute || record.snapshot.status === 'disputed')
    return `is disputed${record.dispute ? ` (${record.dispute.reason})` : ''}: resolve the dispute first`;
  if (record.snapshot.status === 'on_hold') return 'is on hold in the sheet';
  if (record.referral) return `was referred to ${record.referral.agency}`;
  const promise = latestPromise(record.escalation, settings.ladder);
  if (promise && compareDates(today, promise.brokenOn) < 0) return `has a promise to pay by ${promise.promisedFor} still running`;
  return undefined;
}

/** A letter made on an earlier day gave this invoice a deadline that, with the grace, has not passed. */
function deadlineRunning(record: InvoiceRecord, settings: LedgerSettings, today: CalendarDate): boolean {
  const history = handledSteps(record, []);
  const quietUntil = afterLetters(history, settings.ladder);
  const lastLetter = history.filter((e) => e.type === 'letter').at(-1);
  return (
    quietUntil !== undefined && compareDates(today, quietUntil) < 0 && lastLetter !== undefined && compareDates(lastLetter.on, today) < 0
  );
}
