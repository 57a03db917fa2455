import { DEFAULT_TEMPLATES } from '../../../shared/email/default-templates';
import { escapeHtml, headerSafe, renderReminderEmail, statementLine } from '../../../shared/email/render-email';
import { money } from '../../../shared/money/money';
import { CalendarDate } from '../../../shared/time/calendar-date';
import { debtorLocale } from '../../../shared/locale/debtor-locale';

const team = {
  senderName: 'Acme AR',
  replyTo: 'ar@acme.example',
  signature: 'Dana, Acme Accounts',
  paymentInstructions: 'Pay to IBAN GB00 0000.',
};
const invoice = (n: string, cents: number, due: string, late: number) => ({
  invoiceNumber: n,
  amount: money(cents, 'USD'),
  balance: money(cents, 'USD'),
  dueDate: CalendarDate.parse(due),
  daysOverdue: late,
});
const overdue = DEFAULT_TEMPLATES.overdue ?? { subject: '', body: '' };

describe('rendering a reminder email', () => {
  it('fills the placeholders for one invoice', () => {
    const email = renderReminderEmail(overdue, team, { customer: 'Northwind', contactName: 'Jane' }, [
      invoice('INV-7', 123450, '2026-11-01', 23),
    ]);
    expect(email.subject).toBe('Invoice INV-7 is 23 days overdue');
    expect(email.text).toContain('Hello Jane,');
    expect(email.text).toContain('invoice INV-7 for $1,234.50, due on November 1, 2026');
    expect(email.text).toContain('Pay to IBAN GB00 0000.');
    expect(email.text).toContain('If you have already paid, thank you');
    expect(email.text).toContain('write to Acme AR at ar@acme.example');
  });

  it('escapes every value in the HTML part and leaves the text part plain', () => {
    const email = renderReminderEmail(overdue, team, { customer: 'X', contactName: '<script>alert("x")</script> & Co' }, [
      invoice('<b>1</b>', 100, '2026-11-01', 3),
    ]);
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<b>1</b>');
    expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    expect(email.text).toContain('<script>alert("x")</script> & Co');
  });

  it('lists several invoices of one debtor in one email, with the total', () => {
    const email = renderReminderEmail(overdue, team, { customer: 'Northwind' }, [
      invoice('A-1', 10000, '2026-10-01', 54),
      invoice('A-2', 2550, '2026-11-01', 23),
    ]);
    expect(email.subject).toBe('Payment reminder: 2 invoices, $125.50 in total');
    expect(email.text).toContain('Our records show invoices A-1 and A-2 for $125.50, due on October 1, 2026, as unpaid.');
    expect(email.text).toMatch(/A-1: \$100\.00 due October 1, 2026 \(54 days overdue\)\n {2}A-2: \$25\.50/);
    expect(email.html).toMatch(/<td>A-1<\/td><td style="text-align:right">\$100\.00<\/td>/);
  });

  it('adds the already-paid sentence when a custom template forgets it', () => {
    const email = renderReminderEmail({ subject: 'Pay up', body: 'Hi {{customer}}, pay {{balance}}.' }, team, { customer: 'Northwind' }, [
      invoice('A-1', 100, '2026-11-01', 3),
    ]);
    expect(email.text).toContain('If you have already paid, thank you, and please ignore this message.');
  });

  it('keeps unknown placeholders visible rather than dropping them silently', () => {
    const email = renderReminderEmail({ subject: 'Hi {{nope}}', body: 'x' }, team, { customer: 'N' }, [
      invoice('A-1', 100, '2026-11-01', 3),
    ]);
    expect(email.subject).toBe('Hi {{nope}}');
  });

  it('keeps the subject to one bounded line', () => {
    expect(headerSafe('a\r\nBcc: x@y.example', 100)).toBe('a Bcc: x@y.example');
    expect(headerSafe('x'.repeat(300), 150)).toHaveLength(150);
  });

  it('escapes the five HTML-special characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});

describe('one email, several invoices: the wording in the plural', () => {
  const two = [invoice('A-1', 10000, '2026-10-01', 54), invoice('A-2', 2550, '2026-11-01', 23)];
  const sentence = (id: string, invoices = two) => {
    const template = DEFAULT_TEMPLATES[id] ?? { subject: '', body: '' };
    return renderReminderEmail(template, team, { customer: 'Northwind', contactName: 'Jane' }, invoices).text.split('\n\n')[1];
  };

  it.each([
    ['courtesy-before-due', 'A friendly note that invoices A-1 and A-2 for $125.50 are due on October 1, 2026.'],
    [
      'due-today',
      'This is a reminder that invoices A-1 and A-2 for $125.50 have a due date of October 1, 2026, and our records show them as unpaid.',
    ],
    [
      'second-notice',
      'Invoices A-1 and A-2 for $125.50 were due on October 1, 2026 and are now 54 days overdue. Please arrange payment, or reply to tell us when it will be made.',
    ],
    [
      'final-notice',
      'Invoices A-1 and A-2 for $125.50 remain unpaid 54 days after their due date of October 1, 2026. Unless payment reaches us or we hear from you, we will consider referring the debt to a collection agency.',
    ],
  ])('%s', (id, expected) => {
    expect(sentence(id)).toBe(expected);
  });

  it('leaves one invoice in the singular, and a team’s own wording as written when it names no invoice', () => {
    expect(sentence('second-notice', two.slice(0, 1))).toBe(
      'Invoice A-1 for $100.00 was due on October 1, 2026 and is now 54 days overdue. Please arrange payment, or reply to tell us when it will be made.',
    );
    const own = renderReminderEmail(
      { subject: 's', body: 'Hi {{contact_name}}, this is overdue: {{balance}}.' },
      team,
      { customer: 'N', contactName: 'Jo' },
      two,
    );
    expect(own.text.startsWith('Hi Jo, this is overdue: $125.50.')).toBe(true);
  });
});

describe('amounts and dates as the debtor writes them', () => {
  const usd = [invoice('A-1', 123450, '2026-10-01', 54)];
  const balanceLine = (locale: string, invoices = usd) =>
    renderReminderEmail(overdue, team, { customer: 'N', contactName: 'Jo' }, invoices, locale).text.split('\n\n')[1] ?? '';

  it.each([
    ['en-US', 'Our records show invoice A-1 for $1,234.50, due on October 1, 2026, as unpaid.'],
    // Not their currency: its code, so "$" is not taken for another dollar.
    ['en-GB', 'Our records show invoice A-1 for USD 1,234.50, due on 1 October 2026, as unpaid.'],
    ['de-DE', 'Our records show invoice A-1 for 1.234,50 USD, due on 1 October 2026, as unpaid.'],
  ])('%s', (locale, expected) => {
    expect(
      balanceLine(locale)
        .replace(/\u00a0/g, ' ')
        .split(' Could')[0],
    ).toBe(expected);
  });

  it('writes a debtor’s own currency by its symbol, in its own conventions', () => {
    const eur = [{ ...invoice('E-1', 123450, '2026-10-01', 54), amount: money(123450, 'EUR'), balance: money(123450, 'EUR') }];
    expect(balanceLine('de-DE', eur).replace(/\u00a0/g, ' ')).toContain('for 1.234,50 €, due on');
    const gbp = [{ ...invoice('G-1', 123450, '2026-10-01', 54), amount: money(123450, 'GBP'), balance: money(123450, 'GBP') }];
    expect(balanceLine('en-GB', gbp)).toContain('for £1,234.50, due on');
  });

  it('takes the debtor’s locale from the row’s zone, else the ledger’s', () => {
    expect(debtorLocale('Europe/Berlin', 'America/New_York')).toBe('de-DE');
    expect(debtorLocale(undefined, 'Europe/London')).toBe('en-GB');
    expect(debtorLocale('Antarctica/Troll', 'Asia/Nowhere')).toBe('en-US');
  });
});

describe('the pay-online part of a reminder', () => {
  const link = 'https://pay.example.com/?invoice=INV-7&amount=1234.50&x=<1>';
  const safe = 'https://pay.example.com/?invoice=INV-7&amount=1234.50';

  it('is one button in the HTML part and one plain line in the text part', () => {
    const email = renderReminderEmail(overdue, team, { customer: 'Northwind' }, [
      { ...invoice('INV-7', 123450, '2026-11-01', 23), paymentLink: safe },
    ]);
    expect(email.text).toContain(`\nPay online: ${safe}\n`);
    expect(email.html).toContain(`<a href="https://pay.example.com/?invoice=INV-7&amp;amount=1234.50" style="`);
    expect(email.html).toMatch(/>Pay online<\/a>/);
  });

  it('names each invoice when a grouped email has a link per invoice, and leaves out those without one', () => {
    const email = renderReminderEmail(overdue, team, { customer: 'Northwind' }, [
      { ...invoice('A-1', 100, '2026-11-01', 3), paymentLink: 'https://pay.example.com/A-1' },
      { ...invoice('A-2', 200, '2026-11-02', 2), paymentLink: 'https://pay.example.com/A-2' },
      invoice('A-3', 300, '2026-11-03', 1),
    ]);
    expect(email.text).toContain(
      'Pay invoice A-1 online: https://pay.example.com/A-1\nPay invoice A-2 online: https://pay.example.com/A-2',
    );
    expect(email.text).not.toMatch(/A-3 online/);
    expect(email.html.match(/<a href=/g)).toHaveLength(2);
  });

  it('is one button for a grouped email whose invoices share one link', () => {
    const shared = 'https://pay.example.com/account/northwind';
    const email = renderReminderEmail(overdue, team, { customer: 'Northwind' }, [
      { ...invoice('A-1', 100, '2026-11-01', 3), paymentLink: shared },
      { ...invoice('A-2', 200, '2026-11-02', 2), paymentLink: shared },
    ]);
    expect(email.text).toContain(`Pay online: ${shared}`);
    expect(email.html.match(/<a href=/g)).toHaveLength(1);
  });

  it('escapes a link in the HTML part all the same, and is absent from a thank-you note', () => {
    const escaped = renderReminderEmail(overdue, team, { customer: 'N' }, [
      { ...invoice('INV-7', 100, '2026-11-01', 3), paymentLink: link },
    ]);
    expect(escaped.html).not.toContain('<1>');
    const thanks = DEFAULT_TEMPLATES['thank-you'] ?? overdue;
    const note = renderReminderEmail(
      thanks,
      team,
      { customer: 'N' },
      [{ ...invoice('INV-7', 0, '2026-11-01', 0), paymentLink: safe }],
      'en-US',
      'thanks',
    );
    expect(note.text).not.toContain('Pay online');
    expect(note.html).not.toContain('<a href=');
  });

  it('adds nothing without a link', () => {
    const email = renderReminderEmail(overdue, team, { customer: 'N' }, [invoice('INV-7', 100, '2026-11-01', 3)]);
    expect(email.text).not.toContain('Pay online');
    expect(email.html).not.toContain('<a href=');
  });
});

describe('a reminder that carries the statement of account', () => {
  it('says so in both parts, naming the file, before how to pay; without one, nothing is said', () => {
    const file = 'Statement-of-account-Northwind-2026-11-24.pdf';
    const email = renderReminderEmail(
      overdue,
      team,
      { customer: 'Northwind' },
      [{ ...invoice('A-1', 100, '2026-11-01', 3), paymentLink: 'https://pay.example.com/A-1' }],
      'en-US',
      'reminder',
      { statement: file },
    );
    expect(email.text).toContain(`\n\n${statementLine(file)}\n\nPay online: https://pay.example.com/A-1`);
    expect(email.html).toContain(`<p>${statementLine(file)}</p><p style="margin:16px 0"><a href=`);
    const plain = renderReminderEmail(overdue, team, { customer: 'Northwind' }, [invoice('A-1', 100, '2026-11-01', 3)]);
    expect(plain.text).not.toContain('statement of account');
  });
});
