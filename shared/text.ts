import * as z from 'zod';

/**
 * Whether text is well-formed UTF-16: a lone surrogate (half of a character, left by a bad copy
 * or a cut) cannot be encoded as UTF-8, so DynamoDB, SES and hashing would fail on it later.
 * (String.prototype.isWellFormed is ES2024, newer than Apps Script's V8.)
 */
export function isWellFormedText(s: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}
const LONE_SURROGATE = { message: 'contains half of a character (a lone UTF-16 surrogate); retype it' };

/**
 * Text that may end up in an email header, a CSV cell or a log line: one line, no control
 * characters, trimmed, bounded. CR/LF are refused rather than stripped so that a header
 * injection attempt is reported, not silently "fixed".
 */
export const singleLine = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    // eslint-disable-next-line no-control-regex -- control characters are exactly what this rejects
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), { message: 'must be a single line with no control characters' })
    .refine(isWellFormedText, LONE_SURROGATE)
    .transform((s) => s.trim());

/** Free text (notes): line breaks allowed, other control characters not. */
export const multiLine = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    // eslint-disable-next-line no-control-regex -- control characters other than tab and newlines
    .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), { message: 'must not contain control characters' })
    .refine(isWellFormedText, LONE_SURROGATE);

const EMAIL_PATTERN =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/**
 * An address we may send to: a plain addr-spec, no display name, no quoting, no comments. Stricter
 * than RFC 5322 on purpose: anything stranger is more likely a typo or an injection than a
 * real billing contact.
 */
export function isEmailAddress(s: string): boolean {
  return s.length <= 254 && EMAIL_PATTERN.test(s);
}

/** Not trimmed: a stray CR or LF is refused, never quietly cut off (callers trim form input). */
export const EmailAddress = z
  .string()
  .max(254, 'must be at most 254 characters')
  .refine(isEmailAddress, { message: 'is not an email address' })
  .transform((s) => s.toLowerCase());
export type EmailAddress = z.infer<typeof EmailAddress>;

/** "A", "A and B", "A, B and C": a list as a sentence says it. */
export function inWords(parts: readonly string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1] ?? ''}`;
}

/** Text to match literally inside a regular expression (Sheets' RE2 and JavaScript read the escapes alike). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A file name from a title and a customer: letters, digits, dots and dashes, bounded. */
export const safeName = (text: string) =>
  text
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
