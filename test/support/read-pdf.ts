import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A PDF's text as pdf.js (Firefox's viewer) reads it, whitespace folded: lines wrap where the
 * page ends them, the words are what a reader checks. Run in a child process (pdf-text.mjs).
 */
export function pdfText(pdf: Uint8Array | string): { text: string; pages: number; info: Record<string, unknown> } {
  const dir = mkdtempSync(join(tmpdir(), 'dd-pdf-'));
  try {
    const file = join(dir, 'read.pdf');
    writeFileSync(file, typeof pdf === 'string' ? Buffer.from(pdf, 'base64') : pdf);
    const read = JSON.parse(
      execFileSync(process.execPath, ['test/support/pdf-text.mjs', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }),
    ) as { text: string; pages: number; info: Record<string, unknown> };
    return { ...read, text: read.text.replace(/\s+/g, ' ') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
