import * as z from 'zod';
import { LetterStage } from '../escalation/ladder';
import { fillPlaceholders, placeholderProblem } from '../placeholders';
import { multiLine } from '../text';

/** What a team's wording may use; each is filled in as plain text, never as markup. */
export const LETTER_PLACEHOLDERS = ['customer', 'contact_name', 'invoice_count', 'total_due', 'deadline', 'sender_name'] as const;

/** A paragraph of the team's own: empty means the standard wording; only known placeholders. */
const Paragraph = multiLine(2000).superRefine((text, ctx) => {
  const problem = placeholderProblem(text, LETTER_PLACEHOLDERS);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/**
 * The parts of a letter a team may word for itself: the opening paragraph and the closing one.
 * The title, the table, the figures, the deadline and the consequences stay the product's: they
 * are what must be right, and stated as facts.
 */
export const LetterTemplate = z.object({ opening: Paragraph.optional(), closing: Paragraph.optional() }).strict();
export type LetterTemplate = z.infer<typeof LetterTemplate>;

export const LetterTemplates = z.partialRecord(LetterStage, LetterTemplate);
export type LetterTemplates = z.infer<typeof LetterTemplates>;

export type LetterValues = Record<(typeof LETTER_PLACEHOLDERS)[number], string>;

/** The team's paragraph with the values in, or undefined for "use the standard wording". */
export function fillParagraph(text: string | undefined, values: LetterValues): string | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  return fillPlaceholders(text.trim(), values);
}

/** FNV-1a over the team's wording: a short, stable name for it in the recorded template version. */
export function templateFingerprint(template: LetterTemplate): string {
  let h = 0x811c9dc5;
  for (const ch of `${template.opening ?? ''}\u0000${template.closing ?? ''}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/** Whether a team's template changes anything (blank paragraphs do not). */
export function isCustom(template: LetterTemplate | undefined): template is LetterTemplate {
  return Boolean(template && ((template.opening ?? '').trim() !== '' || (template.closing ?? '').trim() !== ''));
}
