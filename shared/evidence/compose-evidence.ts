import type { AuditEventView } from '../api/contract';
import { describeEvent } from '../audit/describe-event';
import { csvFile } from '../csv/csv-cell';
import { dateForReader } from '../locale/reader-date';
import { computeFees } from '../fees/compute-fees';
import type { FeePolicy } from '../fees/fee-policy';
import { formatMoney, type Money, money, sumMoney } from '../money/money';
import { type CalendarDate, daysBetween } from '../time/calendar-date';

/** Changes whenever the pack's sections or columns change: printed on every pack. */
export const EVIDENCE_TEMPLATE_VERSION = 'evidence-2026-12-v1';

export interface EvidenceInvoice {
  invoiceNumber: string;
  invoiceDate?: CalendarDate;
  dueDate: CalendarDate;
  amount: Money;
  balance: Money;
  status: string;
}

export type EvidenceEvent = Pick<AuditEventView, 'seq' | 'type' | 'at' | 'actor' | 'source' | 'data' | 'hash'> & { prevHash: string };

/** One invoice's audit chain as stored, and what verifying it found. */
export interface EvidenceChain {
  invoiceNumber: string;
  events: readonly EvidenceEvent[];
  broken?: { seq: number; reason: string };
}

export interface EvidenceInput {
  scope: { kind: 'invoice' | 'customer'; invoiceNumber?: string };
  today: CalendarDate;
  /** When the pack was made (ISO instant). */
  generatedAt: string;
  creditor: { name: string; replyTo: string };
  customer: string;
  contact: { name?: string; email?: string };
  invoices: readonly EvidenceInvoice[];
  chains: readonly EvidenceChain[];
  fees: FeePolicy;
  /** How many of the chains were also held against a write-once checkpoint; absent where none are kept. */
  checkpointsCompared?: number;
  locale: string;
  /** The ladder's step names by id, so events read "Overdue reminder", not "overdue-15". */
  stepLabels: Readonly<Record<string, string>>;
}

export interface EvidenceTable {
  title: string;
  header: string[];
  rows: string[][];
  /** Said instead of an empty table. */
  empty: string;
}

export interface EvidencePack {
  templateVersion: string;
  title: string;
  /** Who, about whom, when, and what the pack covers. */
  heading: string[];
  invoices: EvidenceTable;
  /** Interest and charges per invoice with the working, and the total claimed. */
  feeLines: string[];
  totalClaimed: string;
  sections: EvidenceTable[];
  verification: { intact: boolean; eventsChecked: number; lines: string[] };
  /** Every event of every chain, oldest first per invoice. */
  events: EvidenceTable;
  csv: string;
  fileStem: string;
}

/** Instants in UTC, written out: the same pack reads the same wherever it is printed. */
export function utc(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A SHA-256 in four groups of 16: readable aloud, and a table cell can wrap it. */
export const groupedHash = (hex: string) => (hex.match(/.{1,16}/g) ?? [hex]).join(' ');

const text = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v));

interface Located extends EvidenceEvent {
  invoiceNumber: string;
}

export const EVIDENCE_CSV_COLUMNS = [
  'record',
  'invoice_number',
  'seq',
  'at',
  'type',
  'by',
  'source',
  'summary',
  'ses_message_id',
  'sha256',
  'prev_hash',
  'hash',
  'data',
];

/**
 * What a collection agency or a small-claims court asks for, for one invoice or one customer: the
 * invoices, every reminder with its SES message id and what SES said of it (delivered, bounced,
 * complained), letters with their hashes, call notes, promises and disputes, the fee and interest
 * computation with its working, and the audit chains' verification, then every event. Pure: the
 * add-on's PDF and CSV are renderings of this.
 */
