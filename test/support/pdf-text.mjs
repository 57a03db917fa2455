// Prints the text of PDFs (paths as the arguments), page by page, with Mozilla's pdf.js: the
// tests read letters as a person's PDF viewer would. A separate process because pdf.js ships
// only ES modules, which jest's CommonJS test runtime cannot load; several files to one process,
// because starting it costs more than reading a letter.
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const read = [];
for (const path of process.argv.slice(2)) {
  const data = new Uint8Array(readFileSync(path));
  const pdf = await getDocument({ data, useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  const pages = [];
  for (let n = 1; n <= pdf.numPages; n += 1) {
    const page = await pdf.getPage(n);
    const content = await page.getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''));
  }
  read.push({ pages: pdf.numPages, text: pages.join('\n\f\n'), info: (await pdf.getMetadata()).info });
  await pdf.destroy();
}
process.stdout.write(JSON.stringify(read));
