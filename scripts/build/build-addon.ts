import { build, type BuildOptions } from 'esbuild';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const ENTRY = 'addon/src/server/main.ts';
const GLOBAL = '__addon';

/** Apps Script V8 runs ES2020 (BigInt included); it has no module system and no Node. */
const common = {
  entryPoints: [ENTRY],
  bundle: true,
  platform: 'neutral',
  mainFields: ['module', 'main'],
  target: 'es2020',
  legalComments: 'none',
  write: false,
  logLevel: 'silent',
} satisfies BuildOptions;

/**
 * The names Apps Script must see, read from esbuild's own metafile for the entry module, so the
 * list cannot drift from main.ts. An ESM pass exists only to produce that list.
 */
export async function entryExports(): Promise<string[]> {
  const result = await build({ ...common, format: 'esm', metafile: true });
  const output = Object.values(result.metafile?.outputs ?? {})[0];
  if (!output) throw new Error('esbuild produced no output for the add-on entry');
  return [...output.exports].sort();
}

/**
 * Code.js: the bundle as an IIFE assigned to one global, then a plain top-level function per
 * export (`function onOpen() { return __addon.onOpen.apply(this, arguments); }`), which is
 * what Apps Script needs to list triggers, menu targets and google.script.run functions.
 */
export async function buildAddonCode(backendUrl?: string): Promise<{ code: string; exports: string[] }> {
  const exports = await entryExports();
  for (const name of exports) {
    if (!/^[A-Za-z_$][\w$]*$/.test(name) || name === 'default')
      throw new Error(`add-on export "${name}" cannot be an Apps Script function`);
  }
  // A published build carries its backend's address; Settings cannot change it (fixed-backend.ts).
  const fixed = backendUrl ? backendAddress(backendUrl) : '';
  const result = await build({ ...common, format: 'iife', globalName: GLOBAL, define: { __DD_BACKEND_URL__: JSON.stringify(fixed) } });
  const bundle = result.outputFiles?.[0]?.text;
  if (!bundle) throw new Error('esbuild produced no add-on bundle');
  const stubs = exports.map((name) => `function ${name}() { return ${GLOBAL}.${name}.apply(this, arguments); }`).join('\n');
  return { code: `${bundle}\n// Entry points Apps Script calls by name.\n${stubs}\n`, exports };
}

/**
 * The manifest as pushed. With the deployed backend's address (DD_BACKEND_URL), UrlFetch is
 * allowed to reach that origin only; without it, the checked-in pattern (any API Gateway URL
 * in us-east-1) stays, which is fine for a test deployment but too broad to publish.
 */
export async function addonManifest(backendUrl?: string): Promise<Record<string, unknown>> {
  const manifest = JSON.parse(await readFile('addon/appsscript.json', 'utf8')) as Record<string, unknown>;
  if (!backendUrl) return manifest;
  const origin = /^https:\/\/[A-Za-z0-9.-]+(:\d{1,5})?/.exec(backendAddress(backendUrl))?.[0] ?? '';
  return { ...manifest, urlFetchWhitelist: [`${origin}/`] };
}

/** DD_BACKEND_URL checked and normalised: https, a host, an optional stage path, no trailing slash. */
export function backendAddress(backendUrl: string): string {
  const m = /^https:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[A-Za-z0-9._~/-]*)?$/.exec(backendUrl.trim());
  if (!m) throw new Error(`DD_BACKEND_URL must be an https:// address, got "${backendUrl}"`);
  return m[0].replace(/\/+$/, '');
}

export async function buildAddon(outDir: string, backendUrl?: string): Promise<{ files: string[]; exports: string[]; allowList: unknown }> {
  await mkdir(outDir, { recursive: true });
  const { code, exports } = await buildAddonCode(backendUrl);
  await writeFile(join(outDir, 'Code.js'), code);
  const manifest = await addonManifest(backendUrl);
  await writeFile(join(outDir, 'appsscript.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return { files: ['Code.js', 'appsscript.json'], exports, allowList: manifest.urlFetchWhitelist };
}
