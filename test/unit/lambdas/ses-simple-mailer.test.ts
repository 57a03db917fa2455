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
});
