import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { LetterFonts } from './letter-pdf';

/**
 * Roboto from pdfmake's own package, read from node_modules: for the local server and tests.
 * The letters Lambda reads the same files from a folder beside its bundle (lambdas/letters/packaged-fonts.ts).
 */
export async function nodeLetterFonts(): Promise<LetterFonts> {
  const dir = join(dirname(createRequire(join(process.cwd(), 'package.json')).resolve('pdfmake/package.json')), 'fonts', 'Roboto');
  const [regular, medium] = await Promise.all([readFile(join(dir, 'Roboto-Regular.ttf')), readFile(join(dir, 'Roboto-Medium.ttf'))]);
  return { regular, medium };
}
