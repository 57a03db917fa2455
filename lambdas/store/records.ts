import * as z from 'zod';
import { ContactChannel, InvoiceSnapshot, LedgerSettings, ReminderState } from '../../shared/api/contract';
import { EscalationEvent } from '../../shared/escalation/next-step';
import { CalendarDate } from '../../shared/time/calendar-date';

/**
 * What the main table holds, parsed with zod on every read: an item changed by hand in the
 * console must fail loudly here, not deep inside the dispatcher.
 */
export const InvoiceRecord = z.object({
  tenant: z.string(),
  ledgerId: z.string(),
  invoiceNumber: z.string(),
  snapshot: InvoiceSnapshot,
  /** Optimistic lock: every write is conditional on the version it read. */
  version: z.number().int(),
  updatedAt: z.string(),
  /** Set when the due date was moved later while overdue. */
  reagedAt: z.string().optional(),
  pause: z.object({ until: CalendarDate.optional(), note: z.string().optional(), at: z.string() }).optional(),
  dispute: z.object({ reason: z.string(), openedAt: z.string() }).optional(),
  bankruptcy: z.object({ recordedAt: z.string(), caseNumber: z.string().optional() }).optional(),
  /** A projection of the audit trail that the ladder needs: steps handled, promises, pauses. */
  escalation: z.array(EscalationEvent).default([]),
  /** The ledger day a sync first saw it paid (unknown for invoices already paid when first seen). */
  settledOn: CalendarDate.optional(),
  /** The latest final notice before referral that listed this invoice: referral opens after its deadline. */
  finalNotice: z.object({ on: CalendarDate, deadline: CalendarDate, sha256: z.string() }).optional(),
  /** Referred to a collection agency: the creditor's own chasing stops. */
  referral: z.object({ agency: z.string(), reference: z.string().optional(), at: z.string() }).optional(),
  /** The latest contact a person logged, for the ledger's status columns without reading the audit trail. */
  lastContact: z.object({ at: z.string(), channel: ContactChannel }).optional(),
});
export type InvoiceRecord = z.infer<typeof InvoiceRecord>;

export const ReminderRecord = z.object({
  tenant: z.string(),
  ledgerId: z.string(),
  invoiceNumber: z.string(),
  stepId: z.string(),
  label: z.string(),
  templateId: z.string(),
  /** The instant it is due to go (business hours in the debtor's zone already applied). */
  sendAt: z.string(),
  state: ReminderState,
  reason: z.string().optional(),
  updatedAt: z.string(),
  sesMessageId: z.string().optional(),
  /** A person chose to send outside business hours or past the cap; audited. */
  override: z.boolean().optional(),
  /** Who set this send time (reschedule, send now): a change to the ladder leaves it where they put it. */
  timedBy: z.string().optional(),
  /** While SENDING: which dispatcher run holds it, until when, and the SES batch it went in. */
  owner: z.string().optional(),
  leaseUntil: z.string().optional(),
  batchId: z.string().optional(),
  /** While UNKNOWN: when an unconfirmed send becomes NEEDS_REVIEW. */
  reviewAt: z.string().optional(),
  /**
   * Set with an outcome (SENT, SKIPPED...) whose follow-up is not done yet: the email.sent event,
   * the contact-cap record, the next step. Cleared when done; a run that dies first leaves it, and
   * the next run's sweep finishes the work, so no ladder stops for want of its next step.
   */
  followUpAt: z.string().optional(),
  /** NEEDS_REVIEW only: SES refused it outright, so it certainly did not go and may be sent again. */
  notSent: z.literal(true).optional(),
  /** Sends that met throttling or a transient error, for the backoff. */
  attempts: z.number().int().optional(),
  /** A demand letter emailed as a PDF attachment (the bytes are in its LetterRecord). */
  letter: z
    .object({ sha256: z.string(), fileName: z.string(), title: z.string(), totalDue: z.string(), deadline: CalendarDate })
    .optional(),
});
export type ReminderRecord = z.infer<typeof ReminderRecord>;

/** The automated emails sent to one address in a ledger, newest last: what the contact cap counts. */
export const DebtorLogRecord = z.object({
  sentAt: z.array(z.number().int()),
  /** The send batches counted, beside sentAt: a retried or replayed record of one batch counts once. */
  batches: z.array(z.string()).default([]),
  version: z.number().int(),
  /** The dispatcher run that holds the address while it sends to it, if any. */
  leaseOwner: z.string().optional(),
});
export type DebtorLogRecord = z.infer<typeof DebtorLogRecord>;

