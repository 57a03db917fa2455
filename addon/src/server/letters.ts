/**
 * Demand letters from the sidebar: the backend composes, renders and records the PDF; the
 * add-on keeps it in the user's Drive, a folder per customer, and notes it on the invoice's row.
 */
import { EmailLetterResponse, LetterResponse } from '../../../shared/api/contract';
import { EmailLetterForm, LetterForm, type LetterSaved, type SidebarResult } from '../../../shared/api/sidebar-contract';
import { formatMoney } from '../../../shared/money/money';
import { callBackend } from '../backend/backend-client';
import { loadLedger } from '../ledger/load-ledger';
import { customerFolder } from './drive-folders';
import { type AddonPorts, withDocumentLock } from './ports';
import { backendOf, failed, invalid } from './sidebar-backend';

/** The add-on's folder in the user's Drive; under drive.file it sees only what it made. */
export const LETTERS_FOLDER = 'Dunning Desk letters';

export function generateLetter(ports: AddonPorts, input: unknown): SidebarResult<LetterSaved> {
  const parsed = LetterForm.safeParse(input);
  if (!parsed.success) return invalid(parsed.error, 'No letter was made: fix the fields marked below.');
  const backend = backendOf(ports);
  if ('ok' in backend) return backend;
  const { settings } = backend;
  const answer = callBackend(
    ports,
    backend.baseUrl,
    { method: 'post', path: '/v1/letters', body: { ...parsed.data, ledgerId: backend.ledgerId } },
    LetterResponse,
  );
  if (!answer.ok) return failed(answer);
  const letter = answer.value;

  const blob = ports.Utilities.newBlob(ports.Utilities.base64Decode(letter.pdfBase64), 'application/pdf', letter.fileName);
  // The customer as the backend wrote the letter to them, not whatever the row says by now.
  const file = customerFolder(ports, LETTERS_FOLDER, letter.customer).createFile(blob);
  const url = file.getUrl();

  // A note on the invoice number's cell, added to any note already there: the row tells the story.
  let notedOnRow: number | undefined;
  withDocumentLock(ports, () => {
    const loaded = loadLedger(ports, settings);
    if (!loaded.ok) return;
    const { sheet, readout } = loaded.value;
    const invoice = readout.invoices.find((i) => i.invoiceNumber === parsed.data.invoiceNumber);
    const column = readout.header.mapping.invoiceNumber;
    if (!invoice || column === undefined) return;
    const cell = sheet.getRange(invoice.row, column + 1);
    const existing = cell.getNote();
    const line = `${letter.fileName}: ${url} (SHA-256 ${letter.sha256.slice(0, 16)}…)`;
    cell.setNote(existing ? `${existing}\n${line}` : line);
    notedOnRow = invoice.row;
  });

  return {
    ok: true,
    data: {
      fileName: letter.fileName,
      url,
      sha256: letter.sha256,
      totalDue: formatMoney(letter.totalDue, ports.SpreadsheetApp.getActiveSpreadsheet().getSpreadsheetLocale().replace('_', '-')),
      deadline: letter.deadline,
      invoices: letter.invoices,
      automation: letter.automation,
      ...(notedOnRow !== undefined && { notedOnRow }),
      ...(letter.contactEmail && { contactEmail: letter.contactEmail }),
    },
  };
}

/** Queues a letter made earlier for emailing; the sidebar asked the person first, naming the recipient. */
export function emailLetter(ports: AddonPorts, input: unknown): SidebarResult<EmailLetterResponse> {
  const parsed = EmailLetterForm.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const backend = backendOf(ports);
  if ('ok' in backend) return backend;
  const answer = callBackend(
    ports,
    backend.baseUrl,
    { method: 'post', path: '/v1/letters/email', body: { ...parsed.data, ledgerId: backend.ledgerId } },
    EmailLetterResponse,
  );
  return answer.ok ? { ok: true, data: answer.value } : failed(answer);
}
