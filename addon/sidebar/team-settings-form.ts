/**
 * Settings > Team and letters: who letters and emails are from, the dispute reasons, and the
 * team's own opening and closing per letter stage with a live preview. The preview is the real
 * composer (shared/letters) run in the dialog on sample invoices, so what it shows is what a
 * letter says; every value is set as text, never as markup.
 */
import type { SendingValues, TeamSettingsInput, TeamSettingsView } from '../../shared/api/settings-contract';
import type { LetterStage } from '../../shared/escalation/ladder';
import { type FeeFormValues, feePolicyFromForm } from '../../shared/fees/fee-form';
import { composeLetter } from '../../shared/letters/compose-letter';
import { paymentLinkFor, PaymentLinkTemplate } from '../../shared/payments/payment-link';
import { LETTER_PLACEHOLDERS, LetterTemplate } from '../../shared/letters/letter-template';
import { addDays, calendarDate, type CalendarDate } from '../../shared/time/calendar-date';
import { el } from './dom';
import { collectEmails, emailFieldOf, renderEmailPreview, renderEmails, startEmails } from './email-templates-part';
import { clearFieldErrors, markFieldErrors } from './forms';
import { startHolidayPresets } from './holiday-presets-part';
import { collectSchedule, renderSchedule, startSchedule } from './schedule-part';
import { startTeamPeople } from './team-people-part';
import { closeHost, settingsServer } from './server';
import { clearRefusals, showRefusals } from './settings-tabs';
import { markSaved, mayClose, watchEdits } from './unsaved-edits';

const form = document.getElementById('team') as HTMLFormElement;
const status = document.getElementById('team-status') as HTMLElement;
const error = document.getElementById('team-error') as HTMLElement;
const save = document.getElementById('team-save') as HTMLButtonElement;
const preview = document.getElementById('letter-preview') as HTMLElement;
const stage = document.getElementById('letterStage') as HTMLSelectElement;
const text = (id: string) => document.getElementById(id) as HTMLInputElement | HTMLTextAreaElement;

let view: TeamSettingsView | undefined;
/** The wording typed for each stage, kept while another stage is being edited. */
let drafts: Partial<Record<LetterStage, { opening: string; closing: string }>> = {};
let shownStage = stage.value as LetterStage;

function keepDraft(): void {
  drafts[shownStage] = { opening: text('opening').value, closing: text('closing').value };
}

function showStage(): void {
  shownStage = stage.value as LetterStage;
  text('opening').value = drafts[shownStage]?.opening ?? '';
  text('closing').value = drafts[shownStage]?.closing ?? '';
}

