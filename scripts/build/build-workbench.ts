import { buildPage } from './build-sidebar';

/**
 * The workbench page as one HTML file, built the way the add-on's HtmlService pages are. Not
 * part of `npm run build`: it is served by `npm start` only, never pushed to Apps Script.
 */
export function buildWorkbenchPage(): Promise<string> {
  return buildPage({
    file: 'workbench.html',
    template: 'addon/local/workbench/page/workbench.html',
    entry: 'addon/local/workbench/page/workbench-page.ts',
    styles: 'addon/local/workbench/page/workbench.css',
  });
}
