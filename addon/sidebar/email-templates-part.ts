/**
 * Settings > Emails: the subject and message of each email the ladder sends (and the thank-you
 * note), with a live preview made by the dispatcher's own renderer on a sample invoice, so what
 * it shows is what a customer receives. Unknown placeholders are named as they are typed, by
 * the same schema the backend checks. Every value is set as text, never as markup.
 */
import { EmailTemplate } from '../../shared/api/contract';
import type { TeamSettingsView } from '../../shared/api/settings-contract';
import { DEFAULT_TEMPLATES } from '../../shared/email/default-templates';
import { type EmailInvoice, EMAIL_PLACEHOLDERS, type EmailTeam, renderReminderEmail } from '../../shared/email/render-email';
import { statementFileName } from '../../shared/statements/compose-statement';
import { addDays, type CalendarDate } from '../../shared/time/calendar-date';
import { el } from './dom';

type Drafts = Record<string, { subject: string; body: string; attachStatement?: boolean }>;

const picker = () => document.getElementById('emailStep') as HTMLSelectElement;
const subject = () => document.getElementById('emailSubject') as HTMLInputElement;
const body = () => document.getElementById('emailBody') as HTMLTextAreaElement;
const preview = () => document.getElementById('email-preview') as HTMLElement;
const attach = () => document.getElementById('emailAttachStatement') as HTMLInputElement;
/** The thank-you note goes to a customer who owes nothing: it has no statement to attach. */
const THANKS = 'thank-you';

let saved: Drafts = {};
let drafts: Drafts = {};
let shown = '';

function keepDraft(): void {
  if (shown) drafts[shown] = { subject: subject().value, body: body().value, attachStatement: shown !== THANKS && attach().checked };
}

function show(templateId: string): void {
  shown = templateId;
  picker().value = templateId;
  const t = drafts[templateId] ?? saved[templateId] ?? DEFAULT_TEMPLATES[templateId] ?? { subject: '', body: '' };
  subject().value = t.subject;
  body().value = t.body;
  attach().checked = t.attachStatement === true;
  for (const id of ['attach-statement-row', 'emailAttachStatement-hint'])
    (document.getElementById(id) as HTMLElement).hidden = templateId === THANKS;
}

export function renderEmails(view: TeamSettingsView): void {
  saved = view.values.templates;
  drafts = {};
  picker().replaceChildren(...view.emailSteps.map((step) => el('option', { value: step.templateId }, step.label)));
  const first = view.emailSteps[0]?.templateId ?? '';
  show(view.emailSteps.some((s) => s.templateId === shown) ? shown : first);
}

/** The templates whose wording (or attachment) differs from what the backend holds: only those are sent. */
export function collectEmails(): Drafts {
  keepDraft();
  const attaches = (t: Drafts[string] | undefined) => t?.attachStatement === true;
  return Object.fromEntries(
    Object.entries(drafts).filter(
      ([id, t]) => t.subject !== saved[id]?.subject || t.body !== saved[id]?.body || attaches(t) !== attaches(saved[id]),
    ),
  );
}

/** The email as the dispatcher would send it today for one sample invoice 15 days late, or why it cannot be. */
export function renderEmailPreview(
  team: EmailTeam,
  currency: string,
  today: CalendarDate,
  withLink: (invoice: EmailInvoice) => EmailInvoice = (invoice) => invoice,
): void {
  const template = { subject: subject().value, body: body().value };
  const checked = EmailTemplate.safeParse(template);
  if (!checked.success) {
    preview().replaceChildren(
      ...checked.error.issues.map((i) =>
        el('p', { class: 'field-error' }, `${i.path[0] === 'subject' ? 'Subject' : 'Message'} ${i.message}`),
      ),
    );
    return;
  }
  const money = { minor: 1_240_00, currency };
  const attaching = shown !== THANKS && attach().checked;
  const email = renderReminderEmail(
    checked.data,
    team,
    { customer: 'Harbor Coffee Roasters', contactName: 'Sam Ortiz' },
    [withLink({ invoiceNumber: 'INV-1042', amount: money, balance: money, dueDate: addDays(today, -15), daysOverdue: 15 })],
    'en-US',
    shown === THANKS ? 'thanks' : 'reminder',
    attaching ? { statement: statementFileName('Harbor Coffee Roasters', today) } : {},
  );
  preview().replaceChildren(
    el('p', {}, el('strong', {}, 'Subject: '), email.subject),
    ...(attaching
      ? [el('p', { class: 'attachment' }, el('strong', {}, 'Attached: '), statementFileName('Harbor Coffee Roasters', today))]
      : []),
    el('pre', { class: 'email-text' }, email.text),
  );
}

/** A refused template is shown and its box marked: `templates.<id>.subject` -> the Subject box. */
export function emailFieldOf(path: string): string | undefined {
  const m = /^templates\.([a-z0-9-]+)\.(subject|body)$/.exec(path);
  if (!m?.[1] || !m[2]) return undefined;
  if (m[1] !== shown) {
    keepDraft();
    show(m[1]);
  }
  return m[2] === 'subject' ? 'emailSubject' : 'emailBody';
}

/** Wires the picker once: switching email keeps what was typed in the one left. */
export function startEmails(onChange: () => void): void {
  (document.getElementById('email-placeholders-hint') as HTMLElement).textContent =
    `You can use ${EMAIL_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}.`;
  picker().addEventListener('change', () => {
    keepDraft();
    show(picker().value);
    onChange();
  });
}
