/**
 * The way back from a dispute: while one is open, chasing waits, and this section says since when
 * and why, and closes it with how it ended (a new audit event, never an edit). Chasing then
 * resumes where the ladder says, unless the invoice was credited or written off in the sheet.
 */
import type { RemindersResponse } from '../../shared/api/contract';
import type { ResolveDisputeInput } from '../../shared/api/sidebar-contract';
import { el } from './dom';
import { newRequestId } from './forms';

const RESOLUTIONS: [ResolveDisputeInput['resolution'], string][] = [
  ['in_our_favour', 'Settled in our favour: the invoice stands'],
  ['credit_issued', 'We issued a credit note'],
  ['written_off', 'We wrote it off'],
  ['withdrawn', 'The customer withdrew it'],
];

export function disputeSection(
  dispute: NonNullable<RemindersResponse['dispute']>,
  invoiceNumber: string,
  resolve: (form: ResolveDisputeInput) => Promise<string | undefined>,
): HTMLElement {
  const resolution = el('select', { id: 'dispute-resolution' }) as HTMLSelectElement;
  for (const [value, text] of RESOLUTIONS) resolution.append(el('option', { value }, text));
  const notes = el('textarea', { id: 'dispute-notes', rows: '2', maxlength: '2000' }) as HTMLTextAreaElement;
  const error = el('p', { class: 'form-error', role: 'alert' });
  error.hidden = true;
  const submit = el('button', { type: 'submit', class: 'primary' }, 'Resolve the dispute') as HTMLButtonElement;
  const form = el(
    'form',
    { class: 'section', 'aria-labelledby': 'dispute-title' },
    el('h2', { id: 'dispute-title' }, 'Disputed'),
    el('p', { class: 'stopped' }, `Since ${dispute.openedAt.slice(0, 10)}: ${dispute.reason}. No reminder goes while it is open.`),
    el('div', { class: 'field' }, el('label', { for: 'dispute-resolution' }, 'How it ended'), resolution),
    el('div', { class: 'field' }, el('label', { for: 'dispute-notes' }, 'Note (optional)'), notes),
    error,
    el('div', { class: 'actions' }, submit),
  ) as HTMLFormElement;
  // One id per submission: a retry after a lost answer resolves once.
  let requestId = newRequestId('dispute');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit.disabled = true;
    error.hidden = true;
    void resolve({
      requestId,
      invoiceNumber,
      resolution: resolution.value as ResolveDisputeInput['resolution'],
      ...(notes.value.trim() && { notes: notes.value.trim() }),
    })
      .then((refused) => {
        if (refused) {
          error.textContent = refused;
          error.hidden = false;
        } else requestId = newRequestId('dispute');
      })
      .finally(() => (submit.disabled = false));
  });
  return form;
}
