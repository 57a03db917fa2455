import type { InvoiceScope } from '../../store/keys';
import type { LetterRecord } from '../../store/records';

/** Letters' PDFs, kept for a while so one can be emailed exactly as it was made. */
export interface LetterStore {
  /** Keeps a letter's PDF for LETTER_KEEP_DAYS, so it can be emailed as it was made. */
  putLetter(record: LetterRecord): Promise<void>;
  getLetter(scope: InvoiceScope, sha256: string): Promise<LetterRecord | undefined>;
}
