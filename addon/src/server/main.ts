/**
 * Everything Apps Script may call: triggers, menu targets and the functions the sidebar and the
 * Settings dialog call through google.script.run. The build turns each export into a top-level
 * function over the bundle; nothing else in the add-on is global. Each is a thin wrapper that
 * hands the Apps Script services to an operation that takes them as ports.
 */
import { approveDueToday as approveDueTodayWith, goToRow as goToRowWith, worklist as worklistWith } from './worklist';
import { describeIssues } from '../../../shared/api/contract';
import {
  type HolidayPresetRequest,
  SettingsInput,
  type SettingsApi,
  type SettingsView,
  type TeamSettingsInput,
  type TeamSettingsView,
} from '../../../shared/api/settings-contract';
import { saveTeamSettings as saveTeamSettingsWith, teamSettings } from '../settings/team-settings';
import { holidayCountries, publicHolidays } from '../settings/holiday-presets';
import type {
  ApproveDueResponse,
  BulkActionResponse,
  CustomerHoldResponse,
  EmailLetterResponse,
  WorklistResponse,
  EmailPreview,
  HolidaysResponse,
  RemindersResponse,
  TestReminderResponse,
} from '../../../shared/api/contract';
import type { InvitationView, TenantView } from '../../../shared/api/tenant-contract';
import type { PersonInput, SenderInput } from '../../../shared/api/settings-contract';
import type {
  BulkActionInput,
  SelectedRowsView,
  CustomerHoldInput,
  PromiseChangeInput,
  ReverseContactInput,
  EmailLetterInput,
  EvidenceInput,
  EvidenceSaved,
  InvoiceActivityView,
  ReferralInput,
  ResolveDisputeInput,
  LetterInput,
  LetterSaved,
  LogContactInput,
  ReminderActionInput,
  SelectedInvoiceView,
  SidebarApi,
  SidebarResult,
  StatementInput,
  StatementSaved,
  SignUpInput,
  TeamSignedUp,
  JoinTeamInput,
} from '../../../shared/api/sidebar-contract';
import { previewSettingsFromForm, saveSettingsFromForm, settingsView } from '../settings/settings-view';
import { buildAgingReportCommand, colorCodeAgingCommand, helpCommand, syncNowCommand } from './commands';
import {
  actOnReminders as actOnRemindersWith,
  changePromise as changePromiseWith,
  holdCustomer as holdCustomerWith,
  reverseContact as reverseContactWith,
  referInvoice as referInvoiceWith,
  resolveDispute as resolveDisputeWith,
  sendTestReminder as sendTestReminderWith,
  invoiceActivity,
  logContact as logContactWith,
  previewReminder as previewReminderWith,
} from './invoice-activity';
import { exportEvidence as exportEvidenceWith } from './evidence';
import { makeStatement as makeStatementWith } from './statements';
import {
  inviteToTeam as inviteToTeamWith,
  joinTeam as joinTeamWith,
  removeFromTeam as removeFromTeamWith,
  checkTeamSender as checkTeamSenderWith,
  removeTeamSender as removeTeamSenderWith,
  setTeamSender as setTeamSenderWith,
  signUpTeam as signUpTeamWith,
  teamInvitation,
  teamPeople,
} from './team';
import { emailLetter as emailLetterWith, generateLetter as generateLetterWith } from './letters';
import { appsScriptPorts } from './ports';
import { openSidebar, selectedInvoice, selectionKey } from './sidebar';
import { actOnSelection as actOnSelectionWith, selectedRows } from './selected-rows';
import { hourly, ledgerEdited } from './triggers';

export { onInstall, onOpen } from './menu';

export function showSidebar(): void {
  openSidebar(appsScriptPorts());
}
export function getSelectedInvoice(): SidebarResult<SelectedInvoiceView> {
  return selectedInvoice(appsScriptPorts());
}
export function getSelectionKey(): string {
  return selectionKey(appsScriptPorts());
}

