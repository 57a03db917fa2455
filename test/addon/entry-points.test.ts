/**
 * The built add-on (Code.js, Sidebar.html, Settings.html) run in a bare V8 context whose only
 * globals are the emulated Apps Script services: what Apps Script itself does with the bundle.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContext, runInContext } from 'node:vm';
import { buildAddonCode } from '../../scripts/build/build-addon';
import { buildSidebar } from '../../scripts/build/build-sidebar';
import type { SettingsInput, SettingsView } from '../../shared/api/settings-contract';
import type { SelectedInvoiceView, SidebarResult } from '../../shared/api/sidebar-contract';
import { agingBuckets, bucketForDays } from '../../shared/aging/aging-buckets';
import { agingPalette } from '../../shared/aging/aging-palette';
import { REPORT_SHEET } from '../../addon/src/report/aging-report';
import { readSettings } from '../../addon/src/settings/addon-settings';
import { ledgerEnv } from '../support/addon-env';

let code: string;
let distDir: string;

beforeAll(async () => {
  distDir = await mkdtemp(join(tmpdir(), 'dd-addon-'));
  ({ code } = await buildAddonCode());
  await buildSidebar(distDir);
});
afterAll(async () => {
  await rm(distDir, { recursive: true, force: true });
});

function loadAddon(fixture: 'ledger-sample.csv' | 'ledger-messy.csv' = 'ledger-sample.csv', built = code) {
  const made = ledgerEnv(fixture, { distDir });
  // The emulation's cell values are made in this realm; in Apps Script getValues' Dates are the
  // script's own, so the context shares this realm's Date for `instanceof Date` to hold.
  const context = createContext({ Date });
  made.env.install(context);
  runInContext(built, context);
  const call = <T = unknown>(name: string, ...args: unknown[]): T => made.env.run(() => (context[name] as (...a: unknown[]) => T)(...args));
  return { ...made, context: context as Record<string, unknown>, call };
}

type ViewResult = SidebarResult<SettingsView>;

function formFrom(view: SettingsView, changes: Partial<SettingsInput> = {}): SettingsInput {
  const mapping = Object.fromEntries(view.fields.map((f) => [f.field, f.column]));
  const { values } = view;
  return { ...values, mapping, ...changes };
}

describe('the add-on menu', () => {
  it('has the six commands, each naming a function the bundle defines', () => {
    const { call, env, context } = loadAddon();
    call('onOpen');
    const menu = env.ui.menus[0];
    const items = (menu?.items ?? []).flatMap((i) => ('caption' in i ? [i] : []));
    expect(items.map((i) => i.caption)).toEqual(['Open sidebar', 'Color-code aging', 'Build aging report', 'Sync now', 'Settings', 'Help']);
    for (const item of items) expect(typeof context[item.functionName]).toBe('function');
    expect(menu?.addedToUi).toBe(true);
  });

  it('color-codes the ledger and says so in a toast', () => {
    const { call, env, sheet } = loadAddon();
    call('colorCodeAgingFromMenu');
    expect(sheet.rules.length).toBeGreaterThanOrEqual(5);
    expect(env.spreadsheet.toasts.at(-1)?.msg).toMatch(/"Ledger" .* is colored by age/);
    expect(env.ui.alerts).toEqual([]);
  });

  it('lists the rows whose due date is text, which no color rule can age', () => {
    const { call, env, sheet } = loadAddon();
    sheet.rows[4]![4] = '2026-09-30'; // typed into a cell formatted as plain text
    call('colorCodeAgingFromMenu');
    expect(env.ui.alerts.at(-1)).toMatchObject({ title: 'Some due dates are text', prompt: expect.stringContaining('Row 5') as unknown });
  });

  it('builds the aging report', () => {
    const { call, env } = loadAddon();
    call('buildAgingReportFromMenu');
    expect(env.spreadsheet.sheet(REPORT_SHEET).charts).toHaveLength(2);
    expect(env.spreadsheet.toasts.at(-1)?.msg).toMatch(
      /^"Aging report" as of \d{4}-\d{2}-\d{2}: \d+ customers, with the cash expected week by week; 2 charts\./,
    );
  });

  it('explains what to do when Sync now has no backend', () => {
    const { call, env } = loadAddon();
    call('syncNowFromMenu');
    expect(env.ui.alerts.at(-1)?.title).toBe('No backend yet');
    expect(env.counter.snapshot()['UrlFetchApp.fetch']).toBeUndefined();
  });

  it('shows help in words, not a link', () => {
    const { call, env } = loadAddon();
    call('showHelp');
    expect(env.ui.alerts.at(-1)?.prompt).toMatch(/never sent for paid, disputed or promised/);
  });
});

describe('the sidebar', () => {
  it('opens the built Sidebar page', () => {
    const { call, env } = loadAddon();
    call('showSidebar');
    expect(env.ui.shown.at(-1)).toMatchObject({ kind: 'sidebar', title: 'Dunning Desk' });
  });

  it('describes the selected invoice with one read of the sheet', () => {
    const { call, env, sheet } = loadAddon();
    sheet.setActiveSelection('A2');
    env.counter.reset();
    const result = call<{ ok: boolean; data: { state: string; invoice?: { invoiceNumber: string } } }>('getSelectedInvoice');
    expect(result.data).toMatchObject({ state: 'invoice', invoice: { invoiceNumber: 'INV-1000' } });
    expect(env.counter.snapshot()['Range.getValues']).toBe(1);
  });
});

describe('the sidebar with settings saved', () => {
  it('ages by the buckets from Settings and wears the color the row has in the sheet', () => {
    const { call, sheet } = loadAddon();
    const view = (call<ViewResult>('getSettingsView') as Extract<ViewResult, { ok: true }>).data;
    expect(call<ViewResult>('saveSettings', formFrom(view, { boundaries: [15, 45, 90] })).ok).toBe(true);
    sheet.setActiveSelection('A2');
    const result = call<SidebarResult<SelectedInvoiceView>>('getSelectedInvoice');
    if (!result.ok || result.data.state !== 'invoice') throw new Error(JSON.stringify(result));
    const buckets = agingBuckets({ boundaries: [15, 45, 90] });
    const expected = bucketForDays(result.data.daysPastDue, buckets);
    const color = agingPalette(buckets).find((c) => c.bucketId === expected.id);
    expect(result.data.bucket).toEqual({ id: expected.id, label: expected.label, background: color?.background, text: color?.text });
  });
});

describe('the Settings dialog', () => {
  it('opens the built Settings page', () => {
    const { call, env } = loadAddon();
    call('showSettings');
    const shown = env.ui.shown.at(-1);
    expect(shown).toMatchObject({ kind: 'dialog', title: 'Dunning Desk settings' });
    expect(shown?.output.getContent()).toContain('<form id="settings"');
    expect(shown?.output.getContent()).toMatch(/<script>[\s\S]*saveSettings[\s\S]*<\/script>/);
  });

  it('shows the mapping the header reader found and the rows it could not read, with reasons', () => {
    const { call, sheet } = loadAddon('ledger-messy.csv');
    sheet.rows[10]![4] = 'sometime soon';
    const result = call<ViewResult>('getSettingsView');
    if (!result.ok) throw new Error(result.error.message);
    const view = result.data;
    expect(view.mappingSource).toBe('detected');
    expect(view.values.headerRow).toBe(3);
    const column = (field: string) => view.fields.find((f) => f.field === field)?.column;
    expect([column('invoiceNumber'), column('customer'), column('dueDate'), column('amount'), column('paidFlag')]).toEqual([0, 1, 4, 5, 6]);
    expect(view.headers[1]).toEqual({ column: 1, letter: 'B', text: 'Client' });
    expect(view.ledger).toMatchObject({
      state: 'read',
      unreadableCount: 1,
      unreadable: [{ row: 11, reasons: [expect.stringContaining('Due') as unknown] }],
    });
    expect(view.automation).toEqual({ syncOnEdit: false, hourlySync: false });
    expect(view.lastSync).toBeNull();
  });

  it('names each refused field with its reason and saves nothing', () => {
    const { call, env } = loadAddon();
    const view = (call<ViewResult>('getSettingsView') as Extract<ViewResult, { ok: true }>).data;
    const before = env.documentProperties.getProperties();
    const bad = formFrom(view, {
      boundaries: [60, 30],
      backendUrl: 'http://api.example.com',
      currency: 'dollars',
      sheetName: 'Nope',
      mapping: { ...formFrom(view).mapping, balance: 0, dueDate: null, invoiceDate: null },
    });
    const result = call<ViewResult>('saveSettings', bad);
    expect(result.ok).toBe(false);
    const fields = !result.ok ? (result.error.fields ?? {}) : {};
    expect(Object.keys(fields).sort()).toEqual(['backendUrl', 'boundaries', 'currency', 'mapping', 'mapping.balance', 'sheetName']);
    expect(fields.boundaries).toMatch(/increasing/);
    expect(fields.backendUrl).toMatch(/https/);
    expect(fields['mapping.balance']).toMatch(/column A is already Invoice number/);
    expect(fields.mapping).toMatch(/Due date/);
    expect(env.documentProperties.getProperties()).toEqual(before);
  });

  it('keeps a column mapping saved by a version that also kept a time zone in the sheet', () => {
    const { call, env } = loadAddon();
    const view = (call<ViewResult>('getSettingsView') as Extract<ViewResult, { ok: true }>).data;
    const saved = call<ViewResult>('saveSettings', formFrom(view, { headerRow: view.values.headerRow, currency: 'EUR' }));
    expect(saved.ok).toBe(true);
    const stored = JSON.parse(env.documentProperties.getProperty('dunningDesk.settings') ?? '{}') as Record<string, unknown>;
    // The zone is the backend's now (Settings > Sending); an old document still has it here.
    env.documentProperties.setProperty('dunningDesk.settings', JSON.stringify({ ...stored, timeZone: 'Europe/Paris' }));
    const again = call<ViewResult>('getSettingsView');
    expect(again.ok && again.data).toMatchObject({
      mappingSource: 'saved',
      values: { currency: 'EUR' },
      spreadsheetTimeZone: env.spreadsheet.timeZone,
    });
  });

  it('refuses what a browser should never send, naming the field', () => {
    const { call } = loadAddon();
    const result = call<ViewResult>('saveSettings', { sheetName: 'Ledger', headerRow: 'one' });
    expect(!result.ok && result.error.fields).toMatchObject({ headerRow: 'must be a number' });
  });

  it('in a build for a deployed backend, shows its address fixed and refuses another from the sheet', async () => {
    const { code: published } = await buildAddonCode('https://abc123.execute-api.eu-west-1.amazonaws.com/prod/');
    const { call, env } = loadAddon('ledger-sample.csv', published);
    const view = call<ViewResult>('getSettingsView');
    if (!view.ok) throw new Error(view.error.message);
    expect(view.data).toMatchObject({
      backendUrlFixed: true,
      values: { backendUrl: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod' },
    });
    // An editor who points it at their own API Gateway to collect colleagues' tokens is refused.
    const hijack = call<ViewResult>(
      'saveSettings',
      formFrom(view.data, { backendUrl: 'https://evil99.execute-api.eu-west-1.amazonaws.com' }),
    );
    expect(hijack).toMatchObject({ ok: false, error: { message: expect.stringMatching(/backendUrl: is fixed by this build/) } });
    // Even document properties written by other means do not move it.
    env.documentProperties.setProperty(
      'dunningDesk.settings',
      JSON.stringify({ backendUrl: 'https://evil99.execute-api.eu-west-1.amazonaws.com' }),
    );
    const again = call<ViewResult>('getSettingsView');
    expect(again.ok && again.data.values.backendUrl).toBe('https://abc123.execute-api.eu-west-1.amazonaws.com/prod');
    // A development build says where its address comes from and lets Settings set it.
    const dev = loadAddon().call<ViewResult>('getSettingsView');
    expect(dev.ok && dev.data.backendUrlFixed).toBe(false);
  });

  it('saves a corrected mapping and turns automatic sync on with a backend, once, and off without', () => {
    const { call, env } = loadAddon();
    const view = (call<ViewResult>('getSettingsView') as Extract<ViewResult, { ok: true }>).data;
    const form = formFrom(view, {
      backendUrl: 'https://abc123.execute-api.us-east-1.amazonaws.com/',
      boundaries: [15, 45, 90],
      dueSoonDays: 7,
    });
    const saved = call<ViewResult>('saveSettings', form);
    if (!saved.ok) throw new Error(JSON.stringify(saved.error));
    expect(saved.data.mappingSource).toBe('saved');
    expect(saved.data.automation).toEqual({ syncOnEdit: true, hourlySync: true });
    expect(readSettings(env.documentProperties)).toMatchObject({
      backendUrl: 'https://abc123.execute-api.us-east-1.amazonaws.com',
      aging: { boundaries: [15, 45, 90], dueSoonDays: 7 },
      sheetName: 'Ledger',
    });
    expect(env.scriptApp.triggers.map((t) => [t.handler, t.eventType]).sort()).toEqual([
      ['hourlySync', 'CLOCK'],
      ['onLedgerEdit', 'ON_EDIT'],
    ]);
    // Saving again does not try to add a second trigger of a kind (add-ons may hold one).
    expect(call<ViewResult>('saveSettings', form).ok).toBe(true);
    expect(env.scriptApp.triggers).toHaveLength(2);
    const off = call<ViewResult>('saveSettings', { ...form, backendUrl: '' });
    expect(off.ok && off.data.automation).toEqual({ syncOnEdit: false, hourlySync: false });
    expect(env.scriptApp.triggers).toHaveLength(0);
  });
});

describe('the triggers', () => {
  it('refresh an aging report the user built, every hour, even with no backend', () => {
    const { call, env, sheet } = loadAddon();
    call('buildAgingReportFromMenu');
    const report = env.spreadsheet.sheet(REPORT_SHEET);
    const before = JSON.stringify(report.rows);
    sheet.rows[1]![8] = 0; // INV-1000 paid
    call('hourlySync');
    expect(JSON.stringify(report.rows)).not.toBe(before);
    expect(env.counter.snapshot()['UrlFetchApp.fetch']).toBeUndefined();
  });

  it('ignore edits when no backend is set', () => {
    const { call, env, sheet } = loadAddon();
    call('onLedgerEdit', { range: sheet.getRange(3, 9) });
    expect(env.counter.snapshot()['UrlFetchApp.fetch']).toBeUndefined();
  });
});
