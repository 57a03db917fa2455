import { EmailTemplate, LedgerSettings } from '../../../shared/api/contract';
import { defaultLedgerSettings } from '../../../shared/default-settings';
import { renderReminderEmail } from '../../../shared/email/render-email';
import { Invoice } from '../../../shared/invoice';
import { fillPlaceholders } from '../../../shared/placeholders';
import { singleLine } from '../../../shared/text';
import { BusinessWindow, longClosure } from '../../../shared/time/business-hours';
import { addDays, CalendarDate } from '../../../shared/time/calendar-date';

const invoice = {
  invoiceNumber: 'INV-1',
  customer: 'Acme',
  dueDate: '2026-11-11',
  amount: { minor: 100, currency: 'USD' },
  balance: { minor: 100, currency: 'USD' },
  status: 'open',
};
const firstIssue = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) => r.error?.issues[0];

describe('what the boundaries refuse, with the field and the reason', () => {
  it('refuses a lone UTF-16 surrogate in text, and keeps a whole emoji', () => {
    expect(singleLine(50).safeParse('Caf\uD83D').success).toBe(false);
    expect(firstIssue(singleLine(50).safeParse('a\uDC00b'))?.message).toMatch(/half of a character/);
    expect(singleLine(50).parse('Café 🎉')).toBe('Café 🎉');
  });

  it('refuses an invoice amount past the stated maximum, so sums stay exact', () => {
    const r = Invoice.safeParse({ ...invoice, balance: { minor: 9_007_199_254_740_991, currency: 'USD' } });
    expect(firstIssue(r)).toMatchObject({ path: ['balance', 'minor'], message: expect.stringMatching(/largest amount/) });
    expect(Invoice.safeParse({ ...invoice, balance: { minor: 10_000_000_000_000, currency: 'USD' } }).success).toBe(true);
  });

  it('refuses dates outside the stated range', () => {
    expect(firstIssue(Invoice.safeParse({ ...invoice, dueDate: '9999-12-31' }))).toMatchObject({
      path: ['dueDate'],
      message: 'must be between 1950-01-01 and 2199-12-31',
    });
    expect(CalendarDate.safeParse('2199-12-31').success).toBe(true);
  });

  it('refuses a customer name too long to be a stored key', () => {
    expect(firstIssue(Invoice.safeParse({ ...invoice, customer: 'é'.repeat(200) }))).toMatchObject({
      path: ['customer'],
      message: expect.stringMatching(/too long/),
    });
    expect(Invoice.safeParse({ ...invoice, customer: 'e'.repeat(200) }).success).toBe(true);
  });

  it('refuses holidays that close sending for four weeks, and accepts a two-week shutdown', () => {
    const mondays: string[] = [];
    for (let d = CalendarDate.parse('2026-11-30'); mondays.length < 60; d = addDays(d, 7)) mondays.push(d);
    const onlyMondays = { days: [1], startMinute: 540, endMinute: 1020, holidays: mondays };
    expect(longClosure(BusinessWindow.parse({ ...onlyMondays, holidays: mondays.slice(0, 3) }))).toBeUndefined();
    const r = BusinessWindow.safeParse(onlyMondays);
    expect(firstIssue(r)).toMatchObject({
      path: ['holidays'],
      message: expect.stringMatching(/close sending for 28 days or more from 2026-11-2\d/),
    });
    const shutdown: string[] = [];
    for (let d = CalendarDate.parse('2026-12-21'); shutdown.length < 14; d = addDays(d, 1)) shutdown.push(d);
    expect(BusinessWindow.safeParse({ days: [1, 2, 3, 4, 5], startMinute: 540, endMinute: 1020, holidays: shutdown }).success).toBe(true);
  });

  it('refuses email templates with placeholders they may not use, naming them', () => {
    const r = EmailTemplate.safeParse({ subject: 'Invoice {{invoice_number}}', body: 'Hello {{constructor}} and {{__proto__}}' });
    expect(firstIssue(r)).toMatchObject({
      path: ['body'],
      message: expect.stringMatching(/uses \{\{constructor\}\}, \{\{__proto__\}\}, which are not one of \{\{customer\}\}/),
    });
  });

  it('fills only a template’s own values: an inherited name stays as typed', () => {
    expect(fillPlaceholders('{{constructor}} {{customer}} {{toString}}', { customer: 'Acme' })).toBe('{{constructor}} Acme {{toString}}');
    const team = { senderName: 'AR', replyTo: 'ar@x.example', signature: '', paymentInstructions: '' };
    const email = renderReminderEmail({ subject: 'Hi {{constructor}}', body: 'Dear {{constructor}}' }, team, { customer: 'Acme' }, [
      { invoiceNumber: 'A', amount: invoice.amount, balance: invoice.balance, dueDate: CalendarDate.parse('2026-11-11'), daysOverdue: 3 },
    ]);
    expect(email.html).toContain('Dear {{constructor}}');
  });

  it('refuses settings too large to keep', () => {
    const templates = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`t${i}`, { subject: 'S', body: 'x'.repeat(9000) }]));
    const r = LedgerSettings.safeParse({ ...defaultLedgerSettings('ar@x.example'), templates });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message).join()).toMatch(/too large to keep/);
  });
});
