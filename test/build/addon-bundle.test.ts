import * as acorn from 'acorn';
import { builtinModules } from 'node:module';
import { addonManifest, buildAddonCode, entryExports } from '../../scripts/build/build-addon';

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
    expect(exports).toEqual(
      expect.arrayContaining([
        'onOpen',
        'onInstall',
        'showSidebar',
        'getSelectedInvoice',
        'showSettings',
        'getSettingsView',
        'saveSettings',
        'onLedgerEdit',
        'hourlySync',
      ]),
    );
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
  // Running the bundle on the emulated services: test/addon/entry-points.test.ts.

  it('allows UrlFetch to reach only the deployed backend when its address is given', async () => {
    expect((await addonManifest('https://k3x9.execute-api.eu-west-1.amazonaws.com/prod')).urlFetchWhitelist).toEqual([
      'https://k3x9.execute-api.eu-west-1.amazonaws.com/',
    ]);
    expect((await addonManifest()).urlFetchWhitelist).toEqual(['https://*.execute-api.us-east-1.amazonaws.com/']);
    await expect(addonManifest('http://k3x9.example.com')).rejects.toThrow(/DD_BACKEND_URL must be an https/);
  });
});
