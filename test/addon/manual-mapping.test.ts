/**
 * A ledger whose header names nothing the reader knows: Settings offers that row's cells to map
 * by hand, the mapping saved reads every invoice (the preview shows them as read), and the
 * ledger is then colored by aging bucket with it.
 */
import { createAppsScriptEnv } from '../../addon/local/apps-script-env';
import { importCsv } from '../../addon/local/spreadsheet/csv-import';
import { renderConditionalColors } from '../../addon/local/formula/conditional-colors';
import { colorCodeAging } from '../../addon/src/aging/color-code';
import { previewSettingsFromForm, saveSettingsFromForm, settingsView } from '../../addon/src/settings/settings-view';
import type { SettingsInput } from '../../shared/api/settings-contract';
import type { CalendarDate } from '../../shared/time/calendar-date';

const ROWS = [
  ['Code', 'Firm', 'Mailbox', 'Billed on', 'Settle by', 'Value'],
  ['Q-1', 'Harbor Coffee', 'ap@harbor.example', '2026-09-01', '2026-10-01', '1200.00'],
  ['Q-2', 'Blue Fern', 'pay@bluefern.example', '2026-11-01', '2026-11-20', '80.00'],
  ['Q-3', 'Atlas Print', 'ar@atlas.example', '2026-11-10', '2026-12-10', '45.50'],
];

function form(view: ReturnType<typeof settingsView>, mapping: SettingsInput['mapping']): SettingsInput {
  return {
    sheetName: view.values.sheetName,
    headerRow: 1,
    mapping,
    boundaries: view.values.boundaries,
    dueSoonDays: null,
    currency: 'USD',
    backendUrl: '',
    statusColumns: false,
    dateOrder: 'auto',
    decimalSeparator: 'auto',
    statusWords: '',
  };
}

/** The spreadsheet with ROWS on its "Ledger" sheet, as the add-on's server functions are handed it. */
function ledgerNamingNothingKnown() {
  const env = createAppsScriptEnv({ now: () => Date.parse('2026-11-24T15:00:00Z') });
  const sheet = env.spreadsheet.activeSheet;
  sheet.name = 'Ledger';
  sheet.load(importCsv(ROWS, env.spreadsheet.locale));
  return { env, sheet, ports: { ...env.globals, now: env.now } };
}

