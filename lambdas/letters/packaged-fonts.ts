import { readFileSync } from 'node:fs';
import type { LetterFonts } from './letter-pdf';

/**
 * The letters function's fonts, read from the `fonts` folder shipped beside its bundle (see
 * LAMBDA_ENTRIES.letters.files): inlined, they made the bundle 1.87 MB. Read once per cold start.
 */
export function packagedLetterFonts(bundleUrl: string): LetterFonts {
  const font = (file: string) => readFileSync(new URL(`./fonts/${file}`, bundleUrl));
  return { regular: font('Roboto-Regular.ttf'), medium: font('Roboto-Medium.ttf') };
}