/** The browser's values are checked against the contract's schemas inside each operation. */
export function getInvoiceActivity(invoiceNumber: string): SidebarResult<InvoiceActivityView> {
  return invoiceActivity(appsScriptPorts(), invoiceNumber);
}
export function logContact(form: LogContactInput): SidebarResult<{ automation: string }> {
  return logContactWith(appsScriptPorts(), form);
}
export function actOnReminders(form: ReminderActionInput): SidebarResult<RemindersResponse> {
  return actOnRemindersWith(appsScriptPorts(), form);
}
export function previewReminder(invoiceNumber: string, stepId: string): SidebarResult<EmailPreview> {
  return previewReminderWith(appsScriptPorts(), invoiceNumber, stepId);
}
export function sendTestReminder(invoiceNumber: string, stepId: string): SidebarResult<TestReminderResponse> {
  return sendTestReminderWith(appsScriptPorts(), invoiceNumber, stepId);
}
export function generateLetter(form: LetterInput): SidebarResult<LetterSaved> {
  return generateLetterWith(appsScriptPorts(), form);
}
export function emailLetter(form: EmailLetterInput): SidebarResult<EmailLetterResponse> {
  return emailLetterWith(appsScriptPorts(), form);
}
export function referInvoice(form: ReferralInput): SidebarResult<{ automation: string }> {
  return referInvoiceWith(appsScriptPorts(), form);
}
export function exportEvidence(form: EvidenceInput): SidebarResult<EvidenceSaved> {
  return exportEvidenceWith(appsScriptPorts(), form);
}
export function makeStatement(form: StatementInput): SidebarResult<StatementSaved> {
  return makeStatementWith(appsScriptPorts(), form);
}
export function signUpTeam(form: SignUpInput): SidebarResult<TeamSignedUp> {
  return signUpTeamWith(appsScriptPorts(), form);
}
export function getTeamInvitation(): SidebarResult<InvitationView | null> {
  return teamInvitation(appsScriptPorts());
}
export function joinTeam(form: JoinTeamInput): SidebarResult<TeamSignedUp> {
  return joinTeamWith(appsScriptPorts(), form);
}
export function getTeamPeople(): SidebarResult<TenantView | null> {
  return teamPeople(appsScriptPorts());
}
export function inviteToTeam(form: PersonInput): SidebarResult<TenantView> {
  return inviteToTeamWith(appsScriptPorts(), form);
}
export function removeFromTeam(form: PersonInput): SidebarResult<TenantView> {
  return removeFromTeamWith(appsScriptPorts(), form);
}
export function setTeamSender(form: SenderInput): SidebarResult<TenantView> {
  return setTeamSenderWith(appsScriptPorts(), form);
}
export function checkTeamSender(): SidebarResult<TenantView> {
  return checkTeamSenderWith(appsScriptPorts());
}
export function removeTeamSender(): SidebarResult<TenantView> {
  return removeTeamSenderWith(appsScriptPorts());
}

export function colorCodeAgingFromMenu(): void {
  colorCodeAgingCommand(appsScriptPorts());
}
export function buildAgingReportFromMenu(): void {
  buildAgingReportCommand(appsScriptPorts());
}
export function syncNowFromMenu(): void {
  syncNowCommand(appsScriptPorts());
}
export function showHelp(): void {
  helpCommand(appsScriptPorts());
}

export function showSettings(): void {
  const html = HtmlService.createHtmlOutputFromFile('Settings').setWidth(520).setHeight(640);
  SpreadsheetApp.getUi().showModalDialog(html, 'Dunning Desk settings');
}

export function getSettingsView(): SidebarResult<SettingsView> {
  return { ok: true, data: settingsView(appsScriptPorts()) };
}

/** The form's values arrive from the browser: checked here before anything reads them. */
export function saveSettings(input: unknown): SidebarResult<SettingsView> {
  const parsed = SettingsInput.safeParse(input);
  if (!parsed.success) {
    const fields = Object.fromEntries(describeIssues(parsed.error).map((i) => [i.path, i.message]));
    return { ok: false, error: { code: 'invalid', message: 'Nothing was saved: fix the fields marked below.', fields } };
  }
  return saveSettingsFromForm(appsScriptPorts(), parsed.data);
}

