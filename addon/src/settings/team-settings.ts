/**
 * The team's settings, which live in the backend (the dispatcher and the letters read them
 * there): read for the Settings dialog, merged with the form and written back whole. The
 * dispute reasons are also kept in the document's properties, so the sidebar offers them
 * without a network call.
 */
import { describeIssues, LedgerSettings } from '../../../shared/api/contract';
import { TeamSettingsInput, type TeamSettingsView } from '../../../shared/api/settings-contract';
import type { SidebarResult } from '../../../shared/api/sidebar-contract';
import { DEFAULT_DISPUTE_REASONS, DisputeReasons } from '../../../shared/disputes';
import { callBackend, newRequestId } from '../backend/backend-client';
import type { AddonPorts } from '../server/ports';
import { backendOf, failed } from '../server/sidebar-backend';
import { feeFormValues, feePolicyFromForm } from '../../../shared/fees/fee-form';
import { ladderFromForm, scheduleField, scheduleValues } from '../../../shared/escalation/ladder-form';
import { DEFAULT_TEMPLATE_NAMES, DEFAULT_TEMPLATES } from '../../../shared/email/default-templates';
import { sendingSettings, sendingValues, sheetFacts } from './sending-settings';

const REASONS_KEY = 'dunningDesk.disputeReasons';

/** The ledger's dispute reasons as last read from or saved to the backend; the defaults before that. */
export function readDisputeReasons(properties: GoogleAppsScript.Properties.Properties): string[] {
  const raw = properties.getProperty(REASONS_KEY);
  if (!raw) return [...DEFAULT_DISPUTE_REASONS];
  try {
    const parsed = DisputeReasons.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : [...DEFAULT_DISPUTE_REASONS];
  } catch {
    return [...DEFAULT_DISPUTE_REASONS];
  }
}

/** The form's view of the backend's settings; the dispute reasons are kept for the sidebar on the way. */
function rememberAndView(ports: AddonPorts, settings: LedgerSettings): TeamSettingsView {
  ports.PropertiesService.getDocumentProperties().setProperty(REASONS_KEY, JSON.stringify(settings.disputeReasons));
  const { ledgerName, senderName, replyTo, signature, paymentInstructions, disputeReasons, letterTemplates, currency, fees } = settings;
  const spreadsheetTimeZone = ports.SpreadsheetApp.getActiveSpreadsheet().getSpreadsheetTimeZone();
  const values = {
    ledgerName,
    senderName,
    replyTo,
    signature,
    paymentInstructions,
    paymentLink: settings.paymentLink ?? '',
    disputeReasons,
    letterTemplates,
    schedule: scheduleValues(settings.ladder),
    sending: sendingValues(settings),
    fees: feeFormValues(fees, currency),
    templates: settings.templates,
  };
  return { values, emailSteps: emailSteps(settings), emails: emailNames(settings), currency, spreadsheetTimeZone };
}

/** Every email but the thank-you note, by the name a person knows it: the standard name, or the first step that sends it. */
function emailNames(settings: LedgerSettings): TeamSettingsView['emails'] {
  const stepLabel = (id: string) => settings.ladder.steps.find((s) => s.action.kind === 'email' && s.action.templateId === id)?.label;
  return Object.keys({ ...DEFAULT_TEMPLATES, ...settings.templates })
    .filter((id) => id !== 'thank-you')
    .map((templateId) => ({ templateId, label: DEFAULT_TEMPLATE_NAMES[templateId] ?? stepLabel(templateId) ?? templateId }));
}

/**
 * The Schedule form as the ledger's ladder, with an email of its own (the standard overdue
 * wording, to be reworded under Emails) for each new email step that asked for one, and every
 * email a step names checked to exist.
 */