describe('mapping a ledger by hand when no header is recognised', () => {
  it('offers the header row’s cells, reads with the mapping saved, previews the rows, and colors the ledger', () => {
    const { env, sheet, ports } = ledgerNamingNothingKnown();

    const before = env.run(() => settingsView(ports));
    expect(before.ledger).toMatchObject({ state: 'unreadable', message: expect.stringContaining('Map the columns by hand in Settings') });
    expect(before.headers.map((h) => `${h.letter}: ${h.text}`)).toEqual([
      'A: Code',
      'B: Firm',
      'C: Mailbox',
      'D: Billed on',
      'E: Settle by',
      'F: Value',
    ]);
    expect(before.preview).toEqual([]);

    // A mapping without a due date is refused, naming the field; nothing is saved.
    const refused = env.run(() => saveSettingsFromForm(ports, form(before, { invoiceNumber: 0, customer: 1, amount: 5 })));
    expect(refused.ok || refused.error.fields).toEqual({ mapping: 'needs a column for Due date' });

    // Picked but not saved: the preview reads with the picks, and nothing is stored.
    const partial = env.run(() => previewSettingsFromForm(ports, form(before, { invoiceNumber: 0, customer: 1 })));
    expect(partial.ok && [partial.data.ledger.state, partial.data.headers.length]).toEqual(['unreadable', 6]);
    const picked = env.run(() =>
      previewSettingsFromForm(
        ports,
        form(before, { invoiceNumber: 0, customer: 1, contactEmail: 2, invoiceDate: 3, dueDate: 4, amount: 5 }),
      ),
    );
    expect(picked.ok && picked.data.preview.map((p) => p.read.split(' · ')[0])).toEqual(['Q-1', 'Q-2', 'Q-3']);
    expect(env.run(() => settingsView(ports)).ledger.state).toBe('unreadable');

    const saved = env.run(() =>
      saveSettingsFromForm(ports, form(before, { invoiceNumber: 0, customer: 1, contactEmail: 2, invoiceDate: 3, dueDate: 4, amount: 5 })),
    );
    if (!saved.ok) throw new Error(saved.error.message);
    expect(saved.data.ledger).toMatchObject({ state: 'read', invoiceCount: 3, unreadableCount: 0 });
    expect(saved.data.mappingSource).toBe('saved');
    expect(saved.data.preview).toEqual([
      { row: 2, read: 'Q-1 · Harbor Coffee · due 2026-10-01 · balance $1,200.00 · open' },
      { row: 3, read: 'Q-2 · Blue Fern · due 2026-11-20 · balance $80.00 · open' },
      { row: 4, read: 'Q-3 · Atlas Print · due 2026-12-10 · balance $45.50 · open' },
    ]);

    const colored = env.run(() => colorCodeAging(ports));
    if (!colored.ok) throw new Error(colored.error);
    const seen = renderConditionalColors(sheet, '2026-11-24' as CalendarDate);
    // 54 days late, 4 days late, not yet due: three buckets, three colors.
    const backgrounds = [2, 3, 4].map((row) => seen[row - 1]?.[0]?.background);
    expect(new Set(backgrounds).size).toBe(3);
    expect(backgrounds.every((b) => b && b !== '#ffffff')).toBe(true);
  });

  it('on a sheet just picked, finds its header row and columns instead of reading it with the last sheet’s', () => {
    const { env, ports } = ledgerNamingNothingKnown();
    const mapped = { invoiceNumber: 0, customer: 1, contactEmail: 2, invoiceDate: 3, dueDate: 4, amount: 5 };
    const view = env.run(() => settingsView(ports));
    const saved = env.run(() => saveSettingsFromForm(ports, form(view, mapped)));
    if (!saved.ok) throw new Error(saved.error.message);

    // Another sheet, with a title above its header and the columns in another order.
    const other = env.spreadsheet.addSheet('Invoices 2027');
    other.load(
      importCsv(
        [
          ['Open invoices, exported 2026-11-24'],
          [],
          ['Customer', 'Invoice Number', 'Due Date', 'Amount', 'Email'],
          ['Blue Fern', 'N-1', '2026-11-20', '80.00', 'pay@bluefern.example'],
        ],
        env.spreadsheet.locale,
      ),
    );
    const picked = env.run(() => previewSettingsFromForm(ports, { ...form(saved.data, {}), sheetName: 'Invoices 2027', headerRow: null }));
    if (!picked.ok) throw new Error(picked.error.message);
    expect(picked.data.values.headerRow).toBe(3);
    expect(Object.fromEntries(picked.data.fields.filter((f) => f.column !== null).map((f) => [f.field, f.column]))).toMatchObject({
      customer: 0,
      invoiceNumber: 1,
      dueDate: 2,
      amount: 3,
      contactEmail: 4,
    });
    expect(picked.data.preview[0]?.read).toMatch(/^N-1 · Blue Fern · due 2026-11-20/);
  });

  it('keeps the team’s date order and decimal separator, which win over the cells', () => {
    const env = createAppsScriptEnv({ now: () => Date.parse('2026-11-24T15:00:00Z') });
    const sheet = env.spreadsheet.activeSheet;
    sheet.name = 'Ledger';
    sheet.load([
      ['Invoice', 'Customer', 'Due Date', 'Amount'],
      ['A-1', 'Harbor', '03/04/2026', '1.234'],
    ]);
    const ports = { ...env.globals, now: env.now };
    const view = env.run(() => settingsView(ports));
    expect(view.values).toMatchObject({ dateOrder: 'auto', decimalSeparator: 'auto' });
    expect(view.notes[0]).toContain('"03/04/2026" can be read either way; they were read month first');
    const saved = env.run(() =>
      saveSettingsFromForm(ports, {
        ...form(view, { invoiceNumber: 0, customer: 1, dueDate: 2, amount: 3 }),
        dateOrder: 'DMY',
        decimalSeparator: ',',
      }),
    );
    if (!saved.ok) throw new Error(saved.error.message);
    expect(saved.data.values).toMatchObject({ dateOrder: 'DMY', decimalSeparator: ',' });
    expect(saved.data.notes).toEqual([]);
    expect(saved.data.preview[0]?.read).toBe('A-1 · Harbor · due 2026-04-03 · balance $1,234.00 · open');
  });

  it('reads the team’s own status words, names a line it cannot use, and colors by them', () => {
    const env = createAppsScriptEnv({ now: () => Date.parse('2026-11-24T15:00:00Z') });
    const sheet = env.spreadsheet.activeSheet;
    sheet.name = 'Ledger';
    sheet.load(
      importCsv(
        [
          ['Invoice', 'Customer', 'Due Date', 'Amount', 'Status'],
          ['S-1', 'Harbor', '2026-10-01', '100', 'With lawyer'],
          ['S-2', 'Fern', '2026-10-01', '50', 'Binned'],
          ['S-3', 'Atlas', '2026-10-01', '75', 'Open'],
        ],
        env.spreadsheet.locale,
      ),
    );
    const ports = { ...env.globals, now: env.now };
    const view = env.run(() => settingsView(ports));
    expect(view.ledger).toMatchObject({ state: 'read', invoiceCount: 1, unreadableCount: 2 });
    const mapping = { invoiceNumber: 0, customer: 1, dueDate: 2, amount: 3, status: 4 };

    const refused = env.run(() =>
      saveSettingsFromForm(ports, { ...form(view, mapping), statusWords: 'with lawyer = on hold\nbinned = thrown away' }),
    );
    expect(refused.ok || refused.error.fields).toEqual({
      statusWords: expect.stringMatching(/^line 2: "thrown away" is not a meaning \(open, part paid, paid/),
    });
    expect(env.run(() => settingsView(ports)).values.statusWords).toBe('');

    const saved = env.run(() =>
      saveSettingsFromForm(ports, { ...form(view, mapping), statusWords: 'with lawyer = on hold\n Binned = void ' }),
    );
    if (!saved.ok) throw new Error(saved.error.message);
    expect(saved.data.values.statusWords).toBe('with lawyer = on hold\nBinned = void');
    expect(saved.data.ledger).toMatchObject({ state: 'read', invoiceCount: 2, unreadableCount: 0 });
    expect(saved.data.preview.map((p) => p.read)).toEqual([
      'S-1 · Harbor · due 2026-10-01 · balance $100.00 · on hold',
      'skipped: voided or cancelled: nothing is owed',
      'S-3 · Atlas · due 2026-10-01 · balance $75.00 · open',
    ]);

    // The color rules agree: the voided row stays white, the others take the 31-60 days color.
    const colored = env.run(() => colorCodeAging(ports));
    if (!colored.ok) throw new Error(colored.error);
    const seen = renderConditionalColors(sheet, '2026-11-24' as CalendarDate);
    const [held, binned, open] = [2, 3, 4].map((row) => seen[row - 1]?.[0]?.background);
    expect(binned).toBe('#ffffff');
    expect(held).toBe(open);
    expect(open).not.toBe('#ffffff');
  });
});
