import { base64url, SignJWT, generateKeyPair } from 'jose';
import { LEDGER, startTestApi, type TestApi, USERS } from '../support/api';

describe('authentication and tenancy from the Google ID token', () => {
  let api: TestApi;
  const settingsPath = `/v1/settings?ledgerId=${LEDGER}`;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  const withToken = (token: string) => api.call('GET', settingsPath, { token });

  it('requires the Bearer scheme: the bare token, or another scheme, is refused', async () => {
    const token = await api.token('alice');
    for (const authorization of [token, `bearer ${token}`, `Basic ${token}`, `Bearer  ${token}`]) {
      const res = await api.app.request(settingsPath, { headers: { authorization } });
      expect(res.status).toBe(401);
    }
    expect((await api.app.request(settingsPath, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  });

  it('lets a user of an allowed Workspace domain in', async () => {
    expect((await api.call('GET', settingsPath, { user: 'alice' })).status).toBe(200);
  });

  it('accepts both forms of Google’s issuer', async () => {
    const token = await api.issuer.token({ ...USERS.alice, iss: 'accounts.google.com' });
    expect((await withToken(token)).status).toBe(200);
  });

  it('lets an individually allowed account in under its own tenant', async () => {
    expect((await api.call('GET', settingsPath, { user: 'carol' })).status).toBe(200);
  });

  it.each<[string, () => Promise<string>, number, RegExp]>([
    ['no token', () => Promise.resolve(''), 401, /Sign-in required/],
    ['something that is not a token', () => Promise.resolve('not.a-token'), 401, /Sign-in required/],
    ['a malformed token', () => Promise.resolve('aaa.bbb.ccc'), 401, /could not be verified/],
    [
      'an unsigned token (alg none)',
      () => {
        const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }));
        const payload = base64url.encode(
          JSON.stringify({
            ...USERS.alice,
            email_verified: true,
            iss: 'https://accounts.google.com',
            aud: api.issuer.audience,
            iat: 1,
            exp: 4e9,
          }),
        );
        return Promise.resolve(`${header}.${payload}.`);
      },
      401,
      /could not be verified/,
    ],
    ['a wrong issuer', () => api.issuer.token({ ...USERS.alice, iss: 'https://evil.example' }), 401, /could not be verified/],
    [
      'a wrong audience',
      () => api.issuer.token({ ...USERS.alice, aud: 'someone-elses-client.apps.googleusercontent.com' }),
      401,
      /could not be verified/,
    ],
    ['an expired token', () => api.issuer.token({ ...USERS.alice, expiresIn: -120 }), 401, /expired/],
    ['a token dated in the future', () => api.issuer.token({ ...USERS.alice, issuedAgo: -600 }), 401, /could not be verified/],
    ['a token that lives for years', () => api.issuer.token({ ...USERS.alice, expiresIn: 3 * 365 * 86400 }), 401, /could not be verified/],
    [
      'a token issued more than an hour ago',
      () => api.issuer.token({ ...USERS.alice, issuedAgo: 2 * 3600, expiresIn: 3 * 3600 }),
      401,
      /expired|could not be verified/,
    ],
    [
      'a tampered signature',
      async () => {
        const [h, p, s] = (await api.issuer.token(USERS.alice)).split('.');
        return `${h}.${p}.${(s ?? '').slice(0, -4)}AAAA`;
      },
      401,
      /could not be verified/,
    ],
    [
      'a tampered payload',
      async () => {
        const [h, , s] = (await api.issuer.token(USERS.alice)).split('.');
        const forged = base64url.encode(
          JSON.stringify({
            ...USERS.bob,
            email_verified: true,
            iss: 'https://accounts.google.com',
            aud: api.issuer.audience,
            iat: 1,
            exp: 4e9,
          }),
        );
        return `${h}.${forged}.${s}`;
      },
      401,
      /could not be verified/,
    ],
    [
      'a token signed by another key',
      async () => {
        const { privateKey } = await generateKeyPair('RS256');
        return new SignJWT({ email: USERS.alice.email, email_verified: true, hd: USERS.alice.hd })
          .setProtectedHeader({ alg: 'RS256', kid: 'local-1' })
          .setIssuer('https://accounts.google.com')
          .setAudience(api.issuer.audience)
          .setSubject(USERS.alice.sub)
          .setIssuedAt()
          .setExpirationTime('1h')
          .sign(privateKey);
      },
      401,
      /could not be verified/,
    ],
    ['an unverified email', () => api.issuer.token({ ...USERS.alice, email_verified: false }), 401, /not verified/],
    ['a domain not allowed', () => api.issuer.token(USERS.mallory), 403, /not allowed/],
    [
      'an allowed domain in the email but no hd claim (a consumer account)',
      () => api.issuer.token({ sub: '777', email: 'intruder@acme.example' }),
      403,
      /not allowed/,
    ],
  ])('refuses %s', async (_, makeToken, status, message) => {
    const res = await withToken(await makeToken());
    expect(res.status).toBe(status);
    expect(res.json.error.message).toMatch(message);
    expect(res.text).not.toMatch(/at \w+ \(|node_modules|Error:/);
  });
});
