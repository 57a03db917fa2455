import * as acorn from 'acorn';
import { builtinModules } from 'node:module';
import { createContext, runInContext } from 'node:vm';
import { buildAddonCode, entryExports } from '../../scripts/build/build-addon';
import { fakeHtmlService, fakeSpreadsheetApp, fakeUi, type RecordedMenu } from '../support/apps-script-fakes';
import { fixtureRows } from '../support/fixtures';

type Node = acorn.Node & Record<string, unknown>;

function* walk(node: unknown): Generator<Node> {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const child of node) yield* walk(child);
    return;
  }
  const n = node as Node;
  if (typeof n.type === 'string') yield n;
  for (const [key, value] of Object.entries(n)) if (key !== 'type' && typeof value === 'object') yield* walk(value);
}

describe('the built add-on (Code.js)', () => {
  let code: string;
  let exports: string[];
  let program: acorn.Program;

  beforeAll(async () => {
    ({ code, exports } = await buildAddonCode());
    program = acorn.parse(code, { ecmaVersion: 2020, sourceType: 'script' });
  });

  it('exposes the entry module exports, read from esbuild rather than a hand-kept list', async () => {
    expect(exports).toEqual(await entryExports());
    expect(exports).toEqual(expect.arrayContaining(['onOpen', 'onInstall', 'showSidebar', 'getSelectedInvoice']));
  });

  it('parses as a plain ES2020 script: no import or export', () => {
    const kinds = [...walk(program)].map((n) => n.type);
    expect(kinds).not.toContain('ImportDeclaration');
    expect(kinds).not.toContain('ExportNamedDeclaration');
    expect(kinds).not.toContain('ImportExpression');
  });

  it('calls no require and touches no Node global', () => {
    const nodeGlobals = new Set(['require', 'process', 'Buffer', '__dirname', '__filename', 'module', 'global']);
    const used = [...walk(program)].filter((n) => n.type === 'Identifier' && nodeGlobals.has(n.name as string)).map((n) => n.name);
    expect(used).toEqual([]);
    const builtins = new RegExp(`["'](node:[a-z_/]+|${builtinModules.filter((m) => !m.startsWith('_')).join('|')})["']\\)`);
    expect(code).not.toMatch(/\brequire\(/);
    expect(code).not.toMatch(builtins);
  });

  it('declares a top-level function for every entry export', () => {
    const declared = program.body.filter((s): s is acorn.FunctionDeclaration => s.type === 'FunctionDeclaration').map((s) => s.id.name);
    expect(declared.sort()).toEqual([...exports].sort());
  });

  function load(sheet = { name: 'Ledger', values: fixtureRows('ledger-sample.csv') as unknown[][], activeRow: 2, timeZone: 'America/New_York', locale: 'en_US' }) {
    const menus: RecordedMenu[] = [];
    const sidebars: unknown[] = [];
    const calls: string[] = [];
    const ui = fakeUi(menus, sidebars);
    const context = createContext({ SpreadsheetApp: fakeSpreadsheetApp(sheet, ui, calls), HtmlService: fakeHtmlService() });
    runInContext(code, context);
    return { context: context as Record<string, unknown>, menus, sidebars, calls };
  }

  it('builds a menu in a bare V8 context whose every item names a global function', () => {
    const { context, menus } = load();
    (context.onOpen as () => void)();
    expect(menus).toHaveLength(1);
    expect(menus[0]?.addedToUi).toBe(true);
    for (const item of menus[0]?.items ?? []) expect(typeof context[item.functionName]).toBe('function');
  });

  it('opens the sidebar from the built Sidebar file', () => {
    const { context, sidebars } = load();
    (context.showSidebar as () => void)();
    expect(sidebars).toEqual([expect.objectContaining({ filename: 'Sidebar', title: 'Dunning Desk' })]);
  });

  it('describes the selected invoice with a constant number of sheet reads', () => {
    const { context, calls } = load();
    const result = (context.getSelectedInvoice as () => { ok: boolean; data: { state: string; invoice?: { invoiceNumber: string } } })();
    expect(result.ok).toBe(true);
    expect(result.data.state).toBe('invoice');
    expect(result.data.invoice?.invoiceNumber).toBe('INV-1000');
    expect(calls.filter((c) => c === 'Range.getValues')).toHaveLength(1);
  });
});
