/**
 * What the sidebar (in the user's browser) may call on the add-on's server side through
 * google.script.run, and what comes back. google.script.run carries only plain data (no Date,
 * no functions), so every value here is a string, number, boolean, array or plain object.
 * The server implements this interface (`satisfies SidebarApi`); the client's promise wrapper
 * is typed from it, so the two cannot drift.
 */
import * as z from 'zod';
import type { InvitationView } from './tenant-contract';
import {
  AuditEventView,
  ContactChannel,
  ContactOutcome,
  type ApproveDueResponse,
  type BulkActionResponse,
  type CustomerHoldResponse,
  type WorklistResponse,
  EmailLetterRequest,
  type EmailLetterResponse,
  ReferralRequest,
  type EmailPreview,
  Instant,
  InvoiceNumber,
  LetterFields,
  oneOffer,
  RemindersResponse,
  RequestId,
  type TestReminderResponse,
} from './contract';
import { DisputeReason } from '../disputes';
import { PaymentBehaviour } from '../escalation/payment-behaviour';
import { CalendarDate } from '../time/calendar-date';
import { multiLine, singleLine } from '../text';

/** Expected failures come back as values; a thrown error reaches the client's failure handler. */
export type SidebarResult<T> =
  | { ok: true; data: T }
  /** `fields` names each form field that was refused, with the reason. */
  | { ok: false; error: { code: string; message: string; fields?: Record<string, string> } };

export const SelectedInvoiceView = z.discriminatedUnion('state', [
  /** The active sheet holds no ledger we can read (with the reason). */
  z.object({ state: z.literal('no-ledger'), sheetName: z.string(), message: z.string() }),
  /** The active sheet is not the ledger's (the aging report, a notes tab): where the invoices are. */
  z.object({ state: z.literal('other-sheet'), sheetName: z.string(), ledgerSheet: z.string() }),
  /** The selection is on or above the header row. */
  z.object({ state: z.literal('header-row'), sheetName: z.string(), row: z.number() }),
  /** A blank row, a total line, or a row we could not read (with the reasons). */
  z.object({ state: z.literal('not-an-invoice'), sheetName: z.string(), row: z.number(), reasons: z.array(z.string()) }),
  z.object({
    state: z.literal('invoice'),
    sheetName: z.string(),
    row: z.number(),
    invoice: z.object({
      invoiceNumber: z.string(),
      customer: z.string(),
      contactEmail: z.string().optional(),
      contactName: z.string().optional(),
      invoiceDate: z.string().optional(),
      dueDate: z.string(),
      amount: z.string(),
      balance: z.string(),
      status: z.string(),
      timeZone: z.string().optional(),
    }),
    daysPastDue: z.number(),
    /** The aging bucket, with the colors its rows have in the sheet. */
    bucket: z.object({ id: z.string(), label: z.string(), background: z.string(), text: z.string() }),
    /** The customer's open invoices in this ledger, this one included. */
    customerOpen: z.object({ count: z.number(), total: z.string() }),
    /** Warnings the reader had about this row (a contact that is not an email...). */
    warnings: z.array(z.string()),
  }),
]);
export type SelectedInvoiceView = z.infer<typeof SelectedInvoiceView>;

/** What the backend knows of one invoice: its audit trail (newest first) and its reminder ladder. */
export const InvoiceActivityView = z.object({
  invoiceNumber: InvoiceNumber,
  events: z.array(AuditEventView),
  /** More events exist than were fetched. */
  moreEvents: z.boolean(),
  reminders: RemindersResponse,
  /** The sheet user's zone, beside the debtor's in `reminders.debtorTimeZone`. */
  userTimeZone: z.string(),
  /** The signed-in user: where "send a test to me" goes. */
  userEmail: z.string(),
  /** The ledger's dispute reasons, as the team set them in Settings. */
  disputeReasons: z.array(z.string()),
  /** How the customer pays (average days late, promises broken); absent if it could not be read. */
  behaviour: PaymentBehaviour.optional(),
});
export type InvoiceActivityView = z.infer<typeof InvoiceActivityView>;

/**
 * The Log a contact form as the sidebar sends it. The request id is made once per submission in
 * the browser and sent again on a retry, so a save that reached the backend is not written twice.
 */
