/**
 * Every audit event in words, for the sidebar's timeline and the evidence pack: one wording, so
 * what a user saw and what a court reads are the same sentences.
 */
import type { AuditEventView } from '../api/contract';
import { FIELD_LABELS, type LedgerField } from '../ledger/ledger-columns';

/** How an event reads in the timeline: a title, details, and whether it must stand out. */
export interface EventLine {
  title: string;
  detail: string[];
  /** Bounces, complaints and sends that need a person's review are shown as warnings. */
  attention: boolean;
}

const CHANNELS: Record<string, string> = { call: 'Call', email: 'Email', letter: 'Letter', meeting: 'Meeting', note: 'Note' };
const OUTCOMES: Record<string, string> = {
  reached: 'reached them',
  left_message: 'left a message',
  no_answer: 'no answer',
  wrong_contact: 'wrong contact',
  promised_to_pay: 'promised to pay',
  disputed: 'disputed it',
  refused: 'refused to pay',
  says_paid: 'says it is paid',
  other: 'other',
};

const LETTER_STAGES: Record<string, string> = {
  past_due_notice: 'past-due notice',
  formal_demand: 'formal demand',
  final_notice: 'final notice before referral',
};

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const money = (value: unknown): string | undefined => {
  if (typeof value !== 'object' || value === null) return undefined;
  const { minor, currency } = value as { minor?: unknown; currency?: unknown };
  if (typeof minor !== 'number' || typeof currency !== 'string') return undefined;
  // Two decimals is right for the currencies a sidebar user types; the ledger shows the exact form.
  return `${(minor / 100).toFixed(2)} ${currency}`;
};

/** Steps that are not rungs a team names: said in words, never by their ids. */
const FIXED_STEPS: Record<string, string> = { 'thank-you': 'Thank-you note', tail: 'Repeat reminder' };

/**
 * Every event type the backend writes has words here; an unknown one still shows, by its type.
 * Steps are named by the label the event carries, else the ladder's (`labels`, by step id), so
 * a person reads "Overdue reminder", not "overdue-15".
 */
