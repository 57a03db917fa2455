import { type EvidenceRenderer, evidenceRenderer } from './evidence-pdf';
import { type LetterFonts, type LetterRenderer, letterRenderer, pdfEngine } from './letter-pdf';

/** What the letters function renders: demand letters and evidence packs, one pdfmake set-up. */
export interface PdfRenderers {
  letter: LetterRenderer;
  evidence: EvidenceRenderer;
}

export function pdfRenderers(fonts: LetterFonts): PdfRenderers {
  const engine = pdfEngine(fonts);
  return { letter: letterRenderer(engine), evidence: evidenceRenderer(engine) };
}
