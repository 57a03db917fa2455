import { build } from 'esbuild';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** An HtmlService page: a template with inline markers and the TypeScript entry that drives it. */
export interface Page {
  file: string;
  template: string;
  entry: string;
  /** The stylesheet inlined at the css marker; the add-on's own when absent. */
  styles?: string;
}

const PAGES = {
  sidebar: { file: 'Sidebar.html', template: 'addon/sidebar/index.html', entry: 'addon/sidebar/main.ts' },
  settings: { file: 'Settings.html', template: 'addon/sidebar/settings.html', entry: 'addon/sidebar/settings-main.ts' },
} satisfies Record<string, Page>;

/**
 * One self-contained HTML file, as HtmlService.createHtmlOutputFromFile serves it. JS and CSS
 * are inlined at markers with function replacers, because bundled code contains `$&` and other
 * sequences a string replacement would expand. "</script" inside the JS is escaped so the
 * bundle cannot close its own tag.
 */
export async function buildPage(page: Page): Promise<string> {
  const [js, css, template] = await Promise.all([
    build({
      entryPoints: [page.entry],
      bundle: true,
      format: 'iife',
      target: 'es2019',
      minify: true,
      write: false,
      logLevel: 'silent',
      legalComments: 'none',
    }),
    build({ entryPoints: [page.styles ?? 'addon/sidebar/styles.css'], bundle: true, minify: true, write: false, logLevel: 'silent' }),
    readFile(page.template, 'utf8'),
  ]);
  const jsText = (js.outputFiles[0]?.text ?? '').replace(/<\/script/gi, '<\\/script');
  const cssText = (css.outputFiles[0]?.text ?? '').replace(/<\/style/gi, '<\\/style');
  if (!template.includes('/* inline:js */') || !template.includes('/* inline:css */'))
    throw new Error(`${page.template} lost its inline markers`);
  return template.replace('/* inline:css */', () => cssText).replace('/* inline:js */', () => jsText);
}

export const buildSidebarHtml = () => buildPage(PAGES.sidebar);
export const buildSettingsHtml = () => buildPage(PAGES.settings);

/** Sidebar.html and Settings.html. */
export async function buildSidebar(outDir: string): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const pages = Object.values(PAGES);
  await Promise.all(pages.map(async (page) => writeFile(join(outDir, page.file), await buildPage(page))));
  return pages.map((page) => page.file);
}
