/**
 * "Your turn": everything in the ledger waiting for a person, most pressing first. Each item is
 * one click from its row; the sidebar then shows that invoice with its action.
 */
import type { WorklistItem, WorklistResponse } from '../../shared/api/contract';
import { el } from './dom';

const KIND_WORDS: Record<WorklistItem['kind'], string> = {
  reply: 'Customer replied',
  broken_promise: 'Broken promise',
  call: 'Call',
  letter: 'Letter',
  referral: 'Referral',
  approve: 'Approve',
  review: 'Check a send',
  bounced: 'Bounced address',
};

const amount = (m: WorklistItem['balance']) =>
  `${(m.minor / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${m.currency}`;

export function worklistPanel(list: WorklistResponse, open: (item: WorklistItem) => void, approveAll: () => void): HTMLElement {
  const section = el(
    'section',
    { class: 'section', 'aria-labelledby': 'worklist-title' },
    el('h2', { id: 'worklist-title' }, `Your turn (${list.items.length})`),
  );
  if (list.items.length === 0) {
    section.append(
      el(
        'p',
        { class: 'hint' },
        'Nothing waits for you: no call, letter, approval, check or bounced address is due. Automation is handling the rest.',
      ),
    );
    return section;
  }
  const summary = Object.entries(list.counts)
    .map(([kind, n]) => `${KIND_WORDS[kind as WorklistItem['kind']] ?? kind}: ${n}`)
    .join(' · ');
  section.append(el('p', { class: 'hint' }, `${summary}. Biggest and oldest debts first.`));
  const held = list.counts.approve ?? 0;
  if (held > 0) {
    const all = el('button', { type: 'button', class: 'primary', id: 'approve-all' }, 'Approve all held steps due today');
    all.addEventListener('click', () => {
      if (
        window.confirm(
          `Approve the steps held for review that are due today? ${held} step${held === 1 ? ' is' : 's are'} held in all; those due today go at their times, within business hours and your limit on emails.`,
        )
      )
        approveAll();
    });
    section.append(el('div', { class: 'actions' }, all));
  }
  const items = el('ol', { class: 'worklist' });
  for (const item of list.items) {
    const go = el(
      'button',
      { type: 'button', class: 'worklist-item', 'data-row': String(item.row), 'data-invoice': item.invoiceNumber },
      el('span', { class: 'worklist-kind' }, KIND_WORDS[item.kind]),
      el('span', { class: 'worklist-label' }, item.label),
      el(
        'span',
        { class: 'worklist-meta' },
        `${item.invoiceNumber} · ${item.customer} · ${amount(item.balance)} · ${item.daysLate > 0 ? `${item.daysLate} days late` : 'not yet due'} · row ${item.row}`,
      ),
    );
    go.addEventListener('click', () => open(item));
    items.append(el('li', {}, go));
  }
  section.append(items);
  return section;
}
