import { composeLetter, type LetterInput } from '../../../shared/letters/compose-letter';
import { earlierContacts, type LetterHistory, missingEarlierStage, NO_HISTORY } from '../../../shared/letters/letter-history';
import { datesForReader } from '../../../shared/locale/reader-date';
import { CalendarDate } from '../../../shared/time/calendar-date';

const d = (s: string) => CalendarDate.parse(s);
const usd = (minor: number) => ({ minor, currency: 'USD' });

function letterFor(stage: LetterInput['stage'], history: LetterHistory | undefined, invoices = 1, locale = 'en-GB', currency = 'USD') {
  const letter = composeLetter({
    stage,
    today: d('2026-12-01'),
    creditor: { name: 'Acme', signature: 'Jo', replyTo: 'ar@acme.example', paymentInstructions: 'Bank transfer' },
    debtor: { customer: 'Harbor Coffee' },
    invoices: Array.from({ length: invoices }, (_, i) => ({
      invoiceNumber: `A-${i + 1}`,
      dueDate: d('2026-10-01'),
      amount: { minor: 123_456, currency },
      balance: { minor: 123_456, currency },
    })),
    currency,
    fees: { kind: 'none' },
    deadlineDays: 10,
    locale,
    ...(history && { history }),
  });
  if (!letter.ok) throw new Error(letter.error);
  return letter.value;
}
const opening = (stage: LetterInput['stage'], history: LetterHistory | undefined, invoices = 1) =>
  letterFor(stage, history, invoices).opening;

const reminders: LetterHistory = { ...NO_HISTORY, reminders: [d('2026-11-03'), d('2026-11-17')] };
const demanded: LetterHistory = { ...NO_HISTORY, letters: [{ stage: 'formal_demand', on: d('2026-11-20'), deadline: d('2026-11-30') }] };

describe('letters state only the contacts on record', () => {
  it('with no history, words every stage neutrally', () => {
    expect(opening('past_due_notice', undefined)).toBe(
      'Our records show that the invoice below is past due. We may simply have missed your payment; if so, thank you, and please let us know.',
    );
    expect(opening('formal_demand', NO_HISTORY)).toBe(
      'The invoice below remains unpaid. This letter is a formal demand for payment of the total due.',
    );
    expect(opening('final_notice', NO_HISTORY)).toBe('This is our final notice about the invoice below, which remains unpaid.');
  });

  it('names reminders by their days', () => {
    expect(opening('formal_demand', reminders)).toBe(
      'Despite our reminders of 3 and 17 November 2026, the invoice below remains unpaid. This letter is a formal demand for payment of the total due.',
    );
    expect(opening('past_due_notice', reminders, 2)).toBe(
      'Our records show that the 2 invoices below are past due, and our reminders of 3 and 17 November 2026 have not yet brought payment. We may simply have missed your payment; if so, thank you, and please let us know.',
    );
    expect(opening('past_due_notice', { ...NO_HISTORY, reminders: [d('2026-11-03')] })).toContain(
      'and our reminder of 3 November 2026 has not yet brought payment.',
    );
  });

  it('cites a formal demand with the deadline it set, and no reminders that never went', () => {
    expect(opening('final_notice', demanded, 3)).toBe(
      'This is our final notice about the 3 invoices below, which remain unpaid after our formal demand of 20 November 2026, which asked for payment by 30 November 2026.',
    );
    expect(opening('final_notice', { ...demanded, reminders: reminders.reminders })).toBe(
      'This is our final notice about the invoice below, which remains unpaid after our reminders of 3 and 17 November 2026 and our formal demand of 20 November 2026, which asked for payment by 30 November 2026.',
    );
    // A formal demand does not cite itself, nor a final notice an earlier final notice.
    expect(earlierContacts(demanded, 'formal_demand', 'en-GB')).toBeUndefined();
  });

  it('counts many reminders rather than listing them, and words dates across months and years', () => {
    const many = { ...NO_HISTORY, reminders: ['2026-09-01', '2026-09-15', '2026-10-01', '2026-10-15', '2026-11-01'].map(d) };
    expect(earlierContacts(many, 'formal_demand', 'en-GB')).toBe(
      'our 5 reminders, the first on 1 September 2026 and the latest on 1 November 2026',
    );
    expect(datesForReader([d('2026-11-03'), d('2026-10-28')], 'en-GB')).toBe('28 October and 3 November 2026');
    expect(datesForReader([d('2027-01-04'), d('2026-12-21')], 'en-GB')).toBe('21 December 2026 and 4 January 2027');
    expect(datesForReader([d('2026-11-03'), d('2026-11-03')], 'en-GB')).toBe('3 November 2026');
  });

  it('cites calls that reached the customer and a promise whose day has passed, as facts', () => {
    const history: LetterHistory = {
      ...reminders,
      calls: [d('2026-11-20')],
      promises: [{ on: d('2026-11-20'), promisedFor: d('2026-11-27') }],
    };
    expect(opening('formal_demand', history)).toBe(
      'Despite our reminders of 3 and 17 November 2026 and our telephone call of 20 November 2026, the invoice below remains unpaid. On 20 November 2026 you told us payment would be made by 27 November 2026; we have not received it. This letter is a formal demand for payment of the total due.',
    );
    // A promise still in its time is not a broken one (the letter is dated 1 December).
    expect(opening('formal_demand', { ...NO_HISTORY, promises: [{ on: d('2026-11-28'), promisedFor: d('2026-12-05') }] })).toBe(
      'The invoice below remains unpaid. This letter is a formal demand for payment of the total due.',
    );
  });

  it('knows when a final notice would presume a formal demand that never went', () => {
    expect(missingEarlierStage(reminders, 'final_notice')).toBe('formal_demand');
    expect(missingEarlierStage(demanded, 'final_notice')).toBeUndefined();
    expect(missingEarlierStage(NO_HISTORY, 'formal_demand')).toBeUndefined();
  });

  it('never doubles the salutation when the team’s own opening greets the reader', () => {
    const base = {
      stage: 'formal_demand' as const,
      today: d('2026-12-01'),
      creditor: { name: 'Acme', signature: 'Jo', replyTo: 'ar@acme.example', paymentInstructions: 'Bank transfer' },
      debtor: { customer: 'Harbor Coffee', contactName: 'Sam Ortiz' },
      invoices: [{ invoiceNumber: 'A-1', dueDate: d('2026-10-01'), amount: usd(10_000), balance: usd(10_000) }],
      currency: 'USD',
      fees: { kind: 'none' as const },
      deadlineDays: 10,
      locale: 'en-US',
    };
    const greeted = composeLetter({ ...base, template: { opening: 'Dear {{contact_name}}, we wrote before about this.' } });
    expect(greeted.ok && [greeted.value.salutation, greeted.value.opening]).toEqual(['', 'Dear Sam Ortiz, we wrote before about this.']);
    const plain = composeLetter({ ...base, template: { opening: 'We wrote before about this.' } });
    expect(plain.ok && plain.value.salutation).toBe('Dear Sam Ortiz,');
  });
});

