/**
 * What the menu items do: call an operation with the Apps Script services, then tell the user
 * the outcome in a toast (success) or an alert (anything they must act on). Each takes its
 * ports so tests run it on the emulation; main.ts exports the no-argument versions.
 */
import { colorCodeAging } from '../aging/color-code';
import { buildAgingReport, REPORT_SHEET } from '../report/aging-report';
import { readSettings } from '../settings/addon-settings';
import { refreshStatusColumns } from '../status/status-columns';
import { syncLedger } from '../sync/sync-ledger';
import type { SyncStatus } from '../sync/sync-state';
import type { AddonPorts } from './ports';

const TITLE = 'Dunning Desk';
const LISTED_ROWS = 10;

function ui(ports: AddonPorts): GoogleAppsScript.Base.Ui {
  return ports.SpreadsheetApp.getUi();
}

function toast(ports: AddonPorts, message: string, seconds = 6): void {
  ports.SpreadsheetApp.getActiveSpreadsheet().toast(message, TITLE, seconds);
}

function listRows(rows: readonly string[], total: number): string {
  const more = total > rows.length ? `\n…and ${total - rows.length} more.` : '';
  return `${rows.join('\n')}${more}`;
}

export function colorCodeAgingCommand(ports: AddonPorts): void {
  const result = colorCodeAging(ports);
  if (!result.ok) {
    ui(ports).alert('Could not color-code aging', result.error, ui(ports).ButtonSet.OK);
    return;
  }
  const { sheetName, range, textDueDates, userRulesKept } = result.value;
  const kept = userRulesKept > 0 ? ` Your ${userRulesKept} own rule${userRulesKept === 1 ? ' was' : 's were'} kept.` : '';
  toast(
    ports,
    `"${sheetName}" ${range} is colored by age; new rows are colored as you type them.${kept} The legend is on the due date header.`,
  );
  if (textDueDates.length > 0) {
    const rows = textDueDates.slice(0, LISTED_ROWS).map((row) => `Row ${row}`);
    ui(ports).alert(
      'Some due dates are text',
      `These rows have a due date Sheets holds as text, so it cannot be aged or colored. Retype them as dates (Format > Number > Date):\n\n${listRows(rows, textDueDates.length)}`,
      ui(ports).ButtonSet.OK,
    );
  }
}

export function buildAgingReportCommand(ports: AddonPorts): void {
  const result = buildAgingReport(ports);
  if (!result.ok) {
    ui(ports).alert('Could not build the aging report', result.error, ui(ports).ButtonSet.OK);
    return;
  }
  const { asOf, customers, charts } = result.value;
  toast(
    ports,
    `"${REPORT_SHEET}" as of ${asOf}: ${customers} customer${customers === 1 ? '' : 's'}, with the cash expected week by week; ${charts} chart${charts === 1 ? '' : 's'}. It refreshes every hour while automatic sync is on.`,
  );
}

/** A sync's outcome in a sentence, and each failed row with its reason. */
function describeSync(status: SyncStatus): { title: string; body: string } {
  const title = status.state === 'failed' ? 'Sync failed' : status.state === 'partial' ? 'Sync partly done' : 'Sync done';
  const rows = status.failedRows
    .slice(0, LISTED_ROWS)
    .map((f) => `Row ${f.row}${f.invoiceNumber ? ` (${f.invoiceNumber})` : ''}: ${f.reason}`);
  const failed = rows.length > 0 ? `\n\n${listRows(rows, status.failedRowCount)}` : '';
  return { title, body: `${status.message}${failed}` };
}