function scheduleSettings(values: TeamSettingsInput['schedule'], current: LedgerSettings) {
  const form = ladderFromForm(values);
  const templates = { ...current.templates };
  const seed = DEFAULT_TEMPLATES.overdue;
  if (seed) for (const id of form.newTemplates) templates[id] ??= { ...seed };
  const fields = { ...form.fields };
  const known = (id: string) => id in templates || id in DEFAULT_TEMPLATES;
  form.ladder.steps.forEach((step, i) => {
    if (step.action.kind === 'email' && !known(step.action.templateId))
      fields[`schedule.steps.${i}.templateId`] = `names an email that does not exist ("${step.action.templateId}")`;
  });
  if (form.ladder.tail && !known(form.ladder.tail.templateId))
    fields['schedule.repeatTemplateId'] = `names an email that does not exist ("${form.ladder.tail.templateId}")`;
  return { ladder: form.ladder, templates, fields };
}

/** The ladder's email steps (and its repeating tail, and the thank-you note) with the template each uses, in order. */
function emailSteps(settings: LedgerSettings): TeamSettingsView['emailSteps'] {
  const steps = settings.ladder.steps.flatMap((step) =>
    step.action.kind === 'email' ? [{ templateId: step.action.templateId, label: step.label ?? step.id }] : [],
  );
  const tail = settings.ladder.tail
    ? [{ templateId: settings.ladder.tail.templateId, label: `Every ${settings.ladder.tail.everyDays} days after the last step` }]
    : [];
  const all = [...steps, ...tail, { templateId: 'thank-you', label: 'Thank-you note on payment' }];
  // A template two steps share is edited once, under the first step's name.
  return all.filter((step, i) => all.findIndex((s) => s.templateId === step.templateId) === i);
}

/**
 * The ledger's settings as the backend keeps them, or the defaults it would keep, which take
 * the spreadsheet's zone and the sheet's currency (never UTC because nobody set a zone).
 */
function readLedgerSettings(ports: AddonPorts, backend: { baseUrl: string; ledgerId: string }) {
  const query = { ledgerId: backend.ledgerId, ...sheetFacts(ports) };
  return callBackend(ports, backend.baseUrl, { method: 'get', path: '/v1/settings', query }, LedgerSettings);
}

export function teamSettings(ports: AddonPorts): SidebarResult<TeamSettingsView> {
  const backend = backendOf(ports);
  if ('ok' in backend)
    return {
      ok: false,
      error: { code: 'no-backend', message: 'These settings are kept by the backend: add its address under Backend above and Save first.' },
    };
  const answer = readLedgerSettings(ports, backend);
  return answer.ok ? { ok: true, data: rememberAndView(ports, answer.value) } : failed(answer);
}

/** Lines typed in a text box: trimmed, blank ones dropped. */
const lines = (list: readonly string[]) => list.map((l) => l.trim()).filter((l) => l !== '');

/**
 * Reads the current settings, puts the form's values in, and checks the whole with the
 * backend's schema before sending: a refused field is named as the form names it
 * (`replyTo`, `letterTemplates.formal_demand.opening`), and nothing is written.
 */