function today(): CalendarDate {
  const now = new Date();
  return calendarDate(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

/** The sample invoice's link as the template makes it, or why the template cannot be used; `undefined` for no link. */
function samplePaymentLink(): string | undefined {
  const sample = document.getElementById('paymentLink-sample') as HTMLElement;
  const template = text('paymentLink').value.trim();
  if (template === '') {
    sample.textContent = '';
    return undefined;
  }
  const checked = PaymentLinkTemplate.safeParse(template);
  if (!checked.success) {
    sample.replaceChildren(el('span', { class: 'field-error' }, `This link ${checked.error.issues[0]?.message ?? 'cannot be used'}.`));
    return undefined;
  }
  const balance = { minor: 120_000, currency: view?.currency ?? 'USD' };
  const link = paymentLinkFor({ invoiceNumber: 'INV-1042', customer: 'Harbor Coffee Roasters', balance }, checked.data);
  sample.textContent = link ? `For invoice INV-1042 it opens ${link}` : 'Filled in, this link would be too long to offer.';
  return checked.data;
}

/** The letter for this stage on two sample overdue invoices, as the backend would compose it, and the email shown. */
function renderPreview(): void {
  if (!view) return;
  const linkTemplate = samplePaymentLink();
  const withLink = <T extends { invoiceNumber: string; balance: { minor: number; currency: string } }>(invoice: T) => {
    const link = paymentLinkFor({ ...invoice, customer: 'Harbor Coffee Roasters' }, linkTemplate);
    return { ...invoice, ...(link && { paymentLink: link }) };
  };
  renderEmailPreview(
    {
      senderName: text('senderName').value,
      replyTo: text('replyTo').value,
      signature: text('signature').value || text('senderName').value,
      paymentInstructions: text('paymentInstructions').value,
    },
    view.currency,
    today(),
    withLink,
  );
  const template = { opening: text('opening').value, closing: text('closing').value };
  const checked = LetterTemplate.safeParse(template);
  // The fees as typed, worked as the letters will work them.
  const fees = feePolicyFromForm(collectFees(), view.currency);
  const day = today();
  const money = (minor: number) => ({ minor, currency: view?.currency ?? 'USD' });
  const letter = composeLetter({
    stage: shownStage,
    today: day,
    creditor: {
      name: text('ledgerName').value || text('senderName').value,
      signature: text('signature').value || text('senderName').value,
      replyTo: text('replyTo').value,
      paymentInstructions: text('paymentInstructions').value,
    },
    debtor: { customer: 'Harbor Coffee Roasters', contactName: 'Sam Ortiz', contactEmail: 'ap@harborcoffee.example' },
    invoices: [
      withLink({ invoiceNumber: 'INV-1042', dueDate: addDays(day, -41), amount: money(120_000), balance: money(120_000) }),
      withLink({ invoiceNumber: 'INV-1057', dueDate: addDays(day, -19), amount: money(45_025), balance: money(45_025) }),
    ],
    currency: view.currency,
    fees: fees.policy,
    deadlineDays: 10,
    locale: 'en-US',
    ...(checked.success && { template: checked.data }),
    // Letters cite only contacts on record: the sample has two reminders, and a demand before a final notice.
    history: {
      reminders: [addDays(day, -26), addDays(day, -12)],
      letters: shownStage === 'final_notice' ? [{ stage: 'formal_demand', on: addDays(day, -10), deadline: addDays(day, -3) }] : [],
      calls: [],
      promises: [],
    },
  });
  const problems = [
    ...(checked.success
      ? []
      : checked.error.issues.map((i) => el('p', { class: 'field-error' }, `${String(i.path[0] ?? '')}: ${i.message}`))),
    ...Object.entries(fees.fields).map(([field, message]) => el('p', { class: 'field-error' }, `${FEE_LABELS[field] ?? field} ${message}`)),
  ];
  if (!letter.ok) {
    preview.replaceChildren(...problems, el('p', { class: 'field-error' }, letter.error));
    return;
  }
  const c = letter.value;
  const feeProblems = Object.entries(fees.fields).map(([field, message]) =>
    el('p', { class: 'field-error' }, `${FEE_LABELS[field] ?? field} ${message}`),
  );
  (document.getElementById('fee-preview') as HTMLElement).replaceChildren(
    ...feeProblems,
    ...(feeProblems.length > 0
      ? []
      : c.feeLines.length > 0
        ? [el('p', {}, c.feeLines.join('\n'))]
        : [el('p', { class: 'hint' }, 'No interest or charges are added: letters ask for the balance only.')]),
    el('p', {}, el('strong', {}, c.totalDueText)),
  );
  const custom = (part: 'opening' | 'closing'): Record<string, string> =>
    checked.success && (checked.data[part] ?? '').trim() !== '' ? { class: 'team-text' } : {};
  preview.replaceChildren(
    ...problems,
    el('p', {}, c.creditorLines.join('\n')),
    el('p', {}, c.date),
    el('p', {}, c.debtorLines.join('\n')),
    el('h4', {}, c.title),
    ...(c.salutation ? [el('p', {}, c.salutation)] : []),
    el('p', custom('opening'), c.opening),
    el(
      'table',
      {},
      el('tr', {}, ...c.table.header.map((h) => el('th', {}, h))),
      ...c.table.rows.map((row) => el('tr', {}, ...row.map((cell) => el('td', {}, cell)))),
    ),
    ...(c.feeLines.length > 0 ? [el('p', {}, c.feeLines.join('\n'))] : []),
    el('p', {}, el('strong', {}, c.totalDueText)),
    el('p', {}, c.demand),
    ...(c.paymentOptions.length > 0 ? [el('p', {}, c.paymentOptions.join('\n'))] : []),
    ...(c.payOnline.length > 0
      ? [
          el('p', {}, el('strong', {}, 'Pay online')),
          el(
            'p',
            {},
            c.payOnline.map((p) => `${c.payOnline.length > 1 ? `Invoices ${p.invoiceNumbers.join(', ')}: ` : ''}${p.link}`).join('\n'),
          ),
          el('p', { class: 'hint' }, `The PDF adds ${c.payOnline.length === 1 ? 'a QR code' : 'QR codes'} for a phone to scan.`),
        ]
      : []),
    el('p', {}, c.consequences),
    el('p', custom('closing'), c.closing),
    el('p', {}, ['Yours sincerely,', ...c.signature].join('\n')),
  );
}

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
/** Monday first, as a working week is read. */
const DAY_ORDER = [1, 2, 3, 4, 5, 6, 0];
const check = (id: string) => document.getElementById(id) as HTMLInputElement;

/** Every IANA zone this browser knows, the spreadsheet's first: the box searches them as it is typed in. */
function renderZones(spreadsheetZone: string): void {
  // Intl.supportedValuesOf is in every browser the add-on runs in; the lib this code is typed with predates it.
  const intl = Intl as unknown as { supportedValuesOf?: (key: 'timeZone') => string[] };
  const zones = new Set([spreadsheetZone, ...(intl.supportedValuesOf?.('timeZone') ?? []), 'UTC']);
  (document.getElementById('time-zones') as HTMLDataListElement).replaceChildren(
    ...[...zones].map((zone) =>
      el('option', { value: zone }, zone === spreadsheetZone ? `${zone} (the spreadsheet's)` : zone.replace(/_/g, ' ')),
    ),
  );
}

/**
 * Ledgers made before the spreadsheet's zone was taken kept UTC: said plainly, with what it
 * means for a customer without a zone, so the team can choose.
 */
function warnAboutZone(spreadsheetZone: string): void {
  const zone = text('timeZone').value.trim();
  const warning = document.getElementById('zone-warning') as HTMLElement;
  warning.hidden = !(zone === 'UTC' && spreadsheetZone !== 'UTC');
  warning.textContent = warning.hidden
    ? ''
    : `This ledger sends on UTC hours while your spreadsheet is in ${spreadsheetZone}: a customer without a Time zone gets email at ${localHours(spreadsheetZone)} in ${spreadsheetZone}. Choose ${spreadsheetZone} above if that is not what you meant.`;
}

/** "04:00-12:00": the sending window (typed as UTC) on the clocks of `zone`, today. */
function localHours(zone: string): string {
  const at = (hhmm: string) => {
    const [h = 0, m = 0] = hhmm.split(':').map(Number);
    const d = new Date();
    d.setUTCHours(h, m, 0, 0);
    return d.toLocaleTimeString('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit' });
  };
  return `${at(text('startTime').value || '09:00')}-${at(text('endTime').value || '17:00')}`;
}

function renderSending(sending: SendingValues, spreadsheetZone: string): void {
  renderZones(spreadsheetZone);
  text('timeZone').value = sending.timeZone;
  text('timeZone').oninput = () => warnAboutZone(spreadsheetZone);
  (document.getElementById('days') as HTMLElement).replaceChildren(
    ...DAY_ORDER.map((day) => {
      const box = el('input', { type: 'checkbox', id: `day-${day}`, value: String(day) }) as HTMLInputElement;
      box.checked = sending.days.includes(day);
      return el('span', { class: 'day-pick' }, box, el('label', { for: `day-${day}` }, DAY_NAMES[day] ?? ''));
    }),
  );
  text('startTime').value = sending.startTime;
  text('endTime').value = sending.endTime;
  text('holidays').value = sending.holidays.join('\n');
  text('capEmails').value = String(sending.capEmails);
  text('capDays').value = String(sending.capDays);
  check('reviewBeforeSend').checked = sending.reviewBeforeSend;
  reviewWasOn = sending.reviewBeforeSend;
  showHeldChoice();
  check('dryRun').checked = sending.dryRun;
  check('thankYouOnPayment').checked = sending.thankYouOnPayment;
  text('dailyDigestTo').value = sending.dailyDigestTo;
  warnAboutZone(spreadsheetZone);
}

/** Whether review was on as saved: switching it off asks what becomes of the emails it held. */
let reviewWasOn = false;

function showHeldChoice(): void {
  const choice = document.getElementById('held-steps') as HTMLFieldSetElement;
  choice.hidden = !(reviewWasOn && !check('reviewBeforeSend').checked);
  if (choice.hidden) for (const radio of choice.querySelectorAll<HTMLInputElement>('input')) radio.checked = false;
}

/** Sent only when review is being switched off and a choice was made; the backend asks if it must. */
function heldStepsChoice(): Pick<TeamSettingsInput, 'heldSteps'> {
  const chosen = document.querySelector<HTMLInputElement>('#held-steps input:checked');
  return chosen && (chosen.value === 'send' || chosen.value === 'cancel') ? { heldSteps: chosen.value } : {};
}

function collectSending(): SendingValues {
  return {
    timeZone: text('timeZone').value,
    days: [...document.querySelectorAll<HTMLInputElement>('#days input:checked')].map((box) => Number(box.value)),
    startTime: text('startTime').value,
    endTime: text('endTime').value,
    holidays: text('holidays').value.split(/\r?\n/),
    // A box left empty or typed as text goes as NaN, and the server names the field.
    capEmails: text('capEmails').value.trim() === '' ? Number.NaN : Number(text('capEmails').value),
    capDays: text('capDays').value.trim() === '' ? Number.NaN : Number(text('capDays').value),
    reviewBeforeSend: check('reviewBeforeSend').checked,
    dryRun: check('dryRun').checked,
    thankYouOnPayment: check('thankYouOnPayment').checked,
    dailyDigestTo: text('dailyDigestTo').value,
  };
}

const FEE_LABELS: Record<string, string> = { feeRate: 'The yearly rate', feeFlat: 'The flat fee', feeReference: 'The reference rate' };

function collectFees(): FeeFormValues {
  return {
    kind: (document.getElementById('feeKind') as HTMLSelectElement).value as FeeFormValues['kind'],
    ratePercent: text('feeRate').value,
    flatFee: text('feeFlat').value,
    referencePercent: text('feeReference').value,
  };
}

/** Only the boxes the chosen kind uses are shown. */
function showFeeBoxes(): void {
  const kind = collectFees().kind;
  (document.getElementById('fee-contract') as HTMLElement).hidden = kind !== 'contract';
  (document.getElementById('fee-statutory') as HTMLElement).hidden = kind !== 'uk-late-payment' && kind !== 'eu-2011-7';
}

function renderFees(fees: FeeFormValues): void {
  (document.getElementById('feeKind') as HTMLSelectElement).value = fees.kind;
  text('feeRate').value = fees.ratePercent;
  text('feeFlat').value = fees.flatFee;
  text('feeReference').value = fees.referencePercent;
  showFeeBoxes();
}

function render(loaded: TeamSettingsView): void {
  view = loaded;
  const { values } = loaded;
  renderSchedule(values.schedule, loaded.emails);
  renderSending(values.sending, loaded.spreadsheetTimeZone);
  renderFees(values.fees);
  renderEmails(loaded);
  text('ledgerName').value = values.ledgerName;
  text('senderName').value = values.senderName;
  text('replyTo').value = values.replyTo;
  text('signature').value = values.signature;
  text('paymentInstructions').value = values.paymentInstructions;
  text('paymentLink').value = values.paymentLink;
  text('disputeReasons').value = values.disputeReasons.join('\n');
  drafts = Object.fromEntries(
    Object.entries(values.letterTemplates).map(([s, t]) => [s, { opening: t.opening ?? '', closing: t.closing ?? '' }]),
  );
  showStage();
  form.hidden = false;
  renderPreview();
}

function collect(): TeamSettingsInput {
  keepDraft();
  return {
    ledgerName: text('ledgerName').value,
    senderName: text('senderName').value,
    replyTo: text('replyTo').value,
    signature: text('signature').value,
    paymentInstructions: text('paymentInstructions').value,
    paymentLink: text('paymentLink').value,
    disputeReasons: text('disputeReasons').value.split(/\r?\n/),
    letterTemplates: drafts,
    schedule: collectSchedule(),
    sending: collectSending(),
    fees: collectFees(),
    templates: collectEmails(),
    ...heldStepsChoice(),
  };
}

/** A refused letter paragraph is shown on its own stage, marked where it is typed. */
function showErrors(message: string, fields: Record<string, string>): void {
  error.textContent = message;
  error.hidden = false;
  const marks: Record<string, string> = {};
  for (const [path, reason] of Object.entries(fields)) {
    const email = emailFieldOf(path);
    if (email) {
      marks[email] = reason;
      continue;
    }
    const letter = /^letterTemplates\.(\w+)\.(opening|closing)$/.exec(path);
    if (letter?.[1] && letter[2]) {
      if (letter[1] !== shownStage) {
        keepDraft();
        stage.value = letter[1];
        showStage();
        renderPreview();
      }
      marks[letter[2]] = reason;
    } else marks[path] = reason;
  }
  markFieldErrors(form, marks);
  showRefusals(form);
}

/** Wires the form once; returns what (re)reads the team settings, e.g. after a backend address is saved. */
export function startTeamSettings(): () => Promise<void> {
  (document.getElementById('placeholders-hint') as HTMLElement).textContent =
    `You can use ${LETTER_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}.`;
  stage.addEventListener('change', () => {
    keepDraft();
    showStage();
    renderPreview();
  });
  startEmails(renderPreview);
  form.addEventListener('input', renderPreview);
  document.getElementById('feeKind')?.addEventListener('change', () => {
    showFeeBoxes();
    renderPreview();
  });
  startSchedule();
  startHolidayPresets();
  check('reviewBeforeSend').addEventListener('change', showHeldChoice);
  watchEdits(form);
  document.getElementById('team-close')?.addEventListener('click', () => {
    if (mayClose()) closeHost();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      error.hidden = true;
      clearFieldErrors(form);
      clearRefusals();
      save.disabled = true;
      status.textContent = 'Saving to the backend…';
      try {
        const result = await settingsServer.saveTeamSettings(collect());
        if (result.ok) {
          render(result.data);
          markSaved(form);
          (document.getElementById('preset-status') as HTMLElement).textContent = '';
          status.textContent = 'Saved: the dispatcher, the letters and the sidebar use these settings from now on.';
        } else {
          status.textContent = '';
          showErrors(result.error.message, result.error.fields ?? {});
        }
      } catch (e) {
        status.textContent = '';
        showErrors(`Could not save: ${e instanceof Error ? e.message : String(e)}`, {});
      } finally {
        save.disabled = false;
      }
    })();
  });
  const loading = document.getElementById('team-loading') as HTMLElement;
  const readPeople = startTeamPeople();
  return async () => {
    loading.textContent = 'Reading the team’s settings from the backend…';
    try {
      const result = await settingsServer.getTeamSettings();
      if (result.ok) {
        loading.textContent = '';
        render(result.data);
        await readPeople();
      } else loading.textContent = result.error.message;
    } catch (e) {
      loading.textContent = `Could not read the team settings: ${e instanceof Error ? e.message : String(e)}`;
    }
  };
}
