import type { EvidenceInput, EvidenceSaved } from '../../shared/api/sidebar-contract';
import { el } from './dom';

export interface EvidenceOptions {
  invoiceNumber: string;
  customer: string;
  /** The pack saved in Drive, or why it was not made. */
  make(form: EvidenceInput): Promise<EvidenceSaved | string>;
}

/**
 * One click to what a collection agency or a small-claims court asks for, for this invoice or
 * all of the customer's: a PDF summary and a CSV of every event, saved in Drive, with the audit
 * trail's verification stated at the top.
 */
export function evidenceSection(options: EvidenceOptions): HTMLElement {
  const result = el('div', { class: 'evidence-result', role: 'status', 'aria-live': 'polite' });
  const one = el('button', { type: 'button' }, 'This invoice') as HTMLButtonElement;
  const all = el('button', { type: 'button' }, `All of ${options.customer}’s invoices`) as HTMLButtonElement;
  const run = (scope: EvidenceInput['scope']) => {
    one.disabled = true;
    all.disabled = true;
    result.replaceChildren(el('p', { class: 'hint' }, 'Building the evidence pack: reading every event and checking the audit trail…'));
    options
      .make({ invoiceNumber: options.invoiceNumber, scope })
      .then((saved) => {
        if (typeof saved === 'string') {
          result.replaceChildren(el('p', { class: 'form-error' }, saved));
          return;
        }
        result.replaceChildren(
          el('p', { class: saved.intact ? 'chain-ok' : 'chain-broken', role: saved.intact ? 'note' : 'alert' }, saved.verdict),
          el(
            'p',
            {},
            `${saved.invoices.length} invoice${saved.invoices.length === 1 ? '' : 's'}, ${saved.eventsChecked} events. Saved in Drive:`,
          ),
          el(
            'div',
            { class: 'row' },
            el('a', { href: saved.pdfUrl, target: '_blank', rel: 'noopener', class: 'evidence-pdf' }, 'PDF summary'),
            el('a', { href: saved.csvUrl, target: '_blank', rel: 'noopener', class: 'evidence-csv' }, 'CSV of every event'),
          ),
        );
      })
      .catch((e: unknown) =>
        result.replaceChildren(
          el('p', { class: 'form-error' }, `No pack was made: ${e instanceof Error ? e.message : String(e)}. Try again.`),
        ),
      )
      .finally(() => {
        one.disabled = false;
        all.disabled = false;
      });
  };
  one.addEventListener('click', () => run('invoice'));
  all.addEventListener('click', () => run('customer'));
  return el(
    'section',
    { class: 'section', 'aria-labelledby': 'evidence-title' },
    el('h2', { id: 'evidence-title' }, 'Evidence pack'),
    el(
      'p',
      { class: 'hint' },
      'What a collection agency or a small-claims court asks for: the invoices, every reminder with its delivery report, letters with their hashes, calls, promises, disputes, fees, and a check that the record was not altered. A PDF and a CSV, saved in your Drive.',
    ),
    el('div', { class: 'row' }, one, all),
    result,
  );
}
