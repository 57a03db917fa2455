/**
 * The HTTP contract between the add-on and the backend: every request body and response as a
 * zod schema, with its type inferred from it. Both sides import this one module, so a field
 * cannot be renamed on one side only. The tenant is never in a body: the backend takes it from
 * the verified token.
 */
import { PaymentLinkTemplate } from '../payments/payment-link';
import * as z from 'zod';
import { AgingConfig } from '../aging/aging-buckets';
import { DisputeReason, DisputeReasons } from '../disputes';
import { ContactCap } from '../escalation/contact-cap';
import { Ladder, LetterStage, TemplateId } from '../escalation/ladder';
import { FeePolicy } from '../fees/fee-policy';
import { Invoice } from '../invoice';
import { LetterTemplates } from '../letters/letter-template';
import { CurrencyCode, Money } from '../money/money';
import { EMAIL_PLACEHOLDERS } from '../email/render-email';
import { placeholderProblem } from '../placeholders';
import { EmailAddress, multiLine, singleLine } from '../text';
import { BusinessWindow, TimeZone } from '../time/business-hours';
import { CalendarDate } from '../time/calendar-date';

/** Google spreadsheet ids are URL-safe base64-ish strings; the ledger is named by its sheet. */
export const LedgerId = z.string().regex(/^[A-Za-z0-9_-]{10,128}$/, 'is not a spreadsheet id');
/** Chosen by the client once per user action, repeated on every retry of it. */
export const RequestId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8-64 letters, digits, dashes or underscores');
export const InvoiceNumber = Invoice.shape.invoiceNumber;
export const Instant = z.iso.datetime({ offset: true });

const Notes = multiLine(4000);

const InvoiceRef = z.object({ ledgerId: LedgerId, invoiceNumber: InvoiceNumber });

/** What a write carries so a retry is recognised and answered with the first result. */
const WriteEnvelope = z.object({ requestId: RequestId });

// ---- Sync -------------------------------------------------------------------------------

export const InvoiceSnapshot = Invoice.extend({
  /** The sheet row, so the backend can say which row a problem is on. */
  row: z.number().int().min(1).max(10_000_000),
}).strict();
export type InvoiceSnapshot = z.infer<typeof InvoiceSnapshot>;

/** At most this many invoices per call: keeps a call well under UrlFetch's payload limit. */
export const MAX_SYNC_BATCH = 500;

/**
 * What the spreadsheet says about the ledger as a whole. Its zone is only a default: the
 * ledger's time zone is the backend's setting, created from it when the ledger's settings are
 * first kept. The currency of amounts without one is the sheet's setting, and the backend's copy
 * follows it.
 */
export const SheetFacts = z.object({ timeZone: TimeZone, currency: CurrencyCode }).strict();
export type SheetFacts = z.infer<typeof SheetFacts>;

export const SyncInvoicesRequest = WriteEnvelope.extend({
  ledgerId: LedgerId,
  sheet: SheetFacts.optional(),
  invoices: z
    .array(InvoiceSnapshot)
    .min(1)
    .max(MAX_SYNC_BATCH, `must hold at most ${MAX_SYNC_BATCH} invoices per call`)
    .refine((list) => new Set(list.map((i) => i.invoiceNumber)).size === list.length, { message: 'holds the same invoice number twice' }),
}).strict();
export type SyncInvoicesRequest = z.infer<typeof SyncInvoicesRequest>;

export const SyncInvoicesResponse = z.object({
  upserted: z.number().int(),
  unchanged: z.number().int(),
  cancelledReminders: z.number().int(),
  /** Invoice numbers whose due date moved later while overdue: recorded and flagged. */
  reaged: z.array(InvoiceNumber),
  /** Customers a row's Status (Bankrupt, Do not contact) put on hold, every invoice of them. */
  customersHeld: z
    .array(z.object({ customer: z.string(), hold: z.enum(['bankruptcy', 'do_not_contact']), invoiceNumber: InvoiceNumber }))
    .optional(),
});
export type SyncInvoicesResponse = z.infer<typeof SyncInvoicesResponse>;

// ---- Contact log, promises, disputes, bankruptcy ---------------------------------------

export const ContactChannel = z.enum(['call', 'email', 'letter', 'meeting', 'note']);
export type ContactChannel = z.infer<typeof ContactChannel>;

