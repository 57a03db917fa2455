import { type EvidenceRenderer, evidenceRenderer } from './evidence-pdf';
import { type LetterFonts, type LetterRenderer, letterRenderer, pdfEngine } from './letter-pdf';
import { type StatementRenderer, statementRenderer } from './statement-pdf';

/** What the letters function renders: demand letters, statements of account and evidence packs, one pdfmake set-up. */
export interface PdfRenderers {
  letter: LetterRenderer;
  statement: StatementRenderer;
  evidence: EvidenceRenderer;
}

export function pdfRenderers(fonts: LetterFonts): PdfRenderers {
  const engine = pdfEngine(fonts);
  return { letter: letterRenderer(engine), statement: statementRenderer(engine), evidence: evidenceRenderer(engine) };
}
