import type { LogContactInput as LogContactForm } from '../../shared/api/sidebar-contract';
import { el } from './dom';
import { clearFieldErrors, markFieldErrors, newRequestId } from './forms';

const CHANNELS: [LogContactForm['channel'], string][] = [
  ['call', 'Call'],
  ['email', 'Email'],
  ['letter', 'Letter'],
  ['meeting', 'Meeting'],
  ['note', 'Note'],
];
const OUTCOMES: [LogContactForm['outcome'], string][] = [
  ['reached', 'Reached them'],
  ['left_message', 'Left a message'],
  ['no_answer', 'No answer'],
  ['promised_to_pay', 'Promised to pay'],
  ['disputed', 'Disputed the invoice'],
  ['says_paid', 'Says it is paid'],
  ['refused', 'Refused to pay'],
  ['wrong_contact', 'Wrong contact'],
  ['other', 'Other'],
];

export interface ContactFormOptions {
  invoiceNumber: string;
  /** The balance as the card shows it: the promise's default amount. */
  balance: string;
  disputeReasons: readonly string[];
  /** Resolves with what went wrong (and the fields to mark), or nothing when saved (the form is then cleared). */
  save(form: LogContactForm): Promise<{ message: string; fields?: Record<string, string> } | undefined>;
}

function field(id: string, label: string, control: HTMLElement): HTMLElement {
  control.id = id;
  return el('div', { class: 'field', 'data-field': id }, el('label', { for: id }, label), control);
}

function select(options: [string, string][]): HTMLSelectElement {
  const s = el('select') as HTMLSelectElement;
  for (const [value, text] of options) s.append(el('option', { value }, text));
  return s;
}

/**
 * Log a contact: channel, who, outcome, notes, and optionally a promise (date, amount) or a
 * dispute. A failed save keeps everything typed and marks the fields refused.
 */
export function contactForm(options: ContactFormOptions): { element: HTMLElement; focus(channel?: LogContactForm['channel']): void } {
  const channel = select(CHANNELS);
  const reached = el('input', { type: 'text', maxlength: '200', autocomplete: 'off' }) as HTMLInputElement;
  const outcome = select(OUTCOMES);
  const notes = el('textarea', { rows: '3', maxlength: '4000' }) as HTMLTextAreaElement;
  const promised = el('input', { type: 'checkbox', id: 'has-promise' }) as HTMLInputElement;
  const promiseDate = el('input', { type: 'date' }) as HTMLInputElement;
  const promiseAmount = el('input', { type: 'text', inputmode: 'decimal', autocomplete: 'off' }) as HTMLInputElement;
  promiseAmount.value = options.balance;
  const disputed = el('input', { type: 'checkbox', id: 'has-dispute' }) as HTMLInputElement;
  const disputeReason = select(options.disputeReasons.map((r) => [r, r]));
  const promiseFields = el(
    'div',
    { class: 'sub', hidden: '' },
    field('promise.date', 'Will pay by', promiseDate),
    field('promise.amount', 'Amount promised', promiseAmount),
  );
  const disputeFields = el('div', { class: 'sub', hidden: '' }, field('dispute.reason', 'Reason', disputeReason));
  const error = el('p', { class: 'form-error', role: 'alert', hidden: '' });
  const submit = el('button', { type: 'submit', class: 'primary' }, 'Save contact') as HTMLButtonElement;
  const form = el(
    'form',
    { class: 'section', 'aria-labelledby': 'log-title', novalidate: '' },
    el('h2', { id: 'log-title' }, 'Log a contact'),
    error,
    field('channel', 'How', channel),
    field('reached', 'Who you reached (optional)', reached),
    field('outcome', 'Outcome', outcome),
    field('notes', 'Notes (optional)', notes),
    el('div', { class: 'checkbox-row' }, promised, el('label', { for: 'has-promise' }, 'They promised to pay')),
    promiseFields,
    el('div', { class: 'checkbox-row' }, disputed, el('label', { for: 'has-dispute' }, 'They dispute the invoice')),
    disputeFields,
    el('div', { class: 'actions' }, submit),
  ) as HTMLFormElement;

  const sync = () => {
    promiseFields.hidden = !promised.checked;
    disputeFields.hidden = !disputed.checked;
  };
  promised.addEventListener('change', sync);
  disputed.addEventListener('change', sync);
  outcome.addEventListener('change', () => {
    if (outcome.value === 'promised_to_pay') promised.checked = true;
    if (outcome.value === 'disputed') disputed.checked = true;
    sync();
  });

  let requestId = newRequestId('contact');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    error.hidden = true;
    clearFieldErrors(form);
    const value: LogContactForm = {
      requestId,
      invoiceNumber: options.invoiceNumber,
      channel: channel.value as LogContactForm['channel'],
      outcome: outcome.value as LogContactForm['outcome'],
      ...(reached.value.trim() && { reached: reached.value.trim() }),
      ...(notes.value.trim() && { notes: notes.value }),
      ...(promised.checked && { promise: { date: promiseDate.value, amount: promiseAmount.value } }),
      ...(disputed.checked && { dispute: { reason: disputeReason.value } }),
    };
    submit.disabled = true;
    submit.textContent = 'Saving…';
    options
      .save(value)
      .then((failure) => {
        if (failure) {
          // Everything typed stays, with the same request id for the retry.
          error.textContent = failure.message;
          error.hidden = false;
          markFieldErrors(form, failure.fields ?? {});
          return;
        }
        form.reset();
        promiseAmount.value = options.balance;
        sync();
        requestId = newRequestId('contact');
      })
      .catch((e: unknown) => {
        // The form keeps what was typed, and the same request id for the retry.
        error.textContent = `Not saved: ${e instanceof Error ? e.message : String(e)}. Your entry is kept; try again.`;
        error.hidden = false;
      })
      .finally(() => {
        submit.disabled = false;
        submit.textContent = 'Save contact';
      });
  });

  return {
    element: form,
    focus(preset) {
      if (preset) channel.value = preset;
      channel.focus();
      form.scrollIntoView({ behavior: 'smooth', block: 'start' });
    },
  };
}