export function composeEvidence(input: EvidenceInput): EvidencePack {
  const all: Located[] = input.chains.flatMap((c) => c.events.map((e) => ({ ...e, invoiceNumber: c.invoiceNumber })));
  const byTime = [...all].sort((a, b) =>
    a.at < b.at ? -1 : a.at > b.at ? 1 : a.invoiceNumber.localeCompare(b.invoiceNumber) || a.seq - b.seq,
  );
  const of = (...types: string[]) => byTime.filter((e) => types.includes(e.type));
  const by = (e: EvidenceEvent) => e.actor.email ?? e.source;

  const invoices = [...input.invoices].sort((a, b) =>
    a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.invoiceNumber.localeCompare(b.invoiceNumber),
  );
  const { feeLines, totalClaimed } = claimed(invoices, input);

  const reminders = remindersSent(of, input);
  const { notSent, letters, contacts, promisesAndDisputes } = recordedRows(of, input);
  const verification = verificationOf(input, all.length);

  const eventRows = input.chains.flatMap((c) =>
    c.events.map((e) => {
      const line = describeEvent(e, utc, input.stepLabels);
      const mark = c.broken && e.seq === c.broken.seq ? ' [BROKEN LINK]' : '';
      return [c.invoiceNumber, String(e.seq), utc(e.at), `${line.title}${mark}`, by(e), e.hash.slice(0, 16)];
    }),
  );

  const csvRows = evidenceCsvRows(invoices, input);

  const subject = input.scope.kind === 'invoice' ? `invoice ${input.scope.invoiceNumber ?? ''}` : `all invoices of ${input.customer}`;
  return {
    templateVersion: EVIDENCE_TEMPLATE_VERSION,
    title: `Evidence pack: ${input.customer}`,
    heading: [
      `Creditor: ${input.creditor.name} (${input.creditor.replyTo})`,
      `Debtor: ${input.customer}${input.contact.name ? `, attention ${input.contact.name}` : ''}${input.contact.email ? ` <${input.contact.email}>` : ''}`,
      `Covers: ${subject}; ${invoices.length} invoice${invoices.length === 1 ? '' : 's'}, ${all.length} recorded events`,
      `Prepared ${utc(input.generatedAt)} (${dateForReader(input.today, input.locale)} in the ledger's time zone) by Dunning Desk, ${EVIDENCE_TEMPLATE_VERSION}`,
    ],
    invoices: invoiceTable(invoices, input),
    feeLines,
    totalClaimed,
    sections: [
      {
        title: 'Reminders sent',
        header: ['Sent', 'Invoice', 'To', 'Subject', 'SES message id', 'What SES reported'],
        rows: reminders,
        empty: 'No reminder emails were sent.',
      },
      { title: 'Reminders not sent', header: ['When', 'Invoice', 'What', 'Why'], rows: notSent, empty: 'None.' },
      {
        title: 'Letters and statements of account',
        header: ['Made', 'Invoice', 'File', 'Template', 'Pay by', 'SHA-256 of the PDF'],
        rows: letters,
        empty: 'No letters or statements were made.',
      },
      {
        title: 'Calls and other contacts',
        header: ['When', 'Invoice', 'By', 'Contact', 'Notes'],
        rows: contacts,
        empty: 'No contacts were logged.',
      },
      {
        title: 'Promises, disputes and holds',
        header: ['When', 'Invoice', 'By', 'What', 'Details'],
        rows: promisesAndDisputes,
        empty: 'None recorded.',
      },
    ],
    verification,
    events: {
      title: 'Every recorded event',
      header: ['Invoice', '#', 'When', 'Event', 'By', 'Hash (first 16)'],
      rows: eventRows,
      empty: 'No events recorded.',
    },
    csv: csvFile(EVIDENCE_CSV_COLUMNS, csvRows),
    fileStem: `Evidence-${input.customer}${input.scope.kind === 'invoice' ? `-${input.scope.invoiceNumber ?? ''}` : ''}-${input.today}`
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80),
  };
}

