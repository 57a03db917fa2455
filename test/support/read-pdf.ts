import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PdfText {
  text: string;
  pages: number;
  info: Record<string, unknown>;
}

/**
 * Each PDF's text as pdf.js (Firefox's viewer) reads it, whitespace folded: lines wrap where the
 * page ends them, the words are what a reader checks. One child process (pdf-text.mjs) for all.
 */
export function pdfTexts(pdfs: readonly (Uint8Array | string)[]): PdfText[] {
  if (pdfs.length === 0) return [];
  const dir = mkdtempSync(join(tmpdir(), 'dd-pdf-'));
  try {
    const files = pdfs.map((pdf, i) => {
      const file = join(dir, `read-${i}.pdf`);
      writeFileSync(file, typeof pdf === 'string' ? Buffer.from(pdf, 'base64') : pdf);
      return file;
    });
    const read = JSON.parse(
      execFileSync(process.execPath, ['test/support/pdf-text.mjs', ...files], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }),
    ) as PdfText[];
    return read.map((r) => ({ ...r, text: r.text.replace(/\s+/g, ' ') }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One PDF's text (see pdfTexts). */
export function pdfText(pdf: Uint8Array | string): PdfText {
  const [read] = pdfTexts([pdf]);
  if (!read) throw new Error('pdf.js read nothing');
  return read;
}