export const LogContactForm = z
  .object({
    requestId: RequestId,
    invoiceNumber: InvoiceNumber,
    channel: ContactChannel,
    reached: singleLine(200).optional(),
    outcome: ContactOutcome,
    notes: multiLine(4000).optional(),
    /** A promise to pay: a date, and an amount as typed (the invoice's balance when empty). */
    promise: z.object({ date: CalendarDate, amount: singleLine(40).optional() }).optional(),
    dispute: z.object({ reason: DisputeReason }).optional(),
  })
  .strict();
export type LogContactForm = z.infer<typeof LogContactForm>;
/** What the browser sends: unchecked until the server parses it. */
export type LogContactInput = z.input<typeof LogContactForm>;

/** The way back from a dispute: how it ended, and a note. */
export const ResolveDisputeForm = z
  .object({
    requestId: RequestId,
    invoiceNumber: InvoiceNumber,
    resolution: z.enum(['in_our_favour', 'credit_issued', 'written_off', 'withdrawn']),
    notes: z.string().max(2000).optional(),
  })
  .strict();
export type ResolveDisputeInput = z.input<typeof ResolveDisputeForm>;

/**
 * A hold on the whole customer, or its way back (see CustomerHoldRequest): the server adds the
 * ledger, and the backend judges the fields each action needs, naming any it refuses.
 */
export const CustomerHoldForm = z
  .object({
    requestId: RequestId,
    customer: z.string().min(1).max(200),
    action: z.enum(['pause', 'resume', 'bankruptcy', 'lift_bankruptcy', 'do_not_contact', 'allow_contact']),
    resumeOn: z.string().max(10).optional(),
    note: z.string().max(4000).optional(),
    caseNumber: z.string().max(80).optional(),
    court: z.string().max(200).optional(),
    filedOn: z.string().max(10).optional(),
    notes: z.string().max(4000).optional(),
    reason: z.string().max(300).optional(),
  })
  .strict();
export type CustomerHoldInput = z.input<typeof CustomerHoldForm>;

/** Withdraws the promise the ladder follows, or corrects its day and amount (as typed). */
export const PromiseChangeForm = z.discriminatedUnion('action', [
  z
    .object({ requestId: RequestId, invoiceNumber: InvoiceNumber, action: z.literal('withdraw'), notes: z.string().max(4000).optional() })
    .strict(),
  z
    .object({
      requestId: RequestId,
      invoiceNumber: InvoiceNumber,
      action: z.literal('correct'),
      promisedFor: CalendarDate,
      amount: singleLine(40),
      notes: z.string().max(4000).optional(),
    })
    .strict(),
]);
export type PromiseChangeInput = z.input<typeof PromiseChangeForm>;

/** Withdraws a contact logged by mistake (its event's seq), with why. */
export const ReverseContactForm = z
  .object({ requestId: RequestId, invoiceNumber: InvoiceNumber, seq: z.number().int().min(1), reason: singleLine(300) })
  .strict();
export type ReverseContactInput = z.input<typeof ReverseContactForm>;

export const ReminderActionForm = z.discriminatedUnion('action', [
  z.object({ requestId: RequestId, invoiceNumber: InvoiceNumber, action: z.literal('pause'), until: CalendarDate.optional() }).strict(),
  z.object({ requestId: RequestId, invoiceNumber: InvoiceNumber, action: z.literal('resume') }).strict(),
  z.object({ requestId: RequestId, invoiceNumber: InvoiceNumber, action: z.literal('cancel'), reminderId: z.string().max(128) }).strict(),
  /** In review mode: the held step goes at its time. */
  z.object({ requestId: RequestId, invoiceNumber: InvoiceNumber, action: z.literal('approve'), reminderId: z.string().max(128) }).strict(),
  /** In review mode: the held step is never sent; the ladder moves on. */
  z
    .object({
      requestId: RequestId,
      invoiceNumber: InvoiceNumber,
      action: z.literal('reject'),
      reminderId: z.string().max(128),
      note: z.string().max(4000).optional(),
    })
    .strict(),
  /** A call or letter whose day has come, dismissed with why. */
  z
    .object({
      requestId: RequestId,
      invoiceNumber: InvoiceNumber,
      action: z.literal('dismiss'),
      reminderId: z.string().max(128),
      note: z.string().max(4000),
    })
    .strict(),
  /** Kept inside business hours and the cap: the sidebar offers no override. */
  z.object({ requestId: RequestId, invoiceNumber: InvoiceNumber, action: z.literal('send_now'), reminderId: z.string().max(128) }).strict(),
  z
    .object({
      requestId: RequestId,
      invoiceNumber: InvoiceNumber,
      action: z.literal('reschedule'),
      reminderId: z.string().max(128),
      sendAt: Instant,
    })
    .strict(),
]);
export type ReminderActionForm = z.infer<typeof ReminderActionForm>;
export type ReminderActionInput = z.input<typeof ReminderActionForm>;

