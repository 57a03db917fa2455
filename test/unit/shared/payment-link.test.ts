import { LedgerSettings } from '../../../shared/api/contract';
import { defaultLedgerSettings } from '../../../shared/default-settings';
import { Invoice } from '../../../shared/invoice';
import { money } from '../../../shared/money/money';
import { paymentLinkFor, paymentLinkProblem } from '../../../shared/payments/payment-link';

describe('which links may be offered to pay', () => {
  it.each([
    'https://pay.example.com/inv/123',
    'https://pay.example.com:8443/i?invoice=INV-1&amount=12.50#top',
    'HTTPS://PAY.EXAMPLE.COM/x',
    'https://xn--bcher-kva.example/pay',
  ])('offers %s', (link) => {
    expect(paymentLinkProblem(link)).toBeUndefined();
  });

  it.each<[string, RegExp]>([
    ['http://pay.example.com/inv/1', /must start with https:\/\//],
    ['javascript:alert(1)', /is not a web address/],
    ['data:text/html,<b>x</b>', /is not a web address/],
    ['pay.example.com/inv/1', /is not a web address/],
    ['https://pay.example.com/a\r\nBcc: all@x.example', /single line with no control characters/],
    ['https://pay.example.com/a b', /must not contain spaces/],
    ['https://user:secret@pay.example.com/', /user name or password/],
    ['https://localhost/pay', /must name a host/],
    ['https://bücher.example/pay', /xn-- form/],
    ['https://pay.example.com/"><script>', /must not contain < > "/],
    [`https://pay.example.com/${'a'.repeat(2000)}`, /at most 2000 characters/],
  ])('refuses %s, saying why', (link, why) => {
    expect(paymentLinkProblem(link)).toMatch(why);
    expect(Invoice.shape.paymentLink.safeParse(link).success).toBe(false);
  });
});

describe("the team's link template", () => {
  const settings = (paymentLink: string) => LedgerSettings.safeParse({ ...defaultLedgerSettings('ar@acme.example'), paymentLink });

  it('is kept with the settings when its filled link may be offered', () => {
    const parsed = settings('https://pay.example.com/?invoice={{invoice_number}}&amount={{amount}}&cur={{ currency }}&c={{customer}}');
    expect(parsed.success).toBe(true);
  });

  it.each<[string, RegExp]>([
    ['https://pay.example.com/?i={{invoice}}', /uses \{\{invoice\}\}, which is not one of \{\{invoice_number\}\}/],
    ['http://pay.example.com/?i={{invoice_number}}', /must start with https:\/\//],
    ['{{customer}}', /is not a web address/],
    ['https://pay.example.com/?i={{invoice_number}}\nBcc: x@y.example', /single line/],
  ])('refuses %s, naming the field', (template, why) => {
    const parsed = settings(template);
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(parsed.error.issues).toEqual([expect.objectContaining({ path: ['paymentLink'], message: expect.stringMatching(why) })]);
  });
});

describe("an invoice's link", () => {
  const invoice = { invoiceNumber: 'INV 7/1', customer: 'Smith & Sons, Café', balance: money(123450, 'EUR') };
  const template = 'https://pay.example.com/?invoice={{invoice_number}}&amount={{amount}}&currency={{currency}}&customer={{customer}}';

  it("fills the template with the invoice's values, each URL-encoded, and the balance as the amount", () => {
    expect(paymentLinkFor(invoice, template)).toBe(
      'https://pay.example.com/?invoice=INV%207%2F1&amount=1234.50&currency=EUR&customer=Smith%20%26%20Sons%2C%20Caf%C3%A9',
    );
  });

  it("takes the row's own link first, and the template when the row's may not be offered", () => {
    expect(paymentLinkFor({ ...invoice, paymentLink: 'https://app.invoicer.example/i/77' }, template)).toBe(
      'https://app.invoicer.example/i/77',
    );
    expect(paymentLinkFor({ ...invoice, paymentLink: 'http://app.invoicer.example/i/77' }, template)).toMatch(
      /^https:\/\/pay\.example\.com\//,
    );
  });

  it("takes the row's own link when the team has no template", () => {
    expect(paymentLinkFor({ ...invoice, paymentLink: 'https://app.invoicer.example/i/77' }, undefined)).toBe(
      'https://app.invoicer.example/i/77',
    );
  });

  it('is none without either, and none when the filled link would be too long', () => {
    expect(paymentLinkFor(invoice, undefined)).toBeUndefined();
    expect(
      paymentLinkFor({ ...invoice, customer: 'Ü'.repeat(200) }, `https://pay.example.com/${'x'.repeat(1000)}?c={{customer}}`),
    ).toBeUndefined();
  });
});
