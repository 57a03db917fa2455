/**
 * The Settings dialog: shows the settings in effect and how the ledger reads with them (the
 * columns found, each row that could not be read and why), and saves corrections. The server
 * validates; a refused field is marked where it is, and nothing is saved.
 */
import type { SettingsInput, SettingsView } from '../../shared/api/settings-contract';
import { el } from './dom';
import { closeHost, settingsServer } from './server';
import { startTabs } from './settings-tabs';
import { startTeamSettings } from './team-settings-form';
import { markSaved, mayClose, watchEdits } from './unsaved-edits';

const form = document.getElementById('settings') as HTMLFormElement;
const status = document.getElementById('status') as HTMLElement;
const formError = document.getElementById('form-error') as HTMLElement;
const save = document.getElementById('save') as HTMLButtonElement;
const input = (id: string) => document.getElementById(id) as HTMLInputElement;
const select = (id: string) => document.getElementById(id) as HTMLSelectElement;

function option(value: string, text: string, selected: boolean): HTMLOptionElement {
  const o = el('option', { value }, text) as HTMLOptionElement;
  o.selected = selected;
  return o;
}

function renderMapping(view: SettingsView, previewing = false): void {
  const grid = document.getElementById('mapping') as HTMLElement;
  grid.replaceChildren();
  for (const field of view.fields) {
    const id = `map-${field.field}`;
    const picker = el('select', { id, name: `mapping.${field.field}`, 'data-field': field.field }) as HTMLSelectElement;
    picker.append(option('', field.required ? '— choose a column —' : '— none —', field.column === null));
    for (const header of view.headers) {
      picker.append(option(String(header.column), `${header.letter}: ${header.text || '(blank)'}`, header.column === field.column));
    }
    grid.append(el('label', { for: id }, `${field.label}${field.required ? ' *' : ''}`), picker);
  }
  const source = document.getElementById('mapping-source') as HTMLElement;
  source.textContent =
    previewing && view.ledger.state === 'read'
      ? 'Not saved yet: below, the ledger as it reads with the columns picked. Save to keep them. * marks columns every ledger needs (and an Amount or a Balance).'
      : view.ledger.state === 'unreadable'
        ? `No header was recognised. Pick the header row above (its cells are listed below), then the column for each field, and Save. * marks columns every ledger needs (and an Amount or a Balance).`
        : view.mappingSource === 'saved'
          ? 'The columns you saved. * marks columns every ledger needs (and an Amount or a Balance).'
          : 'Found from the header row: correct any that are wrong and Save. * marks columns every ledger needs (and an Amount or a Balance).';
  const preview = document.getElementById('preview') as HTMLElement;
  preview.replaceChildren(
    ...(view.preview.length > 0
      ? [
          el('p', {}, 'The first rows, as read with these settings:'),
          el('ul', { id: 'preview-rows' }, ...view.preview.map((p) => el('li', {}, `Row ${p.row}: ${p.read}`))),
        ]
      : []),
  );
}

function renderLedgerCheck(view: SettingsView): void {
  const box = document.getElementById('ledger-check') as HTMLElement;
  const { ledger } = view;
  if (ledger.state === 'unreadable') {
    box.replaceChildren(el('p', { class: 'field-error' }, `"${ledger.sheetName}" could not be read: ${ledger.message}`));
    return;
  }
  const summary = el(
    'p',
    {},
    `Read ${ledger.invoiceCount} invoice${ledger.invoiceCount === 1 ? '' : 's'} from "${ledger.sheetName}" (header on row ${ledger.headerRow}).`,
  );
  const notes = view.notes.map((n) => el('p', { class: 'hint reading-note' }, n));
  if (ledger.unreadableCount === 0) {
    box.replaceChildren(summary, ...notes, el('p', { class: 'hint' }, 'Every invoice row could be read.'));
    return;
  }
  const more = ledger.unreadableCount > ledger.unreadable.length ? ` (the first ${ledger.unreadable.length} are listed)` : '';
  box.replaceChildren(
    summary,
    ...notes,
    el(
      'p',
      {},
      `${ledger.unreadableCount} row${ledger.unreadableCount === 1 ? '' : 's'} could not be read and will not be synced or colored${more}:`,
    ),
    el('ul', { id: 'unreadable-rows' }, ...ledger.unreadable.map((r) => el('li', {}, `Row ${r.row}: ${r.reasons.join('; ')}`))),
  );
}

