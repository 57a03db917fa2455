/**
 * The customer, not the invoice: a pause, a bankruptcy or a do-not-contact request applies to
 * every invoice of the customer in the ledger, rows added later included. This section says which
 * hold is on, since when and by whom, offers each one's way back, and puts a new one after a
 * confirmation that names its reach.
 */
import type { CustomerHoldView } from '../../shared/api/contract';
import type { CustomerHoldInput } from '../../shared/api/sidebar-contract';
import { el } from './dom';
import { newRequestId, submitter } from './forms';

type Kind = 'pause' | 'bankruptcy' | 'do_not_contact';

export interface CustomerHoldHandlers {
  /** Sends the hold or its lifting; undefined when saved, else what to show. */
  hold(form: CustomerHoldInput): Promise<string | undefined>;
}

const day = (iso: string) => iso.slice(0, 10);
const since = (at: string, by?: string) => `since ${day(at)}${by ? `, by ${by}` : ''}`;

export function customerSection(customer: string, hold: CustomerHoldView | undefined, handlers: CustomerHoldHandlers): HTMLElement {
  const { error, send: submit } = submitter();
  const send = (form: Omit<CustomerHoldInput, 'requestId' | 'customer'>, question: string, buttons: HTMLButtonElement[]) => {
    if (window.confirm(question)) submit(() => handlers.hold({ requestId: newRequestId('customer'), customer, ...form }), buttons);
  };

  const held: HTMLElement[] = [];
  const lift = (text: string, label: string, form: Omit<CustomerHoldInput, 'requestId' | 'customer'>, question: string) => {
    const button = el('button', { type: 'button', class: 'small', 'data-lift': String(form.action) }, label) as HTMLButtonElement;
    button.addEventListener('click', () => send(form, question, [button]));
    held.push(el('li', { class: 'hold' }, el('span', {}, text), button));
  };
  if (hold?.bankruptcy) {
    const b = hold.bankruptcy;
    const facts = [b.caseNumber && `case ${b.caseNumber}`, b.court, b.filedOn && `filed ${b.filedOn}`].filter(Boolean).join(', ');
    lift(
      `In bankruptcy proceedings${facts ? ` (${facts})` : ''}, ${since(b.at, b.by)}. No contact with any of its invoices.`,
      'Lift the bankruptcy',
      { action: 'lift_bankruptcy' },
      `Lift the bankruptcy of ${customer}? Chasing may resume on every invoice of ${customer} where its ladder says.`,
    );
  }
  if (hold?.doNotContact) {
    const d = hold.doNotContact;
    lift(
      `Not to be contacted, ${since(d.at, d.by)}: ${d.reason}`,
      'Allow contact again',
      { action: 'allow_contact' },
      `Allow contact with ${customer} again? Reminders may resume on every invoice of ${customer}.`,
    );
  }
  if (hold?.pause) {
    const p = hold.pause;
    lift(
      `Reminders paused${p.resumeOn ? ` until ${p.resumeOn}` : ''}, ${since(p.at, p.by)}${p.note ? `: ${p.note}` : ''}.`,
      'Resume reminders',
      { action: 'resume' },
      `Resume reminders to ${customer}? Every invoice of ${customer} goes back to its ladder.`,
    );
  }

  const kinds: [Kind, string][] = [
    ['pause', 'Pause reminders'],
    ['bankruptcy', 'Bankruptcy'],
    ['do_not_contact', 'Do not contact'],
  ];
  const open = kinds.filter(([k]) => !(k === 'pause' ? hold?.pause : k === 'bankruptcy' ? hold?.bankruptcy : hold?.doNotContact));
  const select = el('select', { id: 'hold-kind' }) as HTMLSelectElement;
  for (const [value, text] of open) select.append(el('option', { value }, text));
  const input = (id: string, attrs: Record<string, string> = {}) => el('input', { id, ...attrs }) as HTMLInputElement;
  const field = (id: string, label: string, control: HTMLElement) =>
    el('div', { class: 'field' }, el('label', { for: id }, label), control);
  const resumeOn = input('hold-resume-on', { type: 'date' });
  const note = input('hold-note', { maxlength: '4000' });
  const caseNumber = input('hold-case', { maxlength: '80' });
  const court = input('hold-court', { maxlength: '200' });
  const filedOn = input('hold-filed', { type: 'date' });
  const notes = input('hold-notes', { maxlength: '4000' });
  const reason = input('hold-reason', { maxlength: '300' });
  const parts: Record<Kind, HTMLElement> = {
    pause: el('div', {}, field('hold-resume-on', 'Until (optional)', resumeOn), field('hold-note', 'Note (optional)', note)),
    bankruptcy: el(
      'div',
      {},
      field('hold-case', 'Case number', caseNumber),
      field('hold-court', 'Court', court),
      field('hold-filed', 'Date filed', filedOn),
      field('hold-notes', 'Note (optional)', notes),
    ),
    do_not_contact: el('div', {}, field('hold-reason', 'Why (kept with the record)', reason)),
  };
  const show = () => {
    for (const [kind, part] of Object.entries(parts)) part.hidden = kind !== select.value;
  };
  select.addEventListener('change', show);
  show();
  const apply = el('button', { type: 'submit', id: 'hold-save' }, `Apply to every invoice of ${customer}`) as HTMLButtonElement;
  const form = el(
    'form',
    { class: 'hold-form' },
    field('hold-kind', 'What', select),
    ...Object.values(parts),
    el('div', { class: 'actions' }, apply),
  ) as HTMLFormElement;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = (x: HTMLInputElement) => x.value.trim();
    const kind = select.value as Kind;
    const reach = `every invoice of ${customer} in this ledger, and rows of ${customer} added later`;
    if (kind === 'pause') {
      send(
        { action: 'pause', resumeOn: value(resumeOn), note: value(note) },
        `Pause reminders to ${customer}${value(resumeOn) ? ` until ${value(resumeOn)}` : ''}? It applies to ${reach}.`,
        [apply],
      );
    } else if (kind === 'bankruptcy') {
      send(
        { action: 'bankruptcy', caseNumber: value(caseNumber), court: value(court), filedOn: value(filedOn), notes: value(notes) },
        `Record the bankruptcy of ${customer}? Nothing more is sent about ${reach}, until you lift it.`,
        [apply],
      );
    } else {
      send(
        { action: 'do_not_contact', reason: value(reason) },
        `Record that ${customer} is not to be contacted? Nothing more is sent about ${reach}, until you allow it again.`,
        [apply],
      );
    }
  });

  return el(
    'section',
    { class: 'section', 'aria-labelledby': 'customer-title', id: 'customer-section' },
    el('h2', { id: 'customer-title' }, `Customer: ${customer}`),
    ...(held.length > 0
      ? [el('ul', { class: 'holds' }, ...held)]
      : [el('p', { class: 'hint' }, 'Nothing holds this customer: each invoice follows its ladder.')]),
    ...(open.length > 0 ? [el('details', { class: 'hold-new' }, el('summary', {}, 'Pause, bankruptcy or do not contact…'), form)] : []),
    error,
  );
}