export function saveTeamSettings(ports: AddonPorts, input: unknown): SidebarResult<TeamSettingsView> {
  const form = TeamSettingsInput.safeParse(input);
  if (!form.success)
    return {
      ok: false,
      error: {
        code: 'invalid',
        message: 'Nothing was saved: the form sent something unexpected.',
        fields: Object.fromEntries(describeIssues(form.error).map((i) => [formField(i.path), i.message])),
      },
    };
  const backend = backendOf(ports);
  if ('ok' in backend)
    return { ok: false, error: { code: 'no-backend', message: 'Add the backend address under Backend and Save it first.' } };
  const current = readLedgerSettings(ports, backend);
  if (!current.ok) return failed(current);
  const values = form.data;
  const sending = sendingSettings(values.sending);
  const fees = feePolicyFromForm(values.fees, current.value.currency);
  const schedule = scheduleSettings(values.schedule, current.value);
  const formRefusals = { ...schedule.fields, ...sending.fields, ...fees.fields };
  const merged = LedgerSettings.safeParse({
    ...current.value,
    ...sending.part,
    ladder: schedule.ladder,
    fees: fees.policy,
    templates: { ...schedule.templates, ...values.templates },
    ledgerName: values.ledgerName,
    senderName: values.senderName,
    replyTo: values.replyTo.trim(),
    signature: values.signature.trim(),
    paymentInstructions: values.paymentInstructions.trim(),
    // Emptied, it is gone: the one from before is not kept by the spread above.
    paymentLink: values.paymentLink.trim() || undefined,
    disputeReasons: lines(values.disputeReasons),
    letterTemplates: Object.fromEntries(
      Object.entries(values.letterTemplates).flatMap(([stage, t]) => {
        const kept = { ...(t.opening?.trim() && { opening: t.opening.trim() }), ...(t.closing?.trim() && { closing: t.closing.trim() }) };
        return Object.keys(kept).length > 0 ? [[stage, kept]] : [];
      }),
    ),
  });
  if (!merged.success || Object.keys(formRefusals).length > 0) {
    // The first reason for each field: a bad date in the holidays says more than what it closes.
    const fields: Record<string, string> = { ...formRefusals };
    for (const i of merged.success ? [] : describeIssues(merged.error))
      fields[formField(i.path)] ??= formMessage(i.path, i.message, values.sending.holidays);
    return { ok: false, error: { code: 'invalid', message: 'Nothing was saved: fix the fields marked below.', fields } };
  }
  const saved = callBackend(
    ports,
    backend.baseUrl,
    {
      method: 'put',
      path: '/v1/settings',
      body: {
        requestId: newRequestId(ports),
        ledgerId: backend.ledgerId,
        settings: merged.data,
        ...(values.heldSteps && { heldSteps: values.heldSteps }),
      },
    },
    LedgerSettings,
  );
  return saved.ok
    ? { ok: true, data: rememberAndView(ports, saved.value) }
    : failed(saved, (path) => formField(path.replace(/^settings\./, '')));
}

/** Where the form names a field otherwise than LedgerSettings does. */
const FIELD_OF: readonly [RegExp, string][] = [
  [/^disputeReasons\.\d+$/, 'disputeReasons'],
  [/^businessHours\.days(\.\d+)?$/, 'days'],
  [/^businessHours\.startMinute$/, 'startTime'],
  [/^businessHours\.endMinute$/, 'endTime'],
  [/^businessHours\.holidays(\.\d+)?$/, 'holidays'],
  [/^cap\.maxEmails$/, 'capEmails'],
  [/^cap\.windowDays$/, 'capDays'],
  // The settings' paths and the form's own, for Settings > Fees.
  [/^fees\.(annualRateBp|ratePercent)$/, 'feeRate'],
  [/^fees\.(flatFeeMinor|flatFee)$/, 'feeFlat'],
  [/^fees\.(referenceRateBp|referencePercent)$/, 'feeReference'],
  [/^fees(\.kind)?$/, 'feeKind'],
  [/^sending\./, ''],
];

/** A LedgerSettings path ("cap.maxEmails") as the form's field name ("capEmails"). */
function formField(path: string): string {
  const step = scheduleField(path);
  if (step) return step;
  for (const [pattern, field] of FIELD_OF) if (pattern.test(path)) return field === '' ? path.replace(pattern, '') : field;
  return path;
}

/** A refused holiday is named by the date as typed, since the box holds many. */
function formMessage(path: string, message: string, holidays: readonly string[]): string {
  const m = /^businessHours\.holidays\.(\d+)$/.exec(path);
  if (!m) return message;
  const typed = [...new Set(holidays.map((h) => h.trim()).filter((h) => h !== ''))].sort()[Number(m[1])];
  return typed === undefined ? message : `"${typed}" ${message}`;
}
