import { SESClient } from '@aws-sdk/client-ses';
import { SesSendingDomains } from '../../lambdas/mail/ses-sending-domains';
import { startStub } from '../support/stub-server';

/**
 * The SES adapter for teams' domains, through the real SDK client, against a server answering
 * SES's v1 Query protocol as SES documents it (the local SES has no identity calls): the form
 * the adapter sends is checked, and the XML it gets back is SES's own shape.
 */
describe('SesSendingDomains on the SES v1 wire protocol', () => {
  const requests: URLSearchParams[] = [];
  let status = 'Pending';
  let server: Awaited<ReturnType<typeof startStub>>;
  let ses: SESClient;
  const xml = (action: string, result: string) =>
    `<${action}Response xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><${action}Result>${result}</${action}Result>` +
    `<ResponseMetadata><RequestId>d1c1b1a1-0000-4000-8000-000000000001</RequestId></ResponseMetadata></${action}Response>`;
  const tokens = ['vvjuipp74whm76gqoni7qmwwn4w4qusj', 'abcdefghijklmnopqrstuvwxyz234567', '7zz2k6n3u4x5w6v7t8s9r0q1p2o3n4m5'];
  const members = tokens.map((t) => `<member>${t}</member>`).join('');

  beforeAll(async () => {
    server = await startStub((_req, res, body) => {
      const form = new URLSearchParams(body);
      requests.push(form);
      res.setHeader('content-type', 'text/xml');
      const action = form.get('Action');
      if (action === 'VerifyDomainDkim') res.end(xml(action, `<DkimTokens>${members}</DkimTokens>`));
      else if (action === 'GetIdentityDkimAttributes') {
        const domain = form.get('Identities.member.1') ?? '';
        // SES leaves an identity it does not know out of the map.
        const entry =
          domain === 'unknown.example'
            ? ''
            : `<entry><key>${domain}</key><value><DkimEnabled>true</DkimEnabled><DkimVerificationStatus>${status}</DkimVerificationStatus><DkimTokens>${members}</DkimTokens></value></entry>`;
        res.end(xml(action, `<DkimAttributes>${entry}</DkimAttributes>`));
      } else if (action === 'DeleteIdentity') res.end(xml(action, ''));
      else {
        res.statusCode = 400;
        res.end('<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>unknown</Message></Error></ErrorResponse>');
      }
    });
    ses = new SESClient({
      endpoint: server.url,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
  });
  afterAll(async () => {
    ses.destroy();
    await server.close();
  });

  it('adds a domain, reads its DKIM state in SES words, and removes it', async () => {
    const domains = new SesSendingDomains(ses);
    expect(await domains.start('mail.acme.example')).toEqual({ dkimTokens: tokens });
    expect(Object.fromEntries(requests.at(-1) ?? [])).toMatchObject({ Action: 'VerifyDomainDkim', Domain: 'mail.acme.example' });

    const states: Record<string, string> = {};
    for (const s of ['Pending', 'TemporaryFailure', 'NotStarted', 'Success', 'Failed']) {
      status = s;
      states[s] = await domains.state('mail.acme.example');
    }
    expect(states).toEqual({
      Pending: 'pending',
      TemporaryFailure: 'pending',
      NotStarted: 'pending',
      Success: 'verified',
      Failed: 'failed',
    });
    expect(Object.fromEntries(requests.at(-1) ?? [])).toMatchObject({
      Action: 'GetIdentityDkimAttributes',
      'Identities.member.1': 'mail.acme.example',
    });
    expect(await domains.state('unknown.example')).toBe('pending');

    await domains.remove('mail.acme.example');
    expect(Object.fromEntries(requests.at(-1) ?? [])).toMatchObject({ Action: 'DeleteIdentity', Identity: 'mail.acme.example' });
  });
});