export function syncNowCommand(ports: AddonPorts): void {
  const settings = readSettings(ports.PropertiesService.getDocumentProperties());
  if (!settings.backendUrl) {
    ui(ports).alert('No backend yet', 'Add the backend address in Dunning Desk > Settings, then Sync now.', ui(ports).ButtonSet.OK);
    return;
  }
  // Progress while the chunks go (a large ledger takes a while); the alert replaces it.
  toast(ports, 'Sending changed invoices to Dunning Desk…', 60);
  const startedAt = ports.now();
  const result = syncLedger(ports, { trigger: 'manual', startedAt });
  if (!result.ok) {
    ui(ports).alert('Could not sync', result.error, ui(ports).ButtonSet.OK);
    return;
  }
  let columnsNote = '';
  let columnsFailed = false;
  if (settings.statusColumns) {
    toast(ports, 'Updating the status columns…', 60);
    const columns = refreshStatusColumns(ports, settings, startedAt);
    columnsFailed = !columns.ok || !columns.value.complete;
    columnsNote = !columns.ok
      ? ` ${columns.error}`
      : columns.value.complete
        ? ` Status columns (from column ${columns.value.column}) updated.`
        : ` Status columns partly updated: ${columns.value.stoppedBecause ?? ''}.`;
  }
  refreshReportIfPresent(ports);
  const { title, body } = describeSync(result.value);
  const quiet =
    (result.value.state === 'synced' || result.value.state === 'nothing-to-do') && result.value.failedRowCount === 0 && !columnsFailed;
  if (quiet) toast(ports, `${body}${columnsNote}`);
  else ui(ports).alert(title, `${body}${columnsNote}`, ui(ports).ButtonSet.OK);
}

/** The report is values, so it is rebuilt after a sync and each hour; only if the user made one. */
export function refreshReportIfPresent(ports: AddonPorts): void {
  if (ports.SpreadsheetApp.getActiveSpreadsheet().getSheetByName(REPORT_SHEET)) buildAgingReport(ports);
}

const HELP_TEXT = [
  'Dunning Desk keeps your invoice sheet and your collections in step.',
  '',
  '• Open sidebar: the invoice on the selected row (balance, due date, how late it is, the customer’s other open invoices), its next step and reminders (pause, resume, cancel a step), a form to log a call, email, letter, promise to pay or dispute, the customer’s holds (pause, bankruptcy, do not contact: every invoice of that customer, each with its way back), and its full history.',
  '• Color-code aging: colors each invoice row by how overdue it is; paid and zero-balance rows stay uncolored. Your own formatting rules are kept.',
  '• Build aging report: a sheet of totals per customer and age bucket, with a chart.',
  '• Sync now: sends changed invoices to Dunning Desk so reminders follow the sheet. With a backend set in Settings this also happens on every edit and every hour.',
  '• Settings (tabs; Ledger is kept in this spreadsheet, the others by the backend with one Save): which sheet and columns hold the ledger, aging buckets, currency, backend address, and the optional status columns (Last contact, Next step, Automation) written beside each invoice after every sync. Dates are read in the spreadsheet’s time zone (File > Settings).',
  '• Settings > Schedule: the steps each unpaid invoice goes down (so many days before or after its due date: an email, a letter, a call for your team, the referral), added, removed or reordered, the email repeated after the last step, and how long a final notice and a promise to pay are given. Saved changes reach invoices already on the way.',
  '• Settings > Sending: the ledger’s time zone (customers without one in their row are emailed on its hours; it starts as the spreadsheet’s), working days and hours, holidays, how many emails a customer may get in how many days, review before sending, dry run, a thank-you note on payment, and a daily digest.',
  '• Settings > Emails: the subject and message of each reminder email and of the thank-you note, with a preview of what the customer receives.',
  '• Settings > Fees: none, your contract’s rate and late fee, or the UK or EU statutory interest and compensation; letters show the working.',
  '• Settings > Team and letters: who letters and emails come from, the dispute reasons offered, and your own letter wording with a live preview.',
  '',
  'Reminders are never sent for paid, disputed or promised invoices, nor to a customer in bankruptcy or asking not to be contacted, only in business hours, and never more often than your team’s cap.',
].join('\n');

export function helpCommand(ports: AddonPorts): void {
  ui(ports).alert('Dunning Desk help', HELP_TEXT, ui(ports).ButtonSet.OK);
}
