import { type InvoiceStatusView, LedgerStatusResponse } from '../../../shared/api/contract';
import { err, ok, type Result } from '../../../shared/result';
import { columnLetter } from '../aging/aging-rules';
import { callBackend } from '../backend/backend-client';
import { loadLedger } from '../ledger/load-ledger';
import type { AddonSettings } from '../settings/addon-settings';
import { type AddonPorts, withDocumentLock } from '../server/ports';
import { SYNC_TIME_BUDGET_MS } from '../sync/sync-run';
import { STATUS_HEADERS, statusCells, statusColumnIndex } from './status-cells';

export interface StatusColumnsOutcome {
  /** Invoice rows given fresh cells. */
  updated: number;
  /** All of the backend's pages arrived; when false, rows not reached kept their cells. */
  complete: boolean;
  /** Why it stopped early, in the backend client's words. */
  stoppedBecause?: string;
  /** A1 column letter of "Last contact". */
  column: string;
}

/** The backend's status pages, until the last or until the run's time is up. */
function fetchStatuses(
  ports: AddonPorts,
  baseUrl: string,
  ledgerId: string,
  deadline: number,
): { views: Map<string, InvoiceStatusView>; complete: boolean; stoppedBecause?: string } {
  const views = new Map<string, InvoiceStatusView>();
  let cursor: string | undefined;
  let slowest = 0;
  do {
    const started = ports.now();
    if (started + slowest > deadline)
      return { views, complete: false, stoppedBecause: 'the run’s time was up; the rest follow at the next hourly sync' };
    const answer = callBackend(
      ports,
      baseUrl,
      { method: 'get', path: '/v1/ledger/status', query: { ledgerId, ...(cursor !== undefined && { cursor }) } },
      LedgerStatusResponse,
    );
    if (!answer.ok) return { views, complete: false, stoppedBecause: answer.failure.message };
    for (const view of answer.value.invoices) views.set(view.invoiceNumber, view);
    cursor = answer.value.nextCursor;
    slowest = Math.max(slowest, ports.now() - started);
  } while (cursor !== undefined);
  return { views, complete: true };
}

/**
 * Writes Last contact / Next step / Automation beside the ledger in one setValues, like the
 * status columns of a mail-merge add-on: the sheet itself tells where each invoice stands. The
 * statuses are fetched first (the slow part), then the ledger is read and written under the
 * document lock, so rows sorted meanwhile still get their own invoice's cells. Rows that are
 * not invoices (totals, notes) keep whatever those cells held.
 */
export function refreshStatusColumns(
  ports: AddonPorts,
  settings: AddonSettings,
  startedAt: number,
  budgetMs = SYNC_TIME_BUDGET_MS,
): Result<StatusColumnsOutcome> {
  if (!settings.backendUrl) return err('No backend is set up yet. Add its address in Dunning Desk > Settings.');
  const ledgerId = ports.SpreadsheetApp.getActiveSpreadsheet().getId();
  const fetched = fetchStatuses(ports, settings.backendUrl, ledgerId, startedAt + budgetMs);
  if (fetched.views.size === 0 && !fetched.complete)
    return err(`Could not update the status columns: ${fetched.stoppedBecause ?? 'no answer'}`);

  const locked = withDocumentLock(ports, (): Result<StatusColumnsOutcome> => {
    const loaded = loadLedger(ports, settings);
    if (!loaded.ok) return loaded;
    const { sheet, values, readout, options } = loaded.value;
    const headerIndex = readout.header.rowIndex;
    const width = values[0]?.length ?? 0;
    const column = statusColumnIndex(values[headerIndex] ?? [], width);
    const existing = (r: number): unknown[] => [0, 1, 2].map((k) => values[r]?.[column + k] ?? '');

    const rowOf = new Map<number, string>();
    for (const invoice of readout.invoices) rowOf.set(invoice.row, invoice.invoiceNumber);
    let updated = 0;
    const block: unknown[][] = [];
    for (let r = headerIndex; r < values.length; r += 1) {
      if (r === headerIndex) {
        block.push([...STATUS_HEADERS]);
        continue;
      }
      const number = rowOf.get(r + 1);
      const view = number === undefined ? undefined : fetched.views.get(number);
      if (number === undefined || (!view && !fetched.complete)) {
        block.push(existing(r));
        continue;
      }
      block.push(statusCells(view, options.timeZone));
      updated += 1;
    }
    // A ledger that fills its sheet to the last column gets three more, or the write would fail.
    const maxColumns = sheet.getMaxColumns();
    if (column + 3 > maxColumns) sheet.insertColumnsAfter(maxColumns, column + 3 - maxColumns);
    sheet.getRange(headerIndex + 1, column + 1, block.length, 3).setValues(block);
    return ok({
      updated,
      complete: fetched.complete,
      column: columnLetter(column),
      ...(fetched.stoppedBecause && { stoppedBecause: fetched.stoppedBecause }),
    });
  });
  return locked.ok ? locked.value : err(locked.error);
}
