import { composeLetter, LETTER_TEMPLATE_VERSION, type LetterInput } from '../../../shared/letters/compose-letter';
import { LetterTemplate, templateFingerprint } from '../../../shared/letters/letter-template';

const input = (template?: LetterInput['template']): LetterInput => ({
  stage: 'formal_demand',
  today: '2026-11-24' as LetterInput['today'],
  creditor: { name: 'Acme <Supplies> & Co', signature: 'Jo Banks', replyTo: 'ar@acme.example', paymentInstructions: 'Bank transfer' },
  debtor: { customer: 'Harbor <b>Coffee</b>', contactName: 'Sam "Ortiz"' },
  invoices: [
    {
      invoiceNumber: 'A-1',
      dueDate: '2026-10-01' as LetterInput['today'],
      amount: { minor: 10_000, currency: 'USD' },
      balance: { minor: 10_000, currency: 'USD' },
    },
  ],
  currency: 'USD',
  fees: { kind: 'none' },
  deadlineDays: 10,
  locale: 'en-US',
  ...(template && { template }),
});

describe('letter templates: the team’s opening and closing', () => {
  it('fills the placeholders as plain text and records the wording’s fingerprint in the version', () => {
    const template = {
      opening: 'Dear friends at {{customer}}: {{invoice_count}} invoice, {{total_due}} by {{deadline}}. <i>Thanks</i>, {{sender_name}}.',
      closing: 'Call {{contact_name}}.',
    };
    const letter = composeLetter(input(template));
    if (!letter.ok) throw new Error(letter.error);
    expect(letter.value.opening).toBe(
      'Dear friends at Harbor <b>Coffee</b>: 1 invoice, $100.00 by December 4, 2026. <i>Thanks</i>, Acme <Supplies> & Co.',
    );
    expect(letter.value.closing).toBe('Call Sam "Ortiz".');
    expect(letter.value.templateVersion).toBe(`${LETTER_TEMPLATE_VERSION}+team-${templateFingerprint(template)}`);
    // The parts that must be right stay the product's.
    expect(letter.value.demand).toBe('Please pay $100.00 so that it reaches us by December 4, 2026.');
  });

  it('uses the standard wording for blank paragraphs, and the standard version when nothing is the team’s', () => {
    const standard = composeLetter(input());
    const blank = composeLetter(input({ opening: '  ', closing: '' }));
    if (!standard.ok || !blank.ok) throw new Error('no letter');
    expect(blank.value).toEqual(standard.value);
    expect(standard.value.templateVersion).toBe(LETTER_TEMPLATE_VERSION);
  });

  it('refuses an unknown placeholder, naming it and the ones that exist', () => {
    const parsed = LetterTemplate.safeParse({ opening: 'Hello {{first_name}}' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({
      path: ['opening'],
      message: expect.stringMatching(/^uses \{\{first_name\}\}, which is not one of \{\{customer\}\}/) as string,
    });
  });

  it('gives different wordings different fingerprints', () => {
    expect(templateFingerprint({ opening: 'a' })).not.toBe(templateFingerprint({ opening: 'b' }));
    expect(templateFingerprint({ opening: 'a', closing: 'b' })).not.toBe(templateFingerprint({ opening: 'ab' }));
  });
});
