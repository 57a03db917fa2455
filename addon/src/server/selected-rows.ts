/**
 * The block of rows a person selected in the ledger sheet, read as invoices, and one action on
 * them all: the sidebar names the count and the invoices before asking the backend, and sends
 * the invoice numbers it named, so a selection changed meanwhile is not what gets acted on.
 */
import { BulkActionRequest, BulkActionResponse } from '../../../shared/api/contract';
import { BulkActionForm, type SelectedRowsView, type SidebarResult } from '../../../shared/api/sidebar-contract';
import { readLedger } from '../../../shared/ledger/read-ledger';
import { callBackend } from '../backend/backend-client';
import { ledgerOptions } from '../ledger/load-ledger';
import { readSettings } from '../settings/addon-settings';
import type { AddonPorts } from './ports';
import { backendOf, failed, invalid } from './sidebar-backend';

/** Two reads of the sheet whatever the selection (the active range and the data range), then pure code. */
export function selectedRows(ports: AddonPorts): SidebarResult<SelectedRowsView> {
  const spreadsheet = ports.SpreadsheetApp.getActiveSpreadsheet();
  const settings = readSettings(ports.PropertiesService.getDocumentProperties());
  const sheet = spreadsheet.getActiveSheet();
  const sheetName = sheet.getName();
  const range = sheet.getActiveRange();
  const first = range?.getRow() ?? 1;
  const last = first + (range?.getNumRows() ?? 1) - 1;
  const { options } = ledgerOptions(spreadsheet, settings, settings.sheetName === undefined || settings.sheetName === sheetName);
  const readout = readLedger(sheet.getDataRange().getValues(), options);
  if (!readout.ok)
    return { ok: true, data: { sheetName, first, last, invoices: [], notInvoices: last - first + 1, message: readout.error } };
  const invoices = readout.value.invoices
    .filter((i) => i.row >= first && i.row <= last)
    .map((i) => ({ invoiceNumber: i.invoiceNumber, customer: i.customer, row: i.row }));
  return { ok: true, data: { sheetName, first, last, invoices, notInvoices: last - first + 1 - invoices.length } };
}

export function actOnSelection(ports: AddonPorts, input: unknown): SidebarResult<BulkActionResponse> {
  const form = BulkActionForm.safeParse(input);
  if (!form.success) return invalid(form.error, 'Nothing was done: the request was not valid.');
  const backend = backendOf(ports);
  if ('ok' in backend) return backend;
  const body = BulkActionRequest.safeParse({ ...form.data, ledgerId: backend.ledgerId });
  if (!body.success) return invalid(body.error, 'Nothing was done: the request was not valid.');
  const answer = callBackend(ports, backend.baseUrl, { method: 'post', path: '/v1/invoices/bulk', body: body.data }, BulkActionResponse);
  return answer.ok ? { ok: true, data: answer.value } : failed(answer);
}