/** The sidebar's letter form: the backend's request without the ledger id, which the server adds. */
export const LetterForm = LetterFields.omit({ ledgerId: true }).strict().refine(oneOffer.check, oneOffer.issue);
export type LetterInput = z.input<typeof LetterForm>;

export const LetterSaved = z.object({
  fileName: z.string(),
  url: z.string(),
  sha256: z.string(),
  totalDue: z.string(),
  deadline: z.string(),
  invoices: z.array(z.string()),
  automation: z.string(),
  /** The sheet row the letter was noted on, if the invoice was still found there. */
  notedOnRow: z.number().optional(),
  /** Where emailing it would send it (the invoice's contact), shown before anything is sent. */
  contactEmail: z.string().optional(),
});
export type LetterSaved = z.infer<typeof LetterSaved>;

/** Emailing a letter just made, after the person confirmed the recipient the sidebar named. */
export const EmailLetterForm = EmailLetterRequest.omit({ ledgerId: true }).strict();
export type EmailLetterInput = z.input<typeof EmailLetterForm>;

/** Referring the invoice to a collection agency, as the sidebar sends it (the server adds the ledger). */
export const ReferralForm = ReferralRequest.omit({ ledgerId: true }).strict();
export type ReferralInput = z.input<typeof ReferralForm>;

/** Which evidence pack: the selected invoice alone, or all invoices of its customer. */
export const EvidenceForm = z.object({ invoiceNumber: InvoiceNumber, scope: z.enum(['invoice', 'customer']) }).strict();
export type EvidenceInput = z.input<typeof EvidenceForm>;

export const EvidenceSaved = z.object({
  pdfUrl: z.string(),
  csvUrl: z.string(),
  fileStem: z.string(),
  invoices: z.array(z.string()),
  eventsChecked: z.number(),
  intact: z.boolean(),
  verdict: z.string(),
});
export type EvidenceSaved = z.infer<typeof EvidenceSaved>;

/** A statement of account for the customer of this invoice. */
/** Hosted: the sidebar's sign-up of the user's team (the backend's SignUpRequest checks the rest). */
export const SignUpForm = z.object({ requestId: RequestId, name: z.string().max(500), joinByDomain: z.boolean() }).strict();
export type SignUpInput = z.input<typeof SignUpForm>;
export const JoinTeamForm = z.object({ requestId: RequestId }).strict();
export type JoinTeamInput = z.input<typeof JoinTeamForm>;
export const TeamSignedUp = z.object({ name: z.string(), tenantId: z.string(), domain: z.string().optional() });
export type TeamSignedUp = z.infer<typeof TeamSignedUp>;

export const StatementForm = z.object({ requestId: RequestId, invoiceNumber: InvoiceNumber }).strict();
export type StatementInput = z.input<typeof StatementForm>;

export const StatementSaved = z.object({
  fileName: z.string(),
  url: z.string(),
  sha256: z.string(),
  /** The balance it states, as the sheet's locale writes money. */
  totalDue: z.string(),
  invoices: z.array(z.string()),
});
export type StatementSaved = z.infer<typeof StatementSaved>;

/** The rows selected in the ledger sheet (a block of rows): the invoices in them, for one action on all. */
export const SelectedRowsView = z.object({
  sheetName: z.string(),
  first: z.number().int(),
  last: z.number().int(),
  invoices: z.array(z.object({ invoiceNumber: InvoiceNumber, customer: z.string(), row: z.number().int() })),
  /** Selected rows that hold no invoice (the header, blank or total lines, unreadable rows). */
  notInvoices: z.number().int(),
  /** Why none could be read, when the sheet holds no ledger. */
  message: z.string().optional(),
});
export type SelectedRowsView = z.infer<typeof SelectedRowsView>;

