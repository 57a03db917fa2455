// Prints the text of a PDF (path as the argument), page by page, with Mozilla's pdf.js: the
// tests read letters as a person's PDF viewer would. A separate process because pdf.js ships
// only ES modules, which jest's CommonJS test runtime cannot load.
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const data = new Uint8Array(readFileSync(process.argv[2]));
const pdf = await getDocument({ data, useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
const pages = [];
for (let n = 1; n <= pdf.numPages; n += 1) {
  const page = await pdf.getPage(n);
  const content = await page.getTextContent();
  pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''));
}
process.stdout.write(JSON.stringify({ pages: pdf.numPages, text: pages.join('\n\f\n'), info: (await pdf.getMetadata()).info }));
