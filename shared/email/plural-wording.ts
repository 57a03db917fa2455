/**
 * An email template is written for one invoice ("Invoice {{invoice_number}} for {{balance}} is
 * due..."); when one email lists several, each sentence that names the invoice is put in the
 * plural ("Invoices for $300.00 are due..."), so a customer never reads "invoice
 * ... is due". Only those sentences change, and only the words that agree with
 * the invoice: the noun, the verbs that follow it, and the pronouns that stand for it.
 */

const VERBS: Record<string, string> = { is: 'are', was: 'were', has: 'have', remains: 'remain', needs: 'need', appears: 'appear' };
const PRONOUNS: Record<string, string> = { it: 'them', its: 'their' };

/** The template's text with every sentence about `{{invoice_number}}` in the plural. */
export function pluralInvoiceWording(text: string): string {
  // Sentences end at . ! ? or a blank line; the ends are kept as they are.
  return text.replace(/[^.!?\n]*\{\{\s*invoice_number\s*\}\}[^.!?\n]*/g, (sentence) => {
    let said = sentence.replace(/\b([Ii])nvoice(\s+\{\{\s*invoice_number\s*\}\})/g, (_, i: string, rest: string) => `${i}nvoices${rest}`);
    const at = said.search(/\{\{\s*invoice_number\s*\}\}/);
    const before = said.slice(0, at);
    let after = said.slice(at);
    after = after.replace(/\b(is|was|has|remains|needs|appears|it|its)\b/g, (word: string) => VERBS[word] ?? PRONOUNS[word] ?? word);
    said = before + after;
    return said;
  });
}