/** One action on the invoices the person confirmed (named, so a selection changed meanwhile is not acted on). */
export const BulkActionForm = z.discriminatedUnion('action', [
  z.object({ requestId: RequestId, invoiceNumbers: z.array(InvoiceNumber).max(200), action: z.literal('approve') }).strict(),
  z
    .object({
      requestId: RequestId,
      invoiceNumbers: z.array(InvoiceNumber).max(200),
      action: z.literal('pause'),
      until: CalendarDate.optional(),
      note: multiLine(4000).optional(),
    })
    .strict(),
  z
    .object({ requestId: RequestId, invoiceNumbers: z.array(InvoiceNumber).max(200), action: z.literal('note'), note: multiLine(4000) })
    .strict(),
]);
export type BulkActionInput = z.input<typeof BulkActionForm>;

export interface SidebarApi {
  getSelectedInvoice(): SidebarResult<SelectedInvoiceView>;
  /** Which sheet and row are selected: a few cheap calls, no reading of the ledger, so the sidebar can poll it and follow. */
  getSelectionKey(): string;
  getInvoiceActivity(invoiceNumber: string): SidebarResult<InvoiceActivityView>;
  /** Saves the contact (and the promise or dispute with it); says what automation does now. */
  logContact(form: LogContactInput): SidebarResult<{ automation: string }>;
  actOnReminders(form: ReminderActionInput): SidebarResult<RemindersResponse>;
  /** Closes the invoice's open dispute with how it ended; chasing resumes where the ladder says. */
  resolveDispute(form: ResolveDisputeInput): SidebarResult<{ automation: string }>;
  /** Withdraws or corrects the promise to pay the ladder follows. */
  changePromise(form: PromiseChangeInput): SidebarResult<{ automation: string }>;
  /** Withdraws a contact logged by mistake; the original stays in the timeline, marked. */
  reverseContact(form: ReverseContactInput): SidebarResult<{ automation: string }>;
  /** The ledger's "your turn": what waits for a person, most pressing first. */
  getWorklist(): SidebarResult<WorklistResponse>;
  /** Approves every step held for review that is due today, in the whole ledger. */
  approveDueToday(requestId: string): SidebarResult<ApproveDueResponse>;
  /** Selects that row of the ledger, so the sidebar shows its invoice. */
  goToRow(row: number): SidebarResult<{ row: number }>;
  /** The invoices in the block of rows selected in the ledger sheet. */
  getSelectedRows(): SidebarResult<SelectedRowsView>;
  /** Approves held emails, pauses, or logs the same note on the invoices named, under one request id. */
  actOnSelection(form: BulkActionInput): SidebarResult<BulkActionResponse>;
  /** Pauses, records a bankruptcy or a do-not-contact for the whole customer, or lifts one. */
  holdCustomer(form: CustomerHoldInput): SidebarResult<CustomerHoldResponse>;
  /** An email step as the dispatcher will send it. */
  previewReminder(invoiceNumber: string, stepId: string): SidebarResult<EmailPreview>;
  /** That email, sent to the signed-in user alone, marked as a test. */
  sendTestReminder(invoiceNumber: string, stepId: string): SidebarResult<TestReminderResponse>;
  /** Asks the backend for the letter, saves the PDF in Drive and notes it on the row. */
  generateLetter(form: LetterInput): SidebarResult<LetterSaved>;
  /** Queues a letter to be emailed with the PDF attached; the dispatcher sends it within the rules. */
  emailLetter(form: EmailLetterInput): SidebarResult<EmailLetterResponse>;
  /** Refused by the backend, with the reason, until a final notice's deadline has passed. */
  referInvoice(form: ReferralInput): SidebarResult<{ automation: string }>;
  /** Builds the evidence pack and saves its PDF and CSV in Drive. */
  exportEvidence(form: EvidenceInput): SidebarResult<EvidenceSaved>;
  /** Asks the backend for the customer's statement of account and saves the PDF in Drive beside the letters. */
  makeStatement(form: StatementInput): SidebarResult<StatementSaved>;
  /** Hosted: signs the user's team up, the user its owner; offered when the backend says the team has not. */
  signUpTeam(form: SignUpInput): SidebarResult<TeamSignedUp>;
  /** Hosted: the invitation waiting for the user, if any (`null`), offered beside the sign-up. */
  getTeamInvitation(): SidebarResult<InvitationView | null>;
  /** Hosted: joins the team that invited the user. */
  joinTeam(form: JoinTeamInput): SidebarResult<TeamSignedUp>;
}
