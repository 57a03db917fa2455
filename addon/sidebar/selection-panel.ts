/**
 * Several rows selected in the sheet: one action on all their invoices (approve what review
 * holds, pause, log the same note), each asked first with the count and the invoices, and sent
 * under one request id with the invoice numbers the question named.
 */
import type { BulkActionResponse } from '../../shared/api/contract';
import type { BulkActionInput, SelectedRowsView } from '../../shared/api/sidebar-contract';
import { el } from './dom';

type Action = { action: 'approve' } | { action: 'pause'; until?: string } | { action: 'note'; note: string };

export interface SelectionHandlers {
  /** Sends the action; resolves to the backend's answer or a failure in words. */
  act(form: BulkActionInput): Promise<BulkActionResponse | string>;
  newRequestId(): string;
}

const WHAT: Record<Action['action'], (n: string) => string> = {
  approve: (n) => `Approve the emails held for review on ${n}? They go at their times, within business hours and your limit on emails.`,
  pause: (n) => `Pause automated reminders for ${n}?`,
  note: (n) => `Log this note on ${n}?`,
};
const DONE: Record<Action['action'], string> = { approve: 'Approved', pause: 'Paused', note: 'Note logged on' };

const invoicesWord = (n: number) => (n === 1 ? '1 invoice' : `${n} invoices`);

export function selectionPanel(view: SelectedRowsView, handlers: SelectionHandlers): HTMLElement {
  const section = el(
    'section',
    { class: 'section', id: 'selection', 'aria-labelledby': 'selection-title' },
    el('h2', { id: 'selection-title' }, `Rows ${view.first} to ${view.last} selected`),
  );
  const count = view.invoices.length;
  if (count === 0) {
    section.append(
      el(
        'p',
        { class: 'hint' },
        view.message ?? 'None of the selected rows holds an invoice. Select the invoice rows to act on them together.',
      ),
    );
    return section;
  }
  const names = view.invoices.map((i) => i.invoiceNumber);
  const shown = names.length <= 6 ? names.join(', ') : `${names.slice(0, 5).join(', ')} and ${names.length - 5} more`;
  section.append(
    el(
      'p',
      { class: 'hint' },
      `${invoicesWord(count)}: ${shown}${view.notInvoices > 0 ? ` (${view.notInvoices} selected row${view.notInvoices === 1 ? ' holds' : 's hold'} no invoice)` : ''}.`,
    ),
  );

  const said = el('p', { role: 'status', 'aria-live': 'polite' });
  const buttons: HTMLButtonElement[] = [];
  const run = (action: Action) => {
    if (!window.confirm(`${WHAT[action.action](`${invoicesWord(count)} (${shown})`)}`)) return;
    for (const b of buttons) b.disabled = true;
    said.className = '';
    said.textContent = 'Working…';
    void handlers
      .act({ requestId: handlers.newRequestId(), invoiceNumbers: names, ...action })
      .then((answer) => {
        if (typeof answer === 'string') {
          said.className = 'form-error';
          said.textContent = `Nothing was done: ${answer}`;
          return;
        }
        const skipped = answer.skipped.map((s) => `${s.invoiceNumber}: ${s.reason}`);
        said.textContent = `${DONE[action.action]} ${invoicesWord(answer.done.length)}.${skipped.length > 0 ? ` Left as they were: ${skipped.join('; ')}.` : ''}`;
      })
      .finally(() => {
        for (const b of buttons) b.disabled = false;
      });
  };

  const approve = el('button', { type: 'button', id: 'bulk-approve' }, 'Approve held emails') as HTMLButtonElement;
  approve.addEventListener('click', () => run({ action: 'approve' }));

  const until = el('input', { type: 'date', id: 'bulk-until', 'aria-label': 'Pause until (optional)' }) as HTMLInputElement;
  const pause = el('button', { type: 'button', id: 'bulk-pause' }, 'Pause reminders') as HTMLButtonElement;
  pause.addEventListener('click', () => run({ action: 'pause', ...(until.value && { until: until.value }) }));

  const note = el('textarea', {
    id: 'bulk-note',
    rows: '2',
    maxlength: '4000',
    'aria-label': 'A note to log on each selected invoice',
  }) as HTMLTextAreaElement;
  const log = el('button', { type: 'button', id: 'bulk-log' }, 'Log this note on each') as HTMLButtonElement;
  log.addEventListener('click', () => {
    if (!note.value.trim()) {
      note.setAttribute('aria-invalid', 'true');
      said.className = 'form-error';
      said.textContent = 'Type the note to log first.';
      note.focus();
      return;
    }
    note.removeAttribute('aria-invalid');
    run({ action: 'note', note: note.value.trim() });
  });
  buttons.push(approve, pause, log);
  section.append(
    el('div', { class: 'row' }, approve),
    el('div', { class: 'row' }, until, pause),
    el('div', { class: 'field' }, el('label', { for: 'bulk-note' }, 'Note'), note),
    el('div', { class: 'row' }, log),
    said,
  );
  return section;
}
