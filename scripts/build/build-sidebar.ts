import { build } from 'esbuild';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Sidebar.html: one self-contained file, as HtmlService.createHtmlOutputFromFile serves it. JS and
 * CSS are inlined at markers with function replacers, because bundled code contains `$&` and
 * other sequences a string replacement would expand. "</script" inside the JS is escaped so the
 * bundle cannot close its own tag.
 */
export async function buildSidebarHtml(): Promise<string> {
  const [js, css, template] = await Promise.all([
    build({ entryPoints: ['addon/sidebar/main.ts'], bundle: true, format: 'iife', target: 'es2019', minify: true, write: false, logLevel: 'silent', legalComments: 'none' }),
    build({ entryPoints: ['addon/sidebar/styles.css'], bundle: true, minify: true, write: false, logLevel: 'silent' }),
    readFile('addon/sidebar/index.html', 'utf8'),
  ]);
  const jsText = (js.outputFiles[0]?.text ?? '').replace(/<\/script/gi, '<\\/script');
  const cssText = (css.outputFiles[0]?.text ?? '').replace(/<\/style/gi, '<\\/style');
  if (!template.includes('/* inline:js */') || !template.includes('/* inline:css */')) throw new Error('sidebar template lost its inline markers');
  return template.replace('/* inline:css */', () => cssText).replace('/* inline:js */', () => jsText);
}

export async function buildSidebar(outDir: string): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, 'Sidebar.html'), await buildSidebarHtml());
  return ['Sidebar.html'];
}
