/**
 * The way back from a promise to pay: the one the ladder follows, withdrawn (recorded by mistake,
 * or taken back) or corrected (another day or amount). Each is a new audit event.
 */
import type { RemindersResponse } from '../../shared/api/contract';
import type { PromiseChangeInput } from '../../shared/api/sidebar-contract';
import { el } from './dom';
import { newRequestId, submitter } from './forms';

const amountText = (amount: { minor: number; currency: string } | undefined) =>
  amount ? ` ${(amount.minor / 100).toFixed(2)} ${amount.currency}` : '';

export function promiseSection(
  promise: NonNullable<RemindersResponse['promise']>,
  invoiceNumber: string,
  change: (form: PromiseChangeInput) => Promise<string | undefined>,
): HTMLElement {
  const { error, send: submit } = submitter();
  const send = (form: PromiseChangeInput, buttons: HTMLButtonElement[]) => submit(() => change(form), buttons);
  const withdraw = el('button', { type: 'button', class: 'small', id: 'promise-withdraw' }, 'Withdraw the promise') as HTMLButtonElement;
  withdraw.addEventListener('click', () => {
    if (
      !window.confirm(
        `Withdraw the promise to pay by ${promise.promisedFor}? The ladder no longer waits for it, and it does not count as broken. The promise stays in the timeline.`,
      )
    )
      return;
    send({ requestId: newRequestId('promise'), invoiceNumber, action: 'withdraw' }, [withdraw]);
  });
  const day = el('input', { type: 'date', id: 'promise-day', value: promise.promisedFor }) as HTMLInputElement;
  const amount = el('input', {
    id: 'promise-amount',
    maxlength: '40',
    value: promise.amount ? (promise.amount.minor / 100).toFixed(2) : '',
  }) as HTMLInputElement;
  const save = el('button', { type: 'submit', id: 'promise-save' }, 'Save the correction') as HTMLButtonElement;
  const correct = el(
    'form',
    { class: 'promise-correct' },
    el('div', { class: 'field' }, el('label', { for: 'promise-day' }, 'Pay by'), day),
    el('div', { class: 'field' }, el('label', { for: 'promise-amount' }, 'Amount'), amount),
    el('div', { class: 'actions' }, save),
  ) as HTMLFormElement;
  correct.addEventListener('submit', (event) => {
    event.preventDefault();
    send({ requestId: newRequestId('promise'), invoiceNumber, action: 'correct', promisedFor: day.value, amount: amount.value }, [
      save,
      withdraw,
    ]);
  });
  return el(
    'section',
    { class: 'section', 'aria-labelledby': 'promise-title', id: 'promise-section' },
    el('h2', { id: 'promise-title' }, 'Promise to pay'),
    el('p', {}, `By ${promise.promisedFor}${amountText(promise.amount)}, recorded ${promise.recordedOn}.`),
    el('div', { class: 'row' }, withdraw),
    el('details', {}, el('summary', {}, 'Correct the day or amount…'), correct),
    error,
  );
}