/** The invoices covered, as the pack's first table. */
function invoiceTable(invoices: readonly EvidenceInvoice[], input: EvidenceInput): EvidencePack['invoices'] {
  const fmt = (m: Money) => formatMoney(m, input.locale);
  return {
    title: 'Invoices',
    header: ['Invoice', 'Issued', 'Due', 'Amount', 'Balance', 'Status', 'Days past due'],
    rows: invoices.map((i) => [
      i.invoiceNumber,
      i.invoiceDate ?? '',
      i.dueDate,
      fmt(i.amount),
      fmt(i.balance),
      i.status.replace(/_/g, ' '),
      String(Math.max(0, daysBetween(i.dueDate, input.today))),
    ]),
    empty: 'No invoices.',
  };
}

/** The rows of the sections after the emails: reminders not sent, letters, contacts, promises and disputes. */
function recordedRows(of: (...types: string[]) => Located[], input: EvidenceInput) {
  const by = (e: EvidenceEvent) => e.actor.email ?? e.source;
  const notSent = of('reminder.skipped', 'reminder.failed', 'reminder.needs_review', 'reminder.dry_run').map((e) => [
    utc(e.at),
    e.invoiceNumber,
    describeEvent(e, utc, input.stepLabels).title,
    text(e.data.reason),
  ]);
  // A statement is recorded on each invoice it lists: shown once, under the invoice it was made from.
  const letters = of('letter.generated', 'statement.made')
    .filter((e) => {
      const madeFor = typeof e.data.madeFor === 'string' ? e.data.madeFor : undefined;
      return e.type !== 'statement.made' || madeFor === e.invoiceNumber || !input.invoices.some((i) => i.invoiceNumber === madeFor);
    })
    .map((e) => [
      utc(e.at),
      e.invoiceNumber,
      text(e.data.fileName),
      text(e.data.templateVersion),
      text(e.data.deadline),
      groupedHash(text(e.data.sha256)),
    ]);
  const contacts = of('contact.logged').map((e) => {
    const line = describeEvent(e, utc, input.stepLabels);
    return [utc(e.at), e.invoiceNumber, by(e), line.title, line.detail.join(' · ')];
  });
  const promisesAndDisputes = of('promise.recorded', 'dispute.opened', 'dispute.resolved', 'bankruptcy.recorded').map((e) => {
    const line = describeEvent(e, utc, input.stepLabels);
    return [utc(e.at), e.invoiceNumber, by(e), line.title, line.detail.join(' · ')];
  });
  return { notSent, letters, contacts, promisesAndDisputes };
}

/** Each open invoice with its interest and charges as the fee settings give them, and the sum claimed. */
function claimed(invoices: readonly EvidenceInvoice[], input: EvidenceInput): { feeLines: string[]; totalClaimed: string } {
  const fmt = (m: Money) => formatMoney(m, input.locale);
  const feeLines: string[] = [];
  const claimed: Money[] = [];
  const currency = invoices[0]?.balance.currency ?? 'USD';
  for (const invoice of invoices) {
    if (invoice.balance.minor <= 0) continue;
    const fees = computeFees(invoice, input.today, input.fees, input.locale);
    if (!fees.ok) {
      feeLines.push(`Invoice ${invoice.invoiceNumber}: no interest or charges computed (${fees.error}).`);
      claimed.push(invoice.balance);
      continue;
    }
    claimed.push(fees.value.total);
    if (fees.value.explanation.length > 0)
      feeLines.push(`Invoice ${invoice.invoiceNumber}: ${fees.value.explanation.join(' ')} Total with charges ${fmt(fees.value.total)}.`);
  }
  const sameCurrency = invoices.every((i) => i.balance.currency === currency);
  const totalClaimed = sameCurrency
    ? fmt(sumMoney(claimed.length > 0 ? claimed : [money(0, currency)], currency))
    : 'several currencies: see each invoice';
  return { feeLines, totalClaimed };
}

