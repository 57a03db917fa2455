import type { SelectedInvoiceView } from '../../shared/api/sidebar-contract';

import { el } from './dom';

type InvoiceView = Extract<SelectedInvoiceView, { state: 'invoice' }>;

function fact(label: string, value: string): HTMLElement[] {
  return [el('dt', {}, label), el('dd', {}, value)];
}

const STATUS_LABELS: Record<string, string> = {
  open: 'Open',
  partial: 'Partly paid',
  paid: 'Paid',
  disputed: 'Disputed',
  promised: 'Promised to pay',
  on_hold: 'On hold',
  bankrupt: 'Bankrupt',
  do_not_contact: 'Do not contact',
};

function ageText(days: number): string {
  if (days < 0) return `Due in ${-days} day${days === -1 ? '' : 's'}`;
  if (days === 0) return 'Due today';
  return `${days} day${days === 1 ? '' : 's'} past due`;
}

export function invoiceCard(view: InvoiceView): HTMLElement {
  const { invoice } = view;
  const paid = invoice.status === 'paid';
  const card = el(
    'section',
    { class: 'card', 'aria-labelledby': 'invoice-title' },
    el('h2', { id: 'invoice-title' }, `${invoice.invoiceNumber} · ${invoice.customer}`),
    el(
      'p',
      paid ? { class: 'badge bucket-paid' } : { class: 'badge', style: `background:${view.bucket.background};color:${view.bucket.text}` },
      paid ? 'Paid' : `${view.bucket.label === 'Current' ? 'Current' : view.bucket.label + ' late'} · ${ageText(view.daysPastDue)}`,
    ),
  );
  const facts = el('dl', { class: 'facts' });
  facts.append(
    ...fact('Balance', invoice.balance),
    ...fact('Amount', invoice.amount),
    ...fact('Due date', invoice.dueDate),
    ...(invoice.invoiceDate ? fact('Invoice date', invoice.invoiceDate) : []),
    ...fact('Status', STATUS_LABELS[invoice.status] ?? invoice.status),
    ...fact('Contact', [invoice.contactName, invoice.contactEmail].filter(Boolean).join(' · ') || 'No email on this row'),
    ...(invoice.timeZone ? fact('Time zone', invoice.timeZone) : []),
    ...fact('Sheet row', `${view.sheetName} row ${view.row}`),
  );
  card.append(facts);
  card.append(
    el(
      'p',
      { class: 'customer-total' },
      `${invoice.customer} has ${view.customerOpen.count} open invoice${view.customerOpen.count === 1 ? '' : 's'} in this ledger, ${view.customerOpen.total} in all.`,
    ),
  );
  if (paid)
    card.append(
      el(
        'p',
        { class: 'hint', role: 'note' },
        'Paid: there is nothing to chase. Its history is below, and the evidence pack still covers it.',
      ),
    );
  if (view.warnings.length > 0) {
    card.append(el('ul', { class: 'warnings', role: 'note' }, ...view.warnings.map((w) => el('li', {}, w))));
  }
  return card;
}

export function messageCard(title: string, lines: readonly string[]): HTMLElement {
  return el('section', { class: 'card empty', role: 'status' }, el('h2', {}, title), ...lines.map((l) => el('p', {}, l)));
}
