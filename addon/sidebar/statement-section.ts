import type { StatementInput, StatementSaved } from '../../shared/api/sidebar-contract';
import { el } from './dom';

export interface StatementOptions {
  invoiceNumber: string;
  customer: string;
  /** The statement saved in Drive, or why it was not made. */
  make(form: StatementInput): Promise<StatementSaved | string>;
  newRequestId(): string;
}

/**
 * The document a customer's accounts-payable clerk asks for first: every open invoice of theirs,
 * what was received against each, the balance by age, how to pay. Saved in Drive beside the
 * letters and recorded on each invoice it lists; it sends nothing.
 */
export function statementSection(options: StatementOptions): HTMLElement {
  const result = el('div', { class: 'statement-result', role: 'status', 'aria-live': 'polite' });
  const make = el('button', { type: 'button', id: 'make-statement' }, `Make ${options.customer}’s statement`) as HTMLButtonElement;
  // An id per click: the add-on's retries carry it, so a lost answer does not record the statement twice.
  make.addEventListener('click', () => {
    make.disabled = true;
    result.replaceChildren(el('p', { class: 'hint' }, 'Making the statement: reading the customer’s open invoices…'));
    options
      .make({ requestId: options.newRequestId(), invoiceNumber: options.invoiceNumber })
      .then((saved) => {
        if (typeof saved === 'string') {
          result.replaceChildren(el('p', { class: 'form-error' }, saved));
          return;
        }
        result.replaceChildren(
          el(
            'p',
            {},
            `${saved.invoices.length} open invoice${saved.invoices.length === 1 ? '' : 's'}, ${saved.totalDue} in all. Saved in Drive: `,
            el('a', { href: saved.url, target: '_blank', rel: 'noopener', class: 'statement-link' }, saved.fileName),
          ),
          el('p', { class: 'hint' }, `Recorded on each invoice it lists, with its SHA-256 ${saved.sha256.slice(0, 16)}…`),
        );
      })
      .catch((e: unknown) =>
        result.replaceChildren(
          el('p', { class: 'form-error' }, `No statement was made: ${e instanceof Error ? e.message : String(e)}. Try again.`),
        ),
      )
      .finally(() => (make.disabled = false));
  });
  return el(
    'section',
    { class: 'section', 'aria-labelledby': 'statement-title' },
    el('h2', { id: 'statement-title' }, 'Statement of account'),
    el(
      'p',
      { class: 'hint' },
      'Every open invoice of this customer, what was paid or credited against each, the running balance, the balance by age and how to pay, as a PDF you can send. Nothing is sent.',
    ),
    make,
    result,
  );
}