/** The ledger read with the form as it stands, nothing saved: the dialog's live preview. */
export function previewSettings(input: unknown): SidebarResult<SettingsView> {
  const parsed = SettingsInput.safeParse(input);
  if (!parsed.success) {
    const fields = Object.fromEntries(describeIssues(parsed.error).map((i) => [i.path, i.message]));
    return { ok: false, error: { code: 'invalid', message: 'Fix the fields marked below to see the ledger read with them.', fields } };
  }
  return previewSettingsFromForm(appsScriptPorts(), parsed.data);
}

export function getTeamSettings(): SidebarResult<TeamSettingsView> {
  return teamSettings(appsScriptPorts());
}
export function saveTeamSettings(input: TeamSettingsInput): SidebarResult<TeamSettingsView> {
  return saveTeamSettingsWith(appsScriptPorts(), input);
}

export function getHolidayCountries(): ReturnType<SettingsApi['getHolidayCountries']> {
  return holidayCountries(appsScriptPorts());
}
export function getPublicHolidays(request: HolidayPresetRequest): SidebarResult<HolidaysResponse> {
  return publicHolidays(appsScriptPorts(), request);
}

export function resolveDispute(input: ResolveDisputeInput): SidebarResult<{ automation: string }> {
  return resolveDisputeWith(appsScriptPorts(), input);
}

export function changePromise(input: PromiseChangeInput): SidebarResult<{ automation: string }> {
  return changePromiseWith(appsScriptPorts(), input);
}

export function reverseContact(input: ReverseContactInput): SidebarResult<{ automation: string }> {
  return reverseContactWith(appsScriptPorts(), input);
}

export function getWorklist(): SidebarResult<WorklistResponse> {
  return worklistWith(appsScriptPorts());
}

export function approveDueToday(requestId: string): SidebarResult<ApproveDueResponse> {
  return approveDueTodayWith(appsScriptPorts(), requestId);
}

export function goToRow(row: number): SidebarResult<{ row: number }> {
  return goToRowWith(appsScriptPorts(), row);
}

export function getSelectedRows(): SidebarResult<SelectedRowsView> {
  return selectedRows(appsScriptPorts());
}
export function actOnSelection(form: BulkActionInput): SidebarResult<BulkActionResponse> {
  return actOnSelectionWith(appsScriptPorts(), form);
}
export function holdCustomer(input: CustomerHoldInput): SidebarResult<CustomerHoldResponse> {
  return holdCustomerWith(appsScriptPorts(), input);
}

/** Installable on-edit trigger (set up by Settings when a backend is saved). */
export function onLedgerEdit(e: GoogleAppsScript.Events.SheetsOnEdit): void {
  ledgerEdited(appsScriptPorts(), e);
}

/** Installable hourly trigger. */
export function hourlySync(): void {
  hourly(appsScriptPorts());
}

// Fails to compile if a page's server function is missing here or its signature drifts.
void ({
  getSelectedInvoice,
  getSelectionKey,
  getInvoiceActivity,
  logContact,
  actOnReminders,
  resolveDispute,
  holdCustomer,
  getWorklist,
  goToRow,
  approveDueToday,
  getSelectedRows,
  actOnSelection,
  changePromise,
  reverseContact,
  previewReminder,
  sendTestReminder,
  generateLetter,
  emailLetter,
  referInvoice,
  exportEvidence,
  makeStatement,
  signUpTeam,
  getTeamInvitation,
  joinTeam,
} satisfies SidebarApi);
void ({
  getSettingsView,
  saveSettings,
  previewSettings,
  getTeamSettings,
  saveTeamSettings,
  getHolidayCountries,
  getPublicHolidays,
  getTeamPeople,
  inviteToTeam,
  removeFromTeam,
  setTeamSender,
  checkTeamSender,
  removeTeamSender,
} satisfies SettingsApi);
