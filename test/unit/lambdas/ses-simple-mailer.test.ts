import { sourceAddress } from '../../../lambdas/mail/ses-simple-mailer';

describe('sourceAddress: the From of a test email, as SES accepts it', () => {
  it('quotes a printable ASCII name, escaping quotes and backslashes', () => {
    expect(sourceAddress('Accounts Receivable', 'ar@acme.example')).toBe('"Accounts Receivable" <ar@acme.example>');
    expect(sourceAddress('Acme "AR" \\ Team', 'ar@acme.example')).toBe('"Acme \\"AR\\" \\\\ Team" <ar@acme.example>');
  });

  it('encodes any other name as an RFC 2047 encoded word', () => {
    const from = sourceAddress('Société Générale', 'ar@acme.example');
    expect(from).toBe(`=?UTF-8?B?${Buffer.from('Société Générale').toString('base64')}?= <ar@acme.example>`);
  });

  it("splits a long name into encoded words within RFC 2047's 75 characters, each of whole characters, the whole name encoded", () => {
    for (const name of [
      'Großhandel Müller & Söhne, Buchhaltung Abteilung Forderungsmanagement',
      'é'.repeat(60),
      'Acme 🧾'.repeat(12),
      'Müller, Inc <x@evil.example>',
    ]) {
      const from = sourceAddress(name, 'ar@acme.example');
      const words = from.replace(/ <ar@acme\.example>$/, '').split(' ');
      for (const word of words) expect(word).toMatch(/^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=$/);
      expect(Math.max(...words.map((w) => w.length))).toBeLessThanOrEqual(75);
      // Each word decodes on its own (no character cut in two), and together they are the name.
      const parts = words.map((w) => Buffer.from(w.slice(10, -2), 'base64').toString('utf8'));
      for (const part of parts) expect(part).not.toContain('\ufffd');
      expect(parts.join('')).toBe(name);
    }
  });
});