export const ContactOutcome = z.enum([
  'reached',
  'left_message',
  'no_answer',
  'wrong_contact',
  'promised_to_pay',
  'disputed',
  'refused',
  'says_paid',
  'other',
]);
export type ContactOutcome = z.infer<typeof ContactOutcome>;

export const LogContactRequest = WriteEnvelope.extend({
  ...InvoiceRef.shape,
  channel: ContactChannel,
  reached: singleLine(200).optional(),
  outcome: ContactOutcome,
  notes: Notes.optional(),
  /** When it happened, if not now (a call logged after the fact). */
  occurredAt: Instant.optional(),
}).strict();
export type LogContactRequest = z.infer<typeof LogContactRequest>;

export const RecordPromiseRequest = WriteEnvelope.extend({
  ...InvoiceRef.shape,
  promisedFor: CalendarDate,
  amount: Money.refine((m) => m.minor > 0, { message: 'must be more than zero', path: ['minor'] }),
  notes: Notes.optional(),
}).strict();
export type RecordPromiseRequest = z.infer<typeof RecordPromiseRequest>;

/**
 * The way back from a promise: withdrawn (recorded by mistake, or the customer took it back) or
 * corrected (another day or amount). Either is a new audit event; the ladder follows at once.
 */
export const PromiseChangeRequest = z.discriminatedUnion('action', [
  WriteEnvelope.extend({ ...InvoiceRef.shape, action: z.literal('withdraw'), notes: Notes.optional() }).strict(),
  WriteEnvelope.extend({
    ...InvoiceRef.shape,
    action: z.literal('correct'),
    promisedFor: CalendarDate,
    amount: Money.refine((m) => m.minor > 0, { message: 'must be more than zero', path: ['minor'] }),
    notes: Notes.optional(),
  }).strict(),
]);
export type PromiseChangeRequest = z.infer<typeof PromiseChangeRequest>;

/** The way back from a contact logged by mistake: a reversal naming it; the original stays in the chain. */
export const ReverseContactRequest = WriteEnvelope.extend({
  ...InvoiceRef.shape,
  /** The `contact.logged` event's place in the invoice's chain. */
  seq: z.number().int().min(1),
  reason: singleLine(300).refine((r) => r.trim().length > 0, 'say why it is withdrawn: it is kept with the record'),
}).strict();
export type ReverseContactRequest = z.infer<typeof ReverseContactRequest>;

export const DisputeRequest = z.discriminatedUnion('action', [
  WriteEnvelope.extend({ ...InvoiceRef.shape, action: z.literal('open'), reason: DisputeReason, notes: Notes.optional() }).strict(),
  WriteEnvelope.extend({
    ...InvoiceRef.shape,
    action: z.literal('resolve'),
    resolution: z.enum(['in_our_favour', 'credit_issued', 'written_off', 'withdrawn']),
    notes: Notes.optional(),
  }).strict(),
]);
export type DisputeRequest = z.infer<typeof DisputeRequest>;

export const BankruptcyRequest = WriteEnvelope.extend({
  ...InvoiceRef.shape,
  caseNumber: singleLine(80).optional(),
  court: singleLine(200).optional(),
  filedOn: CalendarDate.optional(),
  notes: Notes.optional(),
}).strict();
export type BankruptcyRequest = z.infer<typeof BankruptcyRequest>;

// ---- History and audit ------------------------------------------------------------------

/** Where an event came from; 'inbound-email' is a debtor's reply, received by SES. */
export const EventSource = z.enum(['sidebar', 'sync', 'dispatcher', 'ses-events', 'inbound-email']);
export type EventSource = z.infer<typeof EventSource>;