// eslint-disable-next-line max-lines-per-function -- one case per event type: every event's words in one table, and an unknown type falls through to its own name
export function describeEvent(
  event: Pick<AuditEventView, 'type' | 'data'>,
  when: (iso: string) => string = (iso) => new Date(iso).toLocaleString(),
  labels: Readonly<Record<string, string>> = {},
): EventLine {
  const d = event.data;
  const stepId = text(d.stepId);
  const step =
    text(d.label) ??
    (stepId && (labels[stepId] ?? FIXED_STEPS[stepId] ?? (stepId.startsWith('letter-email-') ? 'Letter by email' : undefined))) ??
    stepId;
  const reason = text(d.reason);
  const line = (title: string, detail: (string | undefined)[] = [], attention = false): EventLine => ({
    title,
    detail: detail.filter((x): x is string => x !== undefined),
    attention,
  });
  switch (event.type) {
    case 'contact.logged':
      return line(`${CHANNELS[text(d.channel) ?? ''] ?? 'Contact'}: ${OUTCOMES[text(d.outcome) ?? ''] ?? text(d.outcome) ?? ''}`, [
        text(d.reached) && `With ${text(d.reached)}`,
        text(d.notes),
      ]);
    case 'promise.recorded':
      return line(`Promise to pay by ${text(d.promisedFor) ?? '?'}`, [money(d.amount), text(d.notes)]);
    case 'promise.broken':
      return line(
        `Promise to pay by ${text(d.promisedFor) ?? '?'} not kept: call the customer`,
        [money(d.amount), text(d.invoiceNumber) && `Invoice ${text(d.invoiceNumber) ?? ''}`],
        true,
      );
    case 'promise.withdrawn':
      return line(`Promise to pay by ${text(d.promisedFor) ?? '?'} withdrawn`, [money(d.amount), text(d.notes)]);
    case 'promise.corrected': {
      const from = typeof d.from === 'object' && d.from !== null ? (d.from as Record<string, unknown>) : {};
      return line(`Promise corrected: pay by ${text(d.promisedFor) ?? '?'}`, [
        money(d.amount),
        text(from.promisedFor) && `Was ${text(from.promisedFor) ?? ''}${money(from.amount) ? `, ${money(from.amount) ?? ''}` : ''}`,
        text(d.notes),
      ]);
    }
    case 'contact.reversed': {
      const original = typeof d.original === 'object' && d.original !== null ? (d.original as Record<string, unknown>) : {};
      const what = `${CHANNELS[text(original.channel) ?? ''] ?? 'Contact'}: ${OUTCOMES[text(original.outcome) ?? ''] ?? text(original.outcome) ?? ''}`;
      return line(`Contact withdrawn (event ${typeof d.seq === 'number' ? d.seq : '?'}): ${what}`, [reason && `Why: ${reason}`]);
    }
    case 'dispute.opened':
      return line(`Dispute opened: ${text(d.reason) ?? ''}`, [text(d.notes)]);
    case 'dispute.resolved':
      return line(`Dispute resolved (${(text(d.resolution) ?? '').replace(/_/g, ' ')})`, [text(d.notes)]);
    case 'bankruptcy.recorded':
      return line(
        text(d.customer) ? `Bankruptcy of ${text(d.customer) ?? ''} recorded: no contact with any of its invoices` : 'Bankruptcy recorded',
        [text(d.caseNumber) && `Case ${text(d.caseNumber)}`, text(d.court), text(d.filedOn) && `Filed ${text(d.filedOn)}`, text(d.notes)],
      );
    case 'bankruptcy.lifted':
      return line(`Bankruptcy of ${text(d.customer) ?? 'the customer'} lifted: chasing may resume`, [
        text(d.caseNumber) && `Case ${text(d.caseNumber)}`,
        text(d.notes),
      ]);
    case 'contact.barred':
      return line(`${text(d.customer) ?? 'The customer'} is not to be contacted`, [text(d.reason)]);
    case 'contact.allowed':
      return line(`${text(d.customer) ?? 'The customer'} may be contacted again`, [
        text(d.reason) && `It had asked: ${text(d.reason)}`,
        text(d.notes),
      ]);
    case 'customer.paused':
      return line(`Reminders to ${text(d.customer) ?? 'the customer'} paused`, [
        text(d.resumeOn) && `Until ${text(d.resumeOn)}`,
        text(d.note),
      ]);
    case 'customer.hold_applies': {
      const field = (key: string) => (typeof d[key] === 'object' && d[key] !== null ? (d[key] as Record<string, unknown>) : undefined);
      const [bankruptcy, barred, pause] = [field('bankruptcy'), field('doNotContact'), field('pause')];
      return line(`Added while ${text(d.customer) ?? 'the customer'} is held: nothing is sent about it`, [
        bankruptcy && `In bankruptcy proceedings${text(bankruptcy.caseNumber) ? ` (case ${text(bankruptcy.caseNumber) ?? ''})` : ''}`,
        barred && `Not to be contacted: ${text(barred.reason) ?? ''}`,
        pause && `Reminders paused${text(pause.resumeOn) ? ` until ${text(pause.resumeOn) ?? ''}` : ''}`,
      ]);
    }
    case 'task.dismissed':
      return line(`Dismissed, not done: ${text(d.label) ?? step ?? ''}`, [text(d.reason) && `Why: ${text(d.reason) ?? ''}`]);
    case 'customer.resumed':
      return line(`Reminders to ${text(d.customer) ?? 'the customer'} resumed`, [text(d.note)]);
    case 'email.replied':
      return line(
        d.autoReply ? 'Automatic reply received (an out-of-office or similar): nothing paused' : 'The customer replied: your turn',
        [
          text(d.subject) && `“${text(d.subject)}”`,
          text(d.autoReply) && `How it was recognised: ${text(d.autoReply) ?? ''}`,
          text(d.from) && `From ${text(d.from)}`,
          text(d.words),
          text(d.sha256) && `Message SHA-256 ${text(d.sha256) ?? ''}`,
        ],
        !d.autoReply,
      );
    case 'email.sent': {
      const attachment = typeof d.attachment === 'object' && d.attachment !== null ? (d.attachment as Record<string, unknown>) : undefined;
      // A reminder may carry the customer's statement; any other attachment is an emailed letter.
      const statement = attachment?.kind === 'statement';
      return line(attachment && !statement ? `Letter emailed: ${text(attachment.fileName) ?? ''}` : `Reminder sent: ${step ?? ''}`, [
        text(d.subject) && `“${text(d.subject)}”`,
        text(d.to) && `To ${text(d.to)}`,
        attachment &&
          text(attachment.sha256) &&
          `Attached ${statement ? `statement of account ${text(attachment.fileName) ?? ''}` : 'PDF'}, SHA-256 ${text(attachment.sha256) ?? ''}`,
        text(d.messageId) && `SES message ${text(d.messageId)}`,
      ]);
    }
    case 'email.attempted':
      return line(`Sending: ${step ?? ''}`, [text(d.subject) && `“${text(d.subject)}”`, text(d.to) && `To ${text(d.to)}`]);
    case 'reminder.unknown':
      return line(`Not confirmed yet: ${step ?? ''}`, [reason ?? 'waiting for the email service to say whether it went'], true);
    case 'reminder.settled':
      return line(`Confirmed sent: ${step ?? ''}`, [text(d.messageId) && `SES message ${text(d.messageId)}`]);
    case 'reminder.retry_scheduled':
      return line(`Will try again: ${step ?? ''}`, [text(d.at) && `At ${when(String(d.at))}`, reason]);
    case 'letter.email_queued':
      return line(`Letter queued to email: ${text(d.fileName) ?? ''}`, [
        text(d.to) && `To ${text(d.to)}`,
        text(d.sendAt) && `From ${when(String(d.sendAt))}`,
      ]);
    case 'email.delivered':
      return line('Reminder delivered', [text(d.to)]);
    case 'email.bounced':
      return line('Email bounced', [text(d.to), text(d.bounceType)], true);
    case 'email.complained':
      return line('Marked as spam by the recipient', [text(d.to)], true);
    case 'email.rejected':
      return line('Email rejected by SES', [text(d.to), reason], true);
    case 'reminder.scheduled':
      return line(`Reminder scheduled: ${step ?? ''}`, [text(d.sendAt) && `For ${when(String(d.sendAt))}`]);
    case 'reminder.test_sent':
      return line(`Test sent to ${text(d.to) ?? 'the user'}: ${step ?? ''}`, [text(d.subject) && `“${text(d.subject)}”`]);
    case 'reminder.moved':
      return line(`Reminder moved: ${step ?? ''}`, [text(d.to) && `To ${when(String(d.to))}`, reason]);
    case 'reminder.rescheduled':
      return line(`Reminder rescheduled: ${step ?? ''}`, [text(d.to) && `To ${when(String(d.to))}`]);
    case 'reminder.send_now':
      return line(`Asked to send now: ${step ?? ''}`, [text(d.to) && `From ${when(String(d.to))}`, text(d.note)]);
    case 'reminder.skipped':
      return line(`Reminder skipped: ${step ?? ''}`, [reason]);
    case 'reminder.cancelled':
      return line(`Reminder cancelled: ${step ?? ''}`, [reason]);
    case 'reminder.approved':
      return line(`Approved to send: ${step ?? ''}`, [
        d.all === true
          ? 'With "approve all due today"'
          : d.selected === true
            ? 'With the rows selected in the sheet'
            : d.reviewSwitchedOff === true
              ? 'Review was switched off: the held email goes at its next sending time'
              : undefined,
      ]);
    case 'reminder.needs_review':
      return line(`Needs review: ${step ?? ''}`, [reason ?? 'SES did not confirm this send; check the mailbox before sending again'], true);
    case 'reminder.failed':
      return line(`Reminder failed: ${step ?? ''}`, [reason], true);
    case 'automation.paused':
      return line('Reminders paused', [text(d.note), text(d.until) && `Until ${text(d.until)}`]);
    case 'automation.resumed':
      return line('Reminders resumed', [text(d.note)]);
    case 'invoice.tracked':
      return line('Invoice added from the sheet');
    case 'invoice.changed': {
      const changes = typeof d.changes === 'object' && d.changes !== null ? Object.keys(d.changes).filter((k) => k !== 'row') : [];
      const named = changes.map((k) => (k in FIELD_LABELS ? FIELD_LABELS[k as LedgerField] : k).toLowerCase());
      return line('Invoice changed in the sheet', named.length > 0 ? [`Changed: ${named.join(', ')}`] : []);
    }
    case 'letter.generated':
      return line(`Letter made: ${LETTER_STAGES[text(d.stage) ?? ''] ?? 'demand letter'}`, [
        text(d.deadline) && `Pay by ${text(d.deadline)}${money(d.totalDue) ? `, ${money(d.totalDue) ?? ''} due` : ''}`,
        text(d.fileName),
        text(d.sha256) && `SHA-256 ${text(d.sha256) ?? ''}`,
      ]);
    case 'statement.made':
      return line(d.emailedIn ? 'Statement of account made, for a reminder email' : 'Statement of account made', [
        money(d.totalDue) && `Balance ${money(d.totalDue) ?? ''}`,
        text(d.to) && `Attached to the email to ${text(d.to) ?? ''}`,
        Array.isArray(d.invoices) ? `${d.invoices.length} open invoice${d.invoices.length === 1 ? '' : 's'} listed` : undefined,
        text(d.fileName),
        text(d.sha256) && `SHA-256 ${text(d.sha256) ?? ''}`,
      ]);
    case 'letter.included':
      return line(`In a letter: ${LETTER_STAGES[text(d.stage) ?? ''] ?? 'demand letter'}`, [
        text(d.madeFor) && `Made from invoice ${text(d.madeFor)}`,
        text(d.fileName),
        text(d.sha256) && `SHA-256 ${text(d.sha256) ?? ''}`,
      ]);
    case 'referral.made':
      return line(`Referred to ${text(d.agency) ?? 'a collection agency'}`, [
        text(d.reference) && `Reference ${text(d.reference)}`,
        text(d.notes),
      ]);
    case 'invoice.reaged':
      return line('Due date moved later', [text(d.from) && `From ${text(d.from)} to ${text(d.to) ?? '?'}`]);
    default:
      return line(event.type.replace(/[._]/g, ' '), [step, reason]);
  }
}