/** An address that bounced permanently or complained: never emailed again by this tenant. */
export const SuppressionRecord = z.object({ email: z.string(), reason: z.string(), at: z.string() });
export type SuppressionRecord = z.infer<typeof SuppressionRecord>;

/** Why nothing goes to a suppressed address, in the words the dispatcher and the sheet use. */
export function suppressedBecause(s: SuppressionRecord): string {
  return `emails to ${s.email} are blocked because ${s.reason}; correct the address, then resume`;
}

/** Which reminders one SES message carried: SES events name the batch, this names the reminders. */
export const SendBatchRecord = z.object({
  tenant: z.string(),
  batchId: z.string(),
  to: z.string(),
  reminders: z.array(z.object({ ledgerId: z.string(), invoiceNumber: z.string(), stepId: z.string() })),
  /**
   * What the email said, written before SES is called: whoever settles the send later (this run,
   * a sweep, an SES event after a timeout) records the same email.sent from it.
   */
  about: z
    .object({
      subject: z.string(),
      invoices: z.array(z.string()),
      attachment: z
        .object({
          fileName: z.string(),
          sha256: z.string(),
          bytes: z.number().int(),
          /** What the PDF is: a demand letter (absent in records from before statements were attached) or a statement of account. */
          kind: z.enum(['letter', 'statement']).optional(),
        })
        .optional(),
    })
    .optional(),
  /** When the send was attempted (epoch ms): the instant the contact cap counts. */
  attemptedAt: z.number().int().optional(),
});
export type SendBatchRecord = z.infer<typeof SendBatchRecord>;

/** A tenant's sending paused because its bounce or complaint rate put the account at risk. */
export const ReputationRecord = z.object({ paused: z.boolean(), reason: z.string(), at: z.string() });
export type ReputationRecord = z.infer<typeof ReputationRecord>;

const CustomerPause = z.object({
  at: z.string(),
  resumeOn: CalendarDate.optional(),
  note: z.string().optional(),
  by: z.string().optional(),
  /** The customer's reply that paused them (or came while paused): on the worklist until a person resumes. */
  reply: z
    .object({
      at: z.string(),
      from: z.string().optional(),
      subject: z.string(),
      invoiceNumbers: z.array(z.string()),
      messageId: z.string(),
    })
    .optional(),
});
const CustomerBankruptcy = z.object({
  at: z.string(),
  caseNumber: z.string().optional(),
  court: z.string().optional(),
  filedOn: CalendarDate.optional(),
  notes: z.string().optional(),
  by: z.string().optional(),
});
const CustomerDoNotContact = z.object({ at: z.string(), reason: z.string(), by: z.string().optional() });

/** Items written when this held only a pause kept it at the top level: read as a pause. */
function legacyPause(item: unknown): unknown {
  if (typeof item !== 'object' || item === null || !('at' in item) || 'pause' in item) return item;
  const { at, resumeOn, note, ...rest } = item as Record<string, unknown>;
  return { ...rest, pause: { at, ...(resumeOn !== undefined && { resumeOn }), ...(note !== undefined && { note }) } };
}

/**
 * What stops chasing a whole customer in a ledger: every invoice of it, present and future rows
 * (the planner looks it up by the customer's name). Each part is put and lifted on its own; the
 * item goes when none is left.
 */
export const CustomerHoldRecord = z.preprocess(
  legacyPause,
  z.object({
    tenant: z.string(),
    ledgerId: z.string(),
    customer: z.string(),
    pause: CustomerPause.optional(),
    bankruptcy: CustomerBankruptcy.optional(),
    doNotContact: CustomerDoNotContact.optional(),
  }),
);
export type CustomerHoldRecord = z.output<typeof CustomerHoldRecord>;

export const SettingsRecord = z.object({ settings: LedgerSettings, updatedAt: z.string() });
export type SettingsRecord = z.infer<typeof SettingsRecord>;

/**
 * A rendered letter's PDF, kept for a while so it can be emailed exactly as it was made (the
 * dispatcher attaches these bytes, whose hash the audit trail holds).
 */
export const LetterRecord = z.object({
  tenant: z.string(),
  ledgerId: z.string(),
  invoiceNumber: z.string(),
  sha256: z.string(),
  fileName: z.string(),
  title: z.string(),
  totalDue: z.string(),
  deadline: CalendarDate,
  createdAt: z.string(),
  pdf: z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'is not bytes'),
});
export type LetterRecord = z.infer<typeof LetterRecord>;