describe("dates and amounts in the reader's conventions", () => {
  const history: LetterHistory = { ...reminders, letters: demanded.letters };

  it("writes an American reader's dates month first, a British and a German reader's day first", () => {
    const us = letterFor('final_notice', history, 1, 'en-US', 'USD');
    expect(us.opening).toBe(
      'This is our final notice about the invoice below, which remains unpaid after our reminders of November 3 and 17, 2026 and our formal demand of November 20, 2026, which asked for payment by November 30, 2026.',
    );
    expect([us.date, us.table.rows[0]?.[2], us.table.rows[0]?.[4]]).toEqual(['December 1, 2026', 'October 1, 2026', '$1,234.56']);
    const gb = letterFor('final_notice', history, 1, 'en-GB', 'GBP');
    expect(gb.opening).toContain(
      'after our reminders of 3 and 17 November 2026 and our formal demand of 20 November 2026, which asked for payment by 30 November 2026.',
    );
    expect([gb.date, gb.table.rows[0]?.[2], gb.table.rows[0]?.[4]]).toEqual(['1 December 2026', '1 October 2026', '£1,234.56']);
    const de = letterFor('final_notice', history, 1, 'de-DE', 'EUR');
    expect(de.opening).toContain('after our reminders of 3 and 17 November 2026');
    expect([de.date, de.table.rows[0]?.[4]]).toEqual(['1 December 2026', '1.234,56\u00a0€']);
  });

  it('names the currency by its code where its symbol could mislead the reader', () => {
    // A dollar amount read in Germany or Britain: "$" could be any dollar.
    expect(letterFor('formal_demand', undefined, 1, 'de-DE', 'USD').table.rows[0]?.[4]).toBe('1.234,56\u00a0USD');
    expect(letterFor('formal_demand', undefined, 1, 'en-GB', 'USD').table.rows[0]?.[4]).toBe('USD\u00a01,234.56');
  });

  it('says a shared month and year once, in either order', () => {
    const days = ['2026-11-03', '2026-11-10', '2026-11-17'].map(d);
    expect(datesForReader(days, 'en-US')).toBe('November 3, 10 and 17, 2026');
    expect(datesForReader(days, 'en-GB')).toBe('3, 10 and 17 November 2026');
    expect(datesForReader([d('2026-11-03'), d('2026-10-28')], 'en-US')).toBe('October 28 and November 3, 2026');
    expect(datesForReader([d('2027-01-04'), d('2026-12-21')], 'en-US')).toBe('December 21, 2026 and January 4, 2027');
    expect(datesForReader([d('2026-11-03')], 'en-US')).toBe('November 3, 2026');
  });
});
