import type { SelectedInvoiceView } from '../../shared/api/sidebar-contract';
import { invoiceCard, messageCard } from './invoice-card';
import { server } from './server';

const content = document.getElementById('content') as HTMLElement;
const refresh = document.getElementById('refresh') as HTMLButtonElement;
const status = document.getElementById('status') as HTMLElement;

function render(view: SelectedInvoiceView): HTMLElement {
  switch (view.state) {
    case 'invoice':
      return invoiceCard(view);
    case 'header-row':
      return messageCard('Select an invoice', [`Row ${view.row} is the ledger's header. Click any invoice row below it, then Refresh.`]);
    case 'not-an-invoice':
      return messageCard(`Row ${view.row} is not an invoice`, view.reasons);
    case 'no-ledger':
      return messageCard(`No ledger found on "${view.sheetName}"`, [view.message, 'Open the sheet that holds your invoices and try again.']);
  }
}

async function load(): Promise<void> {
  refresh.disabled = true;
  status.textContent = 'Reading the selected row…';
  try {
    const result = await server.getSelectedInvoice();
    content.replaceChildren(result.ok ? render(result.data) : messageCard('Something went wrong', [result.error.message]));
    status.textContent = '';
  } catch (error) {
    content.replaceChildren(messageCard('Could not reach the sheet', [error instanceof Error ? error.message : String(error), 'Try Refresh in a moment.']));
    status.textContent = '';
  } finally {
    refresh.disabled = false;
  }
}

refresh.addEventListener('click', () => void load());
void load();
