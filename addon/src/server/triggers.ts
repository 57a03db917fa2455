/**
 * What the installable triggers run. Neither shows UI: a trigger has no one to show it to, so
 * outcomes go to the sync status the Settings dialog and sidebar display.
 */
import { readSettings } from '../settings/addon-settings';
import { refreshStatusColumns } from '../status/status-columns';
import { syncEdit } from '../sync/sync-edit';
import { syncLedger } from '../sync/sync-ledger';
import { noteOnStatus } from '../sync/sync-state';
import { refreshReportIfPresent } from './commands';
import type { AddonPorts } from './ports';

/**
 * An edit on the ledger sheet sends the edited rows' invoices, reading only those rows (see
 * sync-edit.ts). Edits elsewhere are ignored. If another run holds the lock, this edit is not
 * lost: its fingerprint differs, so the hourly sync sends it.
 */
export function ledgerEdited(ports: AddonPorts, e: Pick<GoogleAppsScript.Events.SheetsOnEdit, 'range'>): void {
  const settings = readSettings(ports.PropertiesService.getDocumentProperties());
  if (!settings.backendUrl) return;
  const sheet = e.range.getSheet();
  if (settings.sheetName && sheet.getName() !== settings.sheetName) return;
  syncEdit(ports, { sheet, row: e.range.getRow(), numRows: e.range.getNumRows(), column: e.range.getColumn() });
}

/**
 * Every changed invoice, then the status columns (when on) and the aging report, so both show
 * today. A status refresh that fails is told in the sync status, where Settings shows it.
 */
export function hourly(ports: AddonPorts): void {
  const properties = ports.PropertiesService.getDocumentProperties();
  const settings = readSettings(properties);
  const startedAt = ports.now();
  if (settings.backendUrl) {
    const synced = syncLedger(ports, { trigger: 'hourly', startedAt });
    if (synced.ok && settings.statusColumns) {
      const columns = refreshStatusColumns(ports, settings, startedAt);
      if (!columns.ok) noteOnStatus(properties, columns.error);
      else if (!columns.value.complete) noteOnStatus(properties, `Status columns partly updated: ${columns.value.stoppedBecause ?? ''}.`);
    }
  }
  refreshReportIfPresent(ports);
}
