// esbuild inlines these TrueType files as bytes (loader '.ttf': 'binary'), so the letters
// function reads no files at run time. Tests and the local server use node-fonts.ts instead.
import medium from 'pdfmake/fonts/Roboto/Roboto-Medium.ttf';
import regular from 'pdfmake/fonts/Roboto/Roboto-Regular.ttf';
import type { LetterFonts } from './letter-pdf';

export const bundledLetterFonts: LetterFonts = { regular, medium };