function renderBackend(view: SettingsView): void {
  const automation = document.getElementById('automation') as HTMLElement;
  automation.textContent =
    view.automation.syncOnEdit && view.automation.hourlySync
      ? 'Automatic sync is on: edited rows are sent as you edit, and every change each hour.'
      : 'Automatic sync is off. Saving a backend address turns it on; clearing it turns it off.';
  const last = document.getElementById('last-sync') as HTMLElement;
  if (!view.lastSync) {
    last.replaceChildren(el('p', { class: 'hint' }, 'No sync has run yet.'));
    return;
  }
  const { lastSync } = view;
  last.replaceChildren(
    el('p', {}, `Last sync ${new Date(lastSync.at).toLocaleString()}: ${lastSync.message}`),
    ...(lastSync.failedRows.length > 0
      ? [
          el(
            'ul',
            {},
            ...lastSync.failedRows.map((f) => el('li', {}, `Row ${f.row}${f.invoiceNumber ? ` (${f.invoiceNumber})` : ''}: ${f.reason}`)),
          ),
        ]
      : []),
  );
}

function render(view: SettingsView): void {
  const sheet = select('sheetName');
  sheet.replaceChildren(...view.sheets.map((name) => option(name, name, name === view.values.sheetName)));
  input('headerRow').value = String(view.values.headerRow);
  select('dateOrder').value = view.values.dateOrder;
  select('decimalSeparator').value = view.values.decimalSeparator;
  (document.getElementById('statusWords') as HTMLTextAreaElement).value = view.values.statusWords;
  input('boundaries').value = view.values.boundaries.join(', ');
  input('dueSoonDays').value = view.values.dueSoonDays === null ? '' : String(view.values.dueSoonDays);
  (document.getElementById('sheet-zone') as HTMLElement).textContent =
    `Dates are read, and aged, in the spreadsheet's time zone: ${view.spreadsheetTimeZone} (File > Settings in Sheets). The time zone emails follow is under Sending.`;
  input('currency').value = view.values.currency;
  input('backendUrl').value = view.values.backendUrl;
  input('backendUrl').readOnly = view.backendUrlFixed;
  (document.getElementById('backendUrl-hint') as HTMLElement).textContent = view.backendUrlFixed
    ? 'Set when this add-on was built for your team: it cannot be changed here.'
    : 'Development build: the address is taken from here. Builds for your team carry it fixed.';
  input('statusColumns').checked = view.values.statusColumns;
  renderMapping(view);
  renderLedgerCheck(view);
  renderBackend(view);
  form.hidden = false;
}

/** A number box as a number; text that is not one is passed on as NaN so the server names the field. */
function numberOrNull(value: string): number | null {
  return value.trim() === '' ? null : Number(value);
}

function collect(): SettingsInput {
  const mapping: SettingsInput['mapping'] = {};
  for (const picker of document.querySelectorAll<HTMLSelectElement>('#mapping select')) {
    mapping[picker.dataset.field ?? ''] = picker.value === '' ? null : Number(picker.value);
  }
  return {
    sheetName: select('sheetName').value,
    headerRow: Number(input('headerRow').value),
    dateOrder: select('dateOrder').value as SettingsInput['dateOrder'],
    decimalSeparator: select('decimalSeparator').value as SettingsInput['decimalSeparator'],
    statusWords: (document.getElementById('statusWords') as HTMLTextAreaElement).value,
    mapping,
    boundaries: input('boundaries')
      .value.split(/[,\s]+/)
      .filter(Boolean)
      .map(Number),
    dueSoonDays: numberOrNull(input('dueSoonDays').value),
    currency: input('currency').value,
    backendUrl: input('backendUrl').value,
    statusColumns: input('statusColumns').checked,
  };
}

function clearErrors(): void {
  formError.hidden = true;
  for (const node of document.querySelectorAll('.field-error[data-for]')) node.remove();
  for (const node of document.querySelectorAll('[aria-invalid]')) {
    node.removeAttribute('aria-invalid');
    node.removeAttribute('aria-errormessage');
  }
}