export const AuditEventView = z.object({
  seq: z.number().int().min(1),
  type: z.string(),
  at: Instant,
  actor: z.object({ email: z.string().optional(), sub: z.string().optional() }),
  source: EventSource,
  data: z.record(z.string(), z.unknown()),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type AuditEventView = z.infer<typeof AuditEventView>;

export const HistoryQuery = z.object({
  ...InvoiceRef.shape,
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type HistoryQuery = z.infer<typeof HistoryQuery>;

export const HistoryResponse = z.object({ events: z.array(AuditEventView), nextCursor: z.string().optional() });
export type HistoryResponse = z.infer<typeof HistoryResponse>;

export const VerifyResponse = z.object({
  intact: z.boolean(),
  eventsChecked: z.number().int(),
  /** The first event whose stored hash or link does not match, and why (seq 0: not about one event). */
  firstBroken: z.object({ invoiceNumber: InvoiceNumber, seq: z.number().int(), reason: z.string() }).optional(),
  /** Every problem found, the first one included. */
  problems: z.array(z.object({ invoiceNumber: InvoiceNumber, seq: z.number().int(), reason: z.string() })).optional(),
  /** Chains also held against a write-once checkpoint; absent where the backend keeps none (the local stack without them). */
  checkpointsCompared: z.number().int().optional(),
});
export type VerifyResponse = z.infer<typeof VerifyResponse>;

// ---- Customers ----------------------------------------------------------------------

/**
 * What stops chasing a whole customer, and each way back: every invoice of the customer in the
 * ledger, present rows and rows added later. Each is a new audit event on every invoice of it.
 */
const CustomerRef = { ledgerId: LedgerId, customer: Invoice.shape.customer };
export const CustomerHoldRequest = z.discriminatedUnion('action', [
  WriteEnvelope.extend({ ...CustomerRef, action: z.literal('pause'), resumeOn: CalendarDate.optional(), note: Notes.optional() }).strict(),
  WriteEnvelope.extend({ ...CustomerRef, action: z.literal('resume'), note: Notes.optional() }).strict(),
  WriteEnvelope.extend({
    ...CustomerRef,
    action: z.literal('bankruptcy'),
    caseNumber: singleLine(80).optional(),
    court: singleLine(200).optional(),
    filedOn: CalendarDate.optional(),
    notes: Notes.optional(),
  }).strict(),
  WriteEnvelope.extend({ ...CustomerRef, action: z.literal('lift_bankruptcy'), notes: Notes.optional() }).strict(),
  WriteEnvelope.extend({
    ...CustomerRef,
    action: z.literal('do_not_contact'),
    // Missing and blank get the same words: a person reads them, not a parser's "expected string".
    reason: z.preprocess(
      (v) => v ?? '',
      singleLine(300).refine((r) => r.trim().length > 0, 'say why: it is kept with the record'),
    ),
  }).strict(),
  WriteEnvelope.extend({ ...CustomerRef, action: z.literal('allow_contact'), notes: Notes.optional() }).strict(),
]);
export type CustomerHoldRequest = z.infer<typeof CustomerHoldRequest>;

/** A customer's holds as the sidebar shows them, each with when and by whom. */
export const CustomerHoldView = z.object({
  customer: z.string(),
  pause: z.object({ at: z.string(), resumeOn: CalendarDate.optional(), note: z.string().optional(), by: z.string().optional() }).optional(),
  bankruptcy: z
    .object({
      at: z.string(),
      caseNumber: z.string().optional(),
      court: z.string().optional(),
      filedOn: CalendarDate.optional(),
      notes: z.string().optional(),
      by: z.string().optional(),
    })
    .optional(),
  doNotContact: z.object({ at: z.string(), reason: z.string(), by: z.string().optional() }).optional(),
});
export type CustomerHoldView = z.infer<typeof CustomerHoldView>;

export const CustomerHoldResponse = z.object({ invoices: z.number().int(), hold: CustomerHoldView });
export type CustomerHoldResponse = z.infer<typeof CustomerHoldResponse>;

// ---- Reminders -------------------------------------------------------------------------

export const ReminderState = z.enum([
  'PENDING',
  'AWAITING_APPROVAL',
  'SENDING',
  'SENT',
  'CANCELLED',
  'SKIPPED',
  'FAILED',
  'UNKNOWN',
  'NEEDS_REVIEW',
]);
export type ReminderState = z.infer<typeof ReminderState>;

/** One rung of the ladder for one invoice: done, scheduled, or still to come. */
export const LadderStepView = z.object({
  stepId: z.string(),
  label: z.string(),
  action: z.enum(['email', 'letter', 'call', 'referral']),
  /** The step's day: due date + offset, kept to the ladder's spacing after a catch-up and after a letter's deadline. */
  on: CalendarDate,
  /** For a scheduled or sent email: the instant, business hours in the debtor's zone applied. */
  sendAt: Instant.optional(),
  /** PLANNED: not yet scheduled; TASK: a step for a person (letter, call, referral); DONE: that step was done (a letter made). */
  state: z.union([ReminderState, z.enum(['PLANNED', 'TASK', 'DONE'])]),
  reason: z.string().optional(),
  sesMessageId: z.string().optional(),
  /** NEEDS_REVIEW after SES refused every message: it certainly did not go, and may be sent again. */
  notSent: z.literal(true).optional(),
  /** A call or letter whose day has come and nobody has done: a person does it, or dismisses it with a reason. */
  open: z.literal(true).optional(),
});
export type LadderStepView = z.infer<typeof LadderStepView>;

export const RemindersResponse = z.object({
  automation: z.object({ running: z.boolean(), reason: z.string().optional() }),
  /** What the ladder says to do next, if anything. */
  next: z
    .object({
      stepId: z.string(),
      label: z.string(),
      action: LadderStepView.shape.action,
      on: CalendarDate,
      due: z.boolean(),
      /** For a letter step: which letter, so "Make the letter" opens on it. */
      stage: LetterStage.optional(),
    })
    .optional(),
  debtorTimeZone: z.string(),
  /** Where emails and letters tell the debtor to pay online (the row's link, else the team's template), if anywhere. */
  paymentLink: z.string().optional(),
  steps: z.array(LadderStepView),
  /** An open dispute: chasing waits until a person resolves it. */
  dispute: z.object({ reason: z.string(), openedAt: z.string() }).optional(),
  /** The promise to pay the ladder is waiting on, if any: withdrawn or corrected from the sidebar. */
  promise: z.object({ promisedFor: CalendarDate, recordedOn: CalendarDate, amount: Money.optional() }).optional(),
  /** What holds the invoice's customer (pause, bankruptcy, do not contact), each with its way back. */
  customerHold: CustomerHoldView.optional(),
});
export type RemindersResponse = z.infer<typeof RemindersResponse>;

export const PreviewQuery = z.object({ ledgerId: LedgerId, invoiceNumber: InvoiceNumber, stepId: z.string().max(40) }).strict();

/** An email step rendered as the dispatcher would send it on its day, for this invoice alone. */
export const EmailPreview = z.object({
  stepId: z.string(),
  label: z.string(),
  to: z.string().optional(),
  fromName: z.string(),
  replyTo: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  /** The day it is rendered for: the step's day, or today when that has passed. */
  on: CalendarDate,
  /** The PDF the email carries: the customer's statement of account, made when the email goes. */
  attachment: z.string().optional(),
});
export type EmailPreview = z.infer<typeof EmailPreview>;

/** One email step sent to the signed-in user alone, marked as a test: what the customer would get. */
export const TestReminderRequest = WriteEnvelope.extend({ ...InvoiceRef.shape, stepId: PreviewQuery.shape.stepId }).strict();
export type TestReminderRequest = z.infer<typeof TestReminderRequest>;

export const TestReminderResponse = z.object({ to: z.string(), subject: z.string(), messageId: z.string() });
export type TestReminderResponse = z.infer<typeof TestReminderResponse>;

export const ReminderActionRequest = z.discriminatedUnion('action', [
  WriteEnvelope.extend({
    ...InvoiceRef.shape,
    action: z.literal('pause'),
    until: CalendarDate.optional(),
    note: Notes.optional(),
  }).strict(),
  WriteEnvelope.extend({ ...InvoiceRef.shape, action: z.literal('resume'), note: Notes.optional() }).strict(),
  WriteEnvelope.extend({
    ...InvoiceRef.shape,
    action: z.literal('cancel'),
    reminderId: z.string().max(128),
    note: Notes.optional(),
  }).strict(),
  /** In review-before-send mode: a person approves a step; it then goes at its time. */
  WriteEnvelope.extend({ ...InvoiceRef.shape, action: z.literal('approve'), reminderId: z.string().max(128) }).strict(),
  /** In review-before-send mode: a person rejects a held step; it is never sent and the ladder moves on. */
  WriteEnvelope.extend({
    ...InvoiceRef.shape,
    action: z.literal('reject'),
    reminderId: z.string().max(128),
    note: Notes.optional(),
  }).strict(),
  /** A call or letter whose day has come, dismissed instead of done: the reason is required and kept. */
  WriteEnvelope.extend({
    ...InvoiceRef.shape,
    action: z.literal('dismiss'),
    reminderId: z.string().max(128),
    note: Notes.refine((n) => n.trim() !== '', 'must say why'),
  }).strict(),
  WriteEnvelope.extend({ ...InvoiceRef.shape, action: z.literal('reschedule'), reminderId: z.string().max(128), sendAt: Instant }).strict(),
  WriteEnvelope.extend({
    ...InvoiceRef.shape,
    action: z.literal('send_now'),
    reminderId: z.string().max(128),
    /** Send outside business hours or past the cap: allowed, and audited as an override. */
    override: z.boolean().default(false),
    note: Notes.optional(),
  }).strict(),
]);
export type ReminderActionRequest = z.infer<typeof ReminderActionRequest>;

export const CustomerPauseRequest = WriteEnvelope.extend({
  ledgerId: LedgerId,
  customer: Invoice.shape.customer,
  action: z.enum(['pause', 'resume']),
  resumeOn: CalendarDate.optional(),
  note: Notes.optional(),
}).strict();
export type CustomerPauseRequest = z.infer<typeof CustomerPauseRequest>;

// ---- Ledger status (the add-on's optional status columns) -------------------------------

/** At most this many invoices per page: a page's records stay within one DynamoDB query page. */
export const MAX_STATUS_PAGE = 500;

export const LedgerStatusQuery = z
  .object({
    ledgerId: LedgerId,
    /** The last invoice number of the previous page, as the API returned it. */
    cursor: InvoiceNumber.optional(),
    limit: z.coerce.number().int().min(1).max(MAX_STATUS_PAGE).default(MAX_STATUS_PAGE),
  })
  .strict();
export type LedgerStatusQuery = z.infer<typeof LedgerStatusQuery>;

/**
 * What automation does for an invoice now. sending: an email step is planned; your_turn: the
 * ladder's next step is a task for a person (call, letter, referral); waiting: a promise or a
 * dated pause holds it; stopped: disputed, paused, no address...; paid; finished: the ladder is done.
 */
export const AutomationState = z.enum(['sending', 'your_turn', 'waiting', 'stopped', 'paid', 'finished']);
export type AutomationState = z.infer<typeof AutomationState>;

export const InvoiceStatusView = z.object({
  invoiceNumber: InvoiceNumber,
  /** The latest contact: one logged by a person (its channel) or a reminder email sent. */
  lastContact: z.object({ at: Instant, kind: z.union([ContactChannel, z.literal('reminder')]), label: z.string().optional() }).optional(),
  nextStep: z.object({ label: z.string(), action: LadderStepView.shape.action, on: CalendarDate }).optional(),
  automation: z.object({ state: AutomationState, reason: z.string().optional() }),
});
export type InvoiceStatusView = z.infer<typeof InvoiceStatusView>;

export const LedgerStatusResponse = z.object({ invoices: z.array(InvoiceStatusView), nextCursor: InvoiceNumber.optional() });
export type LedgerStatusResponse = z.infer<typeof LedgerStatusResponse>;

// ---- The collector's worklist ----------------------------------------------------------

/** What a person must do for an invoice: the ledger's "your turn" list. */
export const WorklistKind = z.enum(['reply', 'broken_promise', 'call', 'letter', 'referral', 'approve', 'review', 'bounced']);
export type WorklistKind = z.infer<typeof WorklistKind>;

export const WorklistItem = z.object({
  kind: WorklistKind,
  invoiceNumber: InvoiceNumber,
  /** The sheet row it was last synced from: where one click takes the person. */
  row: z.number().int(),
  customer: z.string(),
  balance: Money,
  daysLate: z.number().int(),
  /** What to do, in words. */
  label: z.string(),
});
export type WorklistItem = z.infer<typeof WorklistItem>;

export const WorklistQuery = z.object({ ledgerId: LedgerId }).strict();
/** GET /v1/forecast/inputs takes the ledger alone, as the worklist does. */
export const ForecastQuery = WorklistQuery;

/** In review mode: every step held for approval whose send time falls today (the ledger's day), approved at once. */
export const ApproveDueRequest = WriteEnvelope.extend({ ledgerId: LedgerId }).strict();
export type ApproveDueRequest = z.infer<typeof ApproveDueRequest>;
export const ApproveDueResponse = z.object({ approved: z.number().int(), invoices: z.array(InvoiceNumber) });
export type ApproveDueResponse = z.infer<typeof ApproveDueResponse>;

/** At most this many invoices in one bulk action: one request, a few seconds of work. */
export const MAX_BULK_INVOICES = 200;

/**
 * One action on the invoices of the rows a person selected in the sheet, under one request id:
 * approve what review holds, pause reminders (until a day, or until resumed), or log the same note.
 */
export const BulkActionRequest = z
  .discriminatedUnion('action', [
    WriteEnvelope.extend({ ledgerId: LedgerId, invoiceNumbers: z.array(InvoiceNumber), action: z.literal('approve') }).strict(),
    WriteEnvelope.extend({
      ledgerId: LedgerId,
      invoiceNumbers: z.array(InvoiceNumber),
      action: z.literal('pause'),
      until: CalendarDate.optional(),
      note: Notes.optional(),
    }).strict(),
    WriteEnvelope.extend({
      ledgerId: LedgerId,
      invoiceNumbers: z.array(InvoiceNumber),
      action: z.literal('note'),
      note: Notes.refine((n) => n.trim() !== '', 'must say something'),
    }).strict(),
  ])
  .superRefine((body, ctx) => {
    if (body.invoiceNumbers.length === 0)
      ctx.addIssue({ code: 'custom', path: ['invoiceNumbers'], message: 'must name at least one invoice' });
    if (body.invoiceNumbers.length > MAX_BULK_INVOICES)
      ctx.addIssue({
        code: 'custom',
        path: ['invoiceNumbers'],
        message: `must name at most ${MAX_BULK_INVOICES} invoices: select fewer rows`,
      });
    if (new Set(body.invoiceNumbers).size !== body.invoiceNumbers.length)
      ctx.addIssue({ code: 'custom', path: ['invoiceNumbers'], message: 'names an invoice twice' });
  });
export type BulkActionRequest = z.infer<typeof BulkActionRequest>;

export const BulkActionResponse = z.object({
  done: z.array(InvoiceNumber),
  /** Left as they were, each with why (nothing held, not synced yet...). */
  skipped: z.array(z.object({ invoiceNumber: InvoiceNumber, reason: z.string() })),
});
export type BulkActionResponse = z.infer<typeof BulkActionResponse>;

/** Most pressing first: balance x days late (an invoice not yet due counts as 1 day). */
export const WorklistResponse = z.object({ items: z.array(WorklistItem), counts: z.record(z.string(), z.number().int()) });
export type WorklistResponse = z.infer<typeof WorklistResponse>;

// ---- Letters ---------------------------------------------------------------------------

/** What a letter says beyond the ledger: its stage, deadline and any offer. */
export const LetterFields = WriteEnvelope.extend({
  ...InvoiceRef.shape,
  stage: LetterStage,
  deadlineDays: z.number().int().min(1).max(90).default(10),
  settlement: z.object({ percentOff: z.number().int().min(1).max(90), payBy: CalendarDate }).optional(),
  paymentPlan: z.object({ instalments: z.number().int().min(2).max(36), everyDays: z.number().int().min(7).max(90) }).optional(),
  /** A person was told the stage this letter presumes (a formal demand before a final notice) is not on record, and chose to go on. */
  withoutEarlierStage: z.literal(true).optional(),
});
/** A letter offers a settlement or a payment plan, never both. */
export const oneOffer = {
  check: (r: { settlement?: unknown; paymentPlan?: unknown }) => !(r.settlement && r.paymentPlan),
  issue: { message: 'offer a settlement or a payment plan, not both', path: ['paymentPlan'] },
};

export const LetterRequest = LetterFields.strict().refine(oneOffer.check, oneOffer.issue);
export type LetterRequest = z.infer<typeof LetterRequest>;

/** A generated letter: the PDF itself and what the audit trail recorded about it. */
export const LetterResponse = z.object({
  fileName: z.string(),
  /** Whom the letter is to, as the backend has the customer. */
  customer: z.string(),
  /** Hex SHA-256 of the PDF's bytes, as recorded in the audit event. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'is not a SHA-256 in hex'),
  bytes: z.number().int(),
  pdfBase64: z.string(),
  stage: LetterStage,
  templateVersion: z.string(),
  totalDue: Money,
  deadline: CalendarDate,
  invoices: z.array(InvoiceNumber),
  /** What automation does now, in words. */
  automation: z.string(),
  /** Where emailing the letter would send it: the invoice's contact address, if it has one. */
  contactEmail: z.string().optional(),
});
export type LetterResponse = z.infer<typeof LetterResponse>;

/** A statement of account for the customer of one invoice: every open invoice of theirs in its currency. */
export const StatementRequest = WriteEnvelope.extend({ ...InvoiceRef.shape }).strict();
export type StatementRequest = z.infer<typeof StatementRequest>;

export const StatementResponse = z.object({
  fileName: z.string(),
  customer: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'is not a SHA-256 in hex'),
  bytes: z.number().int(),
  pdfBase64: z.string(),
  templateVersion: z.string(),
  totalDue: Money,
  invoices: z.array(InvoiceNumber),
});
export type StatementResponse = z.infer<typeof StatementResponse>;

/**
 * Hands the debt to a collection agency. Refused until a final notice before referral listed the
 * invoice and the deadline it gave has passed: the debtor always gets that last chance.
 */
export const ReferralRequest = WriteEnvelope.extend({
  ...InvoiceRef.shape,
  agency: singleLine(200).pipe(z.string().min(1, 'is empty')),
  reference: singleLine(100).optional(),
  notes: Notes.optional(),
}).strict();
export type ReferralRequest = z.infer<typeof ReferralRequest>;

export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'is not a SHA-256 in hex');

/**
 * Email a letter made earlier (named by its hash) to the invoice's contact. It goes as a reminder
 * through the dispatcher: business hours, the contact cap, suppression and the invoice's state
 * all apply, and it is never sent twice.
 */
export const EmailLetterRequest = WriteEnvelope.extend({ ...InvoiceRef.shape, sha256: Sha256Hex }).strict();
export type EmailLetterRequest = z.infer<typeof EmailLetterRequest>;

export const EmailLetterResponse = z.object({
  to: z.string(),
  /** The reminder that carries it, as the ladder view lists it. */
  stepId: z.string(),
  /** When the dispatcher may send it: now, or the next business-hours slot in the debtor's zone. */
  sendAt: Instant,
  fileName: z.string(),
});
export type EmailLetterResponse = z.infer<typeof EmailLetterResponse>;

// ---- Evidence pack -----------------------------------------------------------------------

export const EvidenceQuery = z
  .object({
    ...InvoiceRef.shape,
    /** This invoice alone, or every invoice of its customer. */
    scope: z.enum(['invoice', 'customer']).default('invoice'),
  })
  .strict();
export type EvidenceQuery = z.infer<typeof EvidenceQuery>;

/** The pack as the add-on saves it: a PDF summary and a CSV of every event, and the verdict on the chains. */
export const EvidenceResponse = z.object({
  fileStem: z.string(),
  customer: z.string(),
  invoices: z.array(InvoiceNumber),
  pdfBase64: z.string(),
  csv: z.string(),
  intact: z.boolean(),
  eventsChecked: z.number().int(),
  /** In words, as the PDF states it. */
  verdict: z.string(),
  firstBroken: VerifyResponse.shape.firstBroken,
});
export type EvidenceResponse = z.infer<typeof EvidenceResponse>;

// ---- Settings --------------------------------------------------------------------------

const knownPlaceholders = (text: string, ctx: z.core.$RefinementCtx<string>) => {
  const problem = placeholderProblem(text, EMAIL_PLACEHOLDERS);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
};

export const EmailTemplate = z.object({
  subject: singleLine(200).pipe(z.string().min(1, 'is empty')).superRefine(knownPlaceholders),
  body: multiLine(10_000).pipe(z.string().min(1, 'is empty')).superRefine(knownPlaceholders),
  /** The customer's statement of account goes with this email as a PDF (not with the thank-you note). */
  attachStatement: z.boolean().optional(),
});
export type EmailTemplate = z.infer<typeof EmailTemplate>;

const MAX_TEMPLATES = 40;
const MAX_SETTINGS_CHARS = 200_000;

export const LedgerSettings = z
  .object({
    ledgerName: singleLine(120),
    timeZone: TimeZone,
    currency: CurrencyCode,
    aging: AgingConfig,
    ladder: Ladder,
    cap: ContactCap,
    businessHours: BusinessWindow,
    senderName: singleLine(80).pipe(z.string().min(1, 'is empty')),
    replyTo: EmailAddress,
    signature: multiLine(1000),
    paymentInstructions: multiLine(2000),
    /** The team's pay-online link, e.g. https://pay.example.com/?invoice={{invoice_number}}; a row's own link wins. */
    paymentLink: PaymentLinkTemplate.optional(),
    templates: z
      .record(TemplateId, EmailTemplate)
      .refine((t) => Object.keys(t).length <= MAX_TEMPLATES, { message: `must hold at most ${MAX_TEMPLATES} templates` }),
    fees: FeePolicy,
    disputeReasons: DisputeReasons,
    /** The team's own opening and closing paragraphs per letter stage; absent means the standard wording. */
    letterTemplates: LetterTemplates.default({}),
    /** Automatic steps wait for a person to approve them in the sidebar. */
    reviewBeforeSend: z.boolean().default(false),
    dailyDigestTo: EmailAddress.optional(),
    /** Render everything, send nothing. */
    dryRun: z.boolean().default(false),
    thankYouOnPayment: z.boolean().default(false),
  })
  .strict()
  // A DynamoDB item holds 400 KB; settings that would not fit are refused here, not by a 500 later.
  .refine((s) => JSON.stringify(s).length <= MAX_SETTINGS_CHARS, {
    message: `are too large to keep: at most ${MAX_SETTINGS_CHARS / 1000} KB of templates and wording in all`,
  });
export type LedgerSettings = z.infer<typeof LedgerSettings>;

/** GET /v1/holidays: a country's (or one of its regions') public holidays in a year, for Settings > Sending. */
export const HolidaysQuery = z
  .object({
    country: z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter country code such as US or DE'),
    region: z
      .string()
      .regex(/^[A-Z0-9]{1,3}$/, 'must be a region code such as CA or BY')
      .optional(),
    year: z.coerce
      .number({ error: 'must be a year' })
      .int('must be a year')
      .min(2000, 'must be 2000 or later')
      .max(2100, 'must be 2100 or earlier'),
  })
  .strict();
export type HolidaysQuery = z.infer<typeof HolidaysQuery>;

const NamedCode = z.object({ code: z.string(), name: z.string() });

export const HolidaysResponse = z.object({
  country: z.string(),
  region: z.string().optional(),
  year: z.number().int(),
  /** Days off by law, with the days they are observed on when they fall on a weekend. */
  holidays: z.array(z.object({ date: CalendarDate, name: z.string() })),
  /** The country's regions with holidays of their own, to choose from. */
  regions: z.array(NamedCode),
});
export type HolidaysResponse = z.infer<typeof HolidaysResponse>;

/** GET /v1/holidays/countries: the countries whose public holidays are known. */
export const HolidayCountriesResponse = z.object({ countries: z.array(NamedCode) });
export type HolidayCountriesResponse = z.infer<typeof HolidayCountriesResponse>;

/** GET /v1/settings: the sheet's facts, for settings not kept yet (their defaults come from the sheet). */
export const SettingsQuery = z.object({ ledgerId: LedgerId, timeZone: TimeZone.optional(), currency: CurrencyCode.optional() }).strict();
export type SettingsQuery = z.infer<typeof SettingsQuery>;

export const PutSettingsRequest = WriteEnvelope.extend({
  ledgerId: LedgerId,
  settings: LedgerSettings,
  /** When this save switches review off: whether the steps it held are sent at their next sending time or cancelled. Required then, if any are held. */
  heldSteps: z.enum(['send', 'cancel']).optional(),
}).strict();
export type PutSettingsRequest = z.infer<typeof PutSettingsRequest>;

// ---- Errors ----------------------------------------------------------------------------

export const ApiErrorCode = z.enum([
  'bad_request',
  'unauthenticated',
  'forbidden',
  /** Hosted: a verified person whose team has not signed up yet (the add-on offers the sign-up). */
  'not_signed_up',
  'not_found',
  'conflict',
  'payload_too_large',
  'rate_limited',
  'internal',
]);
export type ApiErrorCode = z.infer<typeof ApiErrorCode>;

export const ApiError = z.object({
  error: z.object({
    code: ApiErrorCode,
    message: z.string(),
    /** For bad_request: each field that failed and why ("invoices.3.dueDate: is not a day on the calendar"). */
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    requestId: z.string().optional(),
  }),
});
export type ApiError = z.infer<typeof ApiError>;

/** Turns zod issues into the field paths and reasons an ApiError carries. */
export function describeIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    message: issue.message,
  }));
}