/** Every email sent, with what SES later reported of its message id (delivered, bounced, complained). */
function remindersSent(of: (...types: string[]) => Located[], input: EvidenceInput): string[][] {
  // What SES said of each message, found by its message id.
  const outcomes = new Map<string, string[]>();
  for (const e of of('email.delivered', 'email.bounced', 'email.complained', 'email.rejected')) {
    const id = text(e.data.messageId);
    const said = `${describeEvent(e, utc, input.stepLabels).title} ${utc(e.at)}${e.data.bounceType ? ` (${text(e.data.bounceType)})` : ''}`;
    outcomes.set(id, [...(outcomes.get(id) ?? []), said]);
  }
  return of('email.sent').map((e) => {
    const id = text(e.data.messageId);
    const attachment =
      typeof e.data.attachment === 'object' && e.data.attachment !== null ? (e.data.attachment as Record<string, unknown>) : undefined;
    return [
      utc(e.at),
      e.invoiceNumber,
      text(e.data.to),
      `${text(e.data.subject)}${attachment ? ` (attached ${text(attachment.fileName)}, SHA-256 ${groupedHash(text(attachment.sha256))})` : ''}`,
      id,
      (outcomes.get(id) ?? ['no delivery report received']).join('; '),
    ];
  });
}

/** The audit chains' verification in sentences: intact (and matched to checkpoints), or where each broke. */
function verificationOf(input: EvidenceInput, eventsChecked: number): EvidencePack['verification'] {
  const broken = input.chains.filter((c) => c.broken);
  return {
    intact: broken.length === 0,
    eventsChecked,
    lines:
      broken.length === 0
        ? [
            `Audit chain intact: all ${eventsChecked} events of ${input.chains.length} invoice${input.chains.length === 1 ? '' : 's'} verified, each hash recomputed from its content and linked to the one before.`,
            ...(input.checkpointsCompared === undefined
              ? []
              : [
                  `${input.checkpointsCompared} of ${input.chains.length} chain${input.chains.length === 1 ? '' : 's'} also matched ${input.chains.length === 1 ? 'its' : 'their'} write-once checkpoint (kept apart from the table, where no one can change it), and no edit or deletion of a recorded event was seen.`,
                ]),
          ]
        : broken.map(
            (c) =>
              `Audit chain BROKEN for invoice ${c.invoiceNumber} at event ${c.broken?.seq ?? '?'}: ${c.broken?.reason ?? ''}. Events from there on cannot be relied on as recorded.`,
          ),
  };
}

/** The CSV: one row per invoice, per event (with its hashes and data), and per chain's verification. */
function evidenceCsvRows(invoices: readonly EvidenceInvoice[], input: EvidenceInput): unknown[][] {
  const fmt = (m: Money) => formatMoney(m, input.locale);
  return [
    ...invoices.map((i) => [
      'invoice',
      i.invoiceNumber,
      '',
      i.invoiceDate ?? '',
      '',
      '',
      '',
      `due ${i.dueDate}, amount ${fmt(i.amount)}, balance ${fmt(i.balance)}, status ${i.status}, ${Math.max(0, daysBetween(i.dueDate, input.today))} days past due on ${input.today}`,
      '',
      '',
      '',
      '',
      '',
    ]),
    ...input.chains.flatMap((c) =>
      c.events.map((e) => {
        const line = describeEvent(e, utc, input.stepLabels);
        const attachment =
          typeof e.data.attachment === 'object' && e.data.attachment !== null
            ? (e.data.attachment as Record<string, unknown>).sha256
            : undefined;
        return [
          'event',
          c.invoiceNumber,
          e.seq,
          e.at,
          e.type,
          e.actor.email ?? '',
          e.source,
          [line.title, ...line.detail].join(' · '),
          text(e.data.messageId),
          text(e.data.sha256 ?? attachment),
          e.prevHash,
          e.hash,
          e.data,
        ];
      }),
    ),
    ...input.chains.map((c) => [
      'verification',
      c.invoiceNumber,
      c.broken?.seq ?? '',
      input.generatedAt,
      c.broken ? 'chain.broken' : 'chain.intact',
      '',
      '',
      c.broken ? `broken at event ${c.broken.seq}: ${c.broken.reason}` : `intact: ${c.events.length} events`,
      '',
      '',
      '',
      '',
      '',
    ]),
  ];
}