/** `mapping.dueDate` marks that column's picker; `mapping` alone marks the whole column list. */
function showErrors(message: string, fields: Record<string, string>): void {
  formError.textContent = message;
  formError.hidden = false;
  for (const [name, reason] of Object.entries(fields)) {
    const target = name === 'mapping' ? document.getElementById('mapping') : (form.elements.namedItem(name) as HTMLElement | null);
    const id = `error-${name.replace(/\W/g, '-')}`;
    const note = el('p', { class: 'field-error', id, 'data-for': name }, reason);
    if (target) {
      target.setAttribute('aria-invalid', 'true');
      target.setAttribute('aria-errormessage', id);
      target.insertAdjacentElement('afterend', note);
    } else {
      formError.append(el('br'), `${name}: ${reason}`);
    }
  }
  form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}

async function load(): Promise<void> {
  try {
    const result = await settingsServer.getSettingsView();
    if (result.ok) {
      render(result.data);
      status.textContent = '';
    } else status.textContent = result.error.message;
  } catch (error) {
    status.textContent = `Could not read the settings: ${error instanceof Error ? error.message : String(error)}`;
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void (async () => {
    clearErrors();
    save.disabled = true;
    status.textContent = 'Saving and reading the ledger again…';
    try {
      const result = await settingsServer.saveSettings(collect());
      if (result.ok) {
        render(result.data);
        markSaved(form);
        status.textContent = 'Saved.';
        if (result.data.values.backendUrl) void loadTeam();
      } else {
        status.textContent = '';
        showErrors(result.error.message, result.error.fields ?? {});
      }
    } catch (error) {
      status.textContent = '';
      showErrors(`Could not save: ${error instanceof Error ? error.message : String(error)}`, {});
    } finally {
      save.disabled = false;
    }
  })();
});
(document.getElementById('cancel') as HTMLButtonElement).addEventListener('click', () => {
  if (mayClose()) closeHost();
});
startTabs();
watchEdits(form);

// Picking a header row, a column, a date order or a decimal separator reads the ledger again,
// nothing saved, so a wrong pick shows in the rows before it is kept.
let previewTimer: number | undefined;
let previewAsked = 0;
/**
 * `fresh`: 'columns' finds the columns from the header again, the picks (saved or not) set aside;
 * 'sheet' finds the header row too, for a sheet just picked: the last sheet's header row and
 * columns mean nothing there, and reading it with them would show its rows wrongly.
 */
async function refreshPreview(fresh: 'no' | 'columns' | 'sheet' = 'no'): Promise<void> {
  const asked = (previewAsked += 1);
  const asForm = collect();
  const picks = fresh === 'no' ? asForm.mapping : {};
  const result = await settingsServer.previewSettings({ ...asForm, mapping: picks, ...(fresh === 'sheet' && { headerRow: null }) });
  if (asked !== previewAsked) return; // a later pick is on its way
  const box = document.getElementById('preview') as HTMLElement;
  if (!result.ok) {
    box.replaceChildren(el('p', { class: 'field-error' }, result.error.message));
    return;
  }
  if (fresh === 'sheet') input('headerRow').value = String(result.data.values.headerRow);
  const view =
    fresh === 'no' ? { ...result.data, fields: result.data.fields.map((f) => ({ ...f, column: picks[f.field] ?? null })) } : result.data;
  renderMapping(view, true);
  renderLedgerCheck(view);
}
// A ledger pasted anew or its columns renamed: read the header again rather than the saved columns.
(document.getElementById('redetect') as HTMLButtonElement).addEventListener('click', () => void refreshPreview('columns'));
form.addEventListener('change', (event) => {
  const target = event.target as HTMLElement;
  if (!target.closest('#mapping') && !['headerRow', 'sheetName', 'dateOrder', 'decimalSeparator', 'statusWords'].includes(target.id))
    return;
  window.clearTimeout(previewTimer);
  const fresh = target.id === 'sheetName' ? 'sheet' : 'no';
  previewTimer = window.setTimeout(() => void refreshPreview(fresh), 300);
});
const loadTeam = startTeamSettings();
void load();
void loadTeam();
