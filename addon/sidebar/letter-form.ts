import type { EmailLetterInput, LetterInput, LetterSaved } from '../../shared/api/sidebar-contract';
import { el } from './dom';
import { clearFieldErrors, markFieldErrors, newRequestId } from './forms';

const STAGES: [LetterInput['stage'], string][] = [
  ['past_due_notice', 'Past-due notice'],
  ['formal_demand', 'Formal demand'],
  ['final_notice', 'Final notice before referral'],
];

export interface LetterFormOptions {
  invoiceNumber: string;
  customer: string;
  make(form: LetterInput): Promise<{ ok: true; saved: LetterSaved } | { ok: false; message: string; fields?: Record<string, string> }>;
  /** Queues the letter for emailing (after the person confirmed the recipient); undefined when queued, else why not. */
  email(form: EmailLetterInput): Promise<string | undefined>;
  /** The question to ask first when the record lacks the stage this one presumes (a final notice with no formal demand). */
  presumes(stage: LetterInput['stage']): string | undefined;
}

function field(id: string, label: string, control: HTMLElement): HTMLElement {
  control.id = id;
  return el('div', { class: 'field', 'data-field': id }, el('label', { for: id }, label), control);
}

/**
 * A demand letter for the customer's overdue invoices: its stage, the days to pay, and an
 * optional settlement or payment plan. Making it records it on the audit trail and saves the
 * PDF in Drive; nothing is sent to the customer from here.
 */
export function letterForm(options: LetterFormOptions): { element: HTMLElement; focus(stage?: LetterInput['stage']): void } {
  const stage = el('select') as HTMLSelectElement;
  for (const [value, text] of STAGES) stage.append(el('option', { value }, text));
  stage.value = 'formal_demand';
  const days = el('input', { type: 'number', min: '1', max: '90', value: '10', inputmode: 'numeric' }) as HTMLInputElement;
  const offer = el('select') as HTMLSelectElement;
  for (const [value, text] of [
    ['none', 'No offer'],
    ['settlement', 'Settlement: a discount if paid by a date'],
    ['plan', 'Payment plan: instalments'],
  ])
    offer.append(el('option', { value: value ?? '' }, text ?? ''));
  const percent = el('input', { type: 'number', min: '1', max: '90', value: '10', inputmode: 'numeric' }) as HTMLInputElement;
  const payBy = el('input', { type: 'date' }) as HTMLInputElement;
  const instalments = el('input', { type: 'number', min: '2', max: '36', value: '3', inputmode: 'numeric' }) as HTMLInputElement;
  const every = el('input', { type: 'number', min: '7', max: '90', value: '30', inputmode: 'numeric' }) as HTMLInputElement;
  const settlementFields = el(
    'div',
    { class: 'sub', hidden: '' },
    field('settlement.percentOff', 'Percent off', percent),
    field('settlement.payBy', 'If paid by', payBy),
  );
  const planFields = el(
    'div',
    { class: 'sub', hidden: '' },
    field('paymentPlan.instalments', 'Instalments', instalments),
    field('paymentPlan.everyDays', 'Days between payments', every),
  );
  const error = el('p', { class: 'form-error', role: 'alert', hidden: '' });
  const result = el('div', { class: 'letter-result', role: 'status', 'aria-live': 'polite' });
  const submit = el('button', { type: 'submit', class: 'primary' }, 'Make the letter') as HTMLButtonElement;
  const form = el(
    'form',
    { class: 'section', 'aria-labelledby': 'letter-title', novalidate: '' },
    el('h2', { id: 'letter-title' }, 'Demand letter'),
    el(
      'p',
      { class: 'hint' },
      `A PDF to ${options.customer} listing all their overdue invoices, with fees and a deadline. Saved in your Drive and recorded; emailed only if you then choose to.`,
    ),
    error,
    field('stage', 'Letter', stage),
    field('deadlineDays', 'Days to pay', days),
    field('offer', 'Offer', offer),
    settlementFields,
    planFields,
    el('div', { class: 'actions' }, submit),
    result,
  ) as HTMLFormElement;
  offer.addEventListener('change', () => {
    settlementFields.hidden = offer.value !== 'settlement';
    planFields.hidden = offer.value !== 'plan';
  });

  let requestId = newRequestId('letter');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    error.hidden = true;
    clearFieldErrors(form);
    const value: LetterInput = {
      requestId,
      invoiceNumber: options.invoiceNumber,
      stage: stage.value as LetterInput['stage'],
      deadlineDays: Number(days.value),
      ...(offer.value === 'settlement' && { settlement: { percentOff: Number(percent.value), payBy: payBy.value } }),
      ...(offer.value === 'plan' && { paymentPlan: { instalments: Number(instalments.value), everyDays: Number(every.value) } }),
    };
    const question = options.presumes(value.stage);
    if (question) {
      if (!window.confirm(question)) return;
      value.withoutEarlierStage = true;
    }
    submit.disabled = true;
    submit.textContent = 'Making the letter…';
    result.replaceChildren();
    options
      .make(value)
      .then((answer) => {
        if (!answer.ok) {
          error.textContent = answer.message;
          error.hidden = false;
          markFieldErrors(form, answer.fields ?? {});
          return;
        }
        const { saved } = answer;
        result.replaceChildren(
          el('p', { class: 'saved' }, `Saved: ${saved.fileName}. Total due ${saved.totalDue} by ${saved.deadline}.`),
          el('a', { href: saved.url, target: '_blank', rel: 'noopener', class: 'letter-link' }, 'Open the PDF in Drive'),
          el(
            'p',
            { class: 'hint' },
            `Its fingerprint, to prove later this is the file you sent: SHA-256 ${saved.sha256}. ${saved.notedOnRow ? `Noted on row ${saved.notedOnRow}. ` : ''}${saved.automation}`,
          ),
          emailButton(saved, options),
        );
        requestId = newRequestId('letter');
      })
      .catch((e: unknown) => {
        error.textContent = `No letter was made: ${e instanceof Error ? e.message : String(e)}. Try again.`;
        error.hidden = false;
      })
      .finally(() => {
        submit.disabled = false;
        submit.textContent = 'Make the letter';
      });
  });
  return {
    element: form,
    focus(chosen) {
      if (chosen) stage.value = chosen;
      stage.focus();
      form.scrollIntoView({ behavior: 'smooth', block: 'start' });
    },
  };
}

