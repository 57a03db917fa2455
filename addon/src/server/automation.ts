import { err, ok, type Result } from '../../../shared/result';
import type { AddonPorts } from './ports';

/** The installable triggers' handlers: names of functions exported from main.ts. */
export const EDIT_HANDLER = 'onLedgerEdit';
export const HOURLY_HANDLER = 'hourlySync';

function ourTriggers(ports: AddonPorts): GoogleAppsScript.Script.Trigger[] {
  const spreadsheet = ports.SpreadsheetApp.getActiveSpreadsheet();
  return ports.ScriptApp.getUserTriggers(spreadsheet).filter((t) => [EDIT_HANDLER, HOURLY_HANDLER].includes(t.getHandlerFunction()));
}

export function automationState(ports: AddonPorts): { syncOnEdit: boolean; hourlySync: boolean } {
  const handlers = ourTriggers(ports).map((t) => t.getHandlerFunction());
  return { syncOnEdit: handlers.includes(EDIT_HANDLER), hourlySync: handlers.includes(HOURLY_HANDLER) };
}

/**
 * Turns automatic sync on (an installable on-edit trigger and an hourly one, for this user in
 * this document) or off. Add-ons may hold one trigger of each kind per document, and a second
 * create throws, so existing ones are looked up first: running this twice changes nothing.
 */
export function setAutomation(ports: AddonPorts, on: boolean): Result<{ syncOnEdit: boolean; hourlySync: boolean }> {
  const existing = ourTriggers(ports);
  try {
    if (!on) {
      for (const trigger of existing) ports.ScriptApp.deleteTrigger(trigger);
      return ok({ syncOnEdit: false, hourlySync: false });
    }
    const has = (handler: string) => existing.some((t) => t.getHandlerFunction() === handler);
    const spreadsheet = ports.SpreadsheetApp.getActiveSpreadsheet();
    if (!has(EDIT_HANDLER)) ports.ScriptApp.newTrigger(EDIT_HANDLER).forSpreadsheet(spreadsheet).onEdit().create();
    if (!has(HOURLY_HANDLER)) ports.ScriptApp.newTrigger(HOURLY_HANDLER).timeBased().everyHours(1).create();
    return ok({ syncOnEdit: true, hourlySync: true });
  } catch (error) {
    return err(error instanceof Error ? error.message : String(error));
  }
}
