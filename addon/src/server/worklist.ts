/**
 * The collector's worklist in the sidebar: the ledger's "your turn" from the backend, and one
 * click from an item to its row (the sidebar follows the selection and shows that invoice, its
 * action first).
 */
import { ApproveDueResponse, RequestId, WorklistResponse } from '../../../shared/api/contract';
import type { SidebarResult } from '../../../shared/api/sidebar-contract';
import { callBackend } from '../backend/backend-client';
import { readSettings } from '../settings/addon-settings';
import type { AddonPorts } from './ports';
import { backendOf, failed } from './sidebar-backend';

export function worklist(ports: AddonPorts): SidebarResult<WorklistResponse> {
  const backend = backendOf(ports);
  if ('ok' in backend) return backend;
  const answer = callBackend(
    ports,
    backend.baseUrl,
    { method: 'get', path: `/v1/worklist?ledgerId=${encodeURIComponent(backend.ledgerId)}` },
    WorklistResponse,
  );
  return answer.ok ? { ok: true, data: answer.value } : failed(answer);
}

/** In review mode: approves, across the ledger, every held step due today (one request id for all). */
export function approveDueToday(ports: AddonPorts, requestId: unknown): SidebarResult<ApproveDueResponse> {
  const id = RequestId.safeParse(requestId);
  if (!id.success) return { ok: false, error: { code: 'invalid', message: 'Nothing was approved: the request id is missing.' } };
  const backend = backendOf(ports);
  if ('ok' in backend) return backend;
  const answer = callBackend(
    ports,
    backend.baseUrl,
    { method: 'post', path: '/v1/reminders/approve-due', body: { requestId: id.data, ledgerId: backend.ledgerId } },
    ApproveDueResponse,
  );
  return answer.ok ? { ok: true, data: answer.value } : failed(answer);
}

/** Selects a row of the ledger sheet (its first cell), so the sidebar shows that invoice. */
export function goToRow(ports: AddonPorts, row: unknown): SidebarResult<{ row: number }> {
  if (typeof row !== 'number' || !Number.isInteger(row) || row < 2)
    return { ok: false, error: { code: 'invalid', message: 'That is not a row of the ledger.' } };
  const spreadsheet = ports.SpreadsheetApp.getActiveSpreadsheet();
  const { sheetName } = readSettings(ports.PropertiesService.getDocumentProperties());
  const sheet = sheetName ? spreadsheet.getSheetByName(sheetName) : spreadsheet.getActiveSheet();
  if (!sheet)
    return {
      ok: false,
      error: { code: 'invalid', message: `The ledger sheet "${sheetName ?? ''}" is gone (renamed or deleted). Choose it in Settings.` },
    };
  if (row > sheet.getLastRow())
    return {
      ok: false,
      error: { code: 'invalid', message: `Row ${row} is past the end of the ledger: sync again, the sheet may have changed.` },
    };
  spreadsheet.setActiveSheet(sheet);
  sheet.setActiveSelection(sheet.getRange(row, 1));
  return { ok: true, data: { row } };
}