/**
 * Emailing the letter just made: one button that names the recipient, a confirmation that names
 * them again with the rules it goes under, and only then the request. No address, no button.
 */
function emailButton(saved: LetterSaved, options: LetterFormOptions): HTMLElement {
  const to = saved.contactEmail;
  if (!to) return el('p', { class: 'hint' }, 'This invoice has no contact email, so the letter cannot be emailed from here.');
  const button = el('button', { type: 'button' }, `Email it to ${to}…`) as HTMLButtonElement;
  const said = el('p', { role: 'status', 'aria-live': 'polite' });
  button.addEventListener('click', () => {
    const question = `Email "${saved.fileName}" to ${to}? It goes out within minutes if it is business hours for them and your limit on emails to them allows, otherwise at the first moment it may; and not at all if the invoice is paid, disputed or promised by then.`;
    if (!window.confirm(question)) return;
    button.disabled = true;
    said.className = '';
    said.textContent = 'Queueing the email…';
    options
      .email({ requestId: newRequestId('letter-email'), invoiceNumber: options.invoiceNumber, sha256: saved.sha256 })
      .then((refused) => {
        if (refused === undefined) return;
        said.className = 'form-error';
        said.textContent = refused;
        button.disabled = false;
      })
      .catch((e: unknown) => {
        said.className = 'form-error';
        said.textContent = `Not queued: ${e instanceof Error ? e.message : String(e)}. Try again.`;
        button.disabled = false;
      });
  });
  return el('div', { class: 'row' }, button, said);
}
