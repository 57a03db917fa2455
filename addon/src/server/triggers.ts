/**
 * What the installable triggers run. Neither shows UI: a trigger has no one to show it to, so
 * outcomes go to the sync status the Settings dialog and sidebar display.
 */
import { readSettings } from '../settings/addon-settings';
import { syncLedger } from '../sync/sync-ledger';
import { refreshReportIfPresent } from './commands';
import type { AddonPorts } from './ports';

/**
 * An edit on the ledger sheet sends the edited rows' invoices. Edits elsewhere are ignored. If
 * another run holds the lock, this edit is not lost: its fingerprint differs, so the hourly
 * sync sends it.
 */
export function ledgerEdited(ports: AddonPorts, e: Pick<GoogleAppsScript.Events.SheetsOnEdit, 'range'>): void {
  const settings = readSettings(ports.PropertiesService.getDocumentProperties());
  if (!settings.backendUrl) return;
  const sheetName = e.range.getSheet().getName();
  if (settings.sheetName && sheetName !== settings.sheetName) return;
  const first = e.range.getRow();
  const rows = Array.from({ length: e.range.getNumRows() }, (_, i) => first + i);
  syncLedger(ports, { trigger: 'edit', startedAt: ports.now(), rows });
}

/** Every changed invoice, then the aging report refreshed so it shows today's ages. */
export function hourly(ports: AddonPorts): void {
  const settings = readSettings(ports.PropertiesService.getDocumentProperties());
  if (settings.backendUrl) syncLedger(ports, { trigger: 'hourly', startedAt: ports.now() });
  refreshReportIfPresent(ports);
}
