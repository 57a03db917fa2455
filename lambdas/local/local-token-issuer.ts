import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../clock';

export interface TokenClaims {
  sub: string;
  email: string;
  hd?: string;
  email_verified?: boolean;
  aud?: string;
  iss?: string;
  /** Seconds from its issue; negative for an expired token. */
  expiresIn?: number;
  /** Seconds ago it was issued; negative for a token dated in the future. */
  issuedAgo?: number;
}

/**
 * Stands in for Google's token service on this machine: an RS256 key pair, its JWKS served over
 * HTTP, and ID tokens signed the way Google signs them. The backend verifies them with the same
 * code and the same remote-JWKS fetch it uses against Google in production.
 */
export class LocalTokenIssuer {
  private constructor(
    private readonly privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'],
    private readonly jwk: JWK,
    private readonly server: Server,
    readonly jwksUrl: string,
    readonly audience: string,
    private readonly clock: Clock,
  ) {}

  static async start(clock: Clock, audience = 'local-addon-client.apps.googleusercontent.com', port = 0): Promise<LocalTokenIssuer> {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'local-1', alg: 'RS256', use: 'sig' };
    const server = createServer((req, res) => {
      if (req.url === '/oauth2/v3/certs') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
      } else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth2/v3/certs`;
    return new LocalTokenIssuer(privateKey, jwk, server, url, audience, clock);
  }

  async token(claims: TokenClaims): Promise<string> {
    const nowS = Math.floor(this.clock.now() / 1000);
    const {
      sub,
      email,
      hd,
      email_verified = true,
      aud = this.audience,
      iss = 'https://accounts.google.com',
      expiresIn = 3600,
      issuedAgo = 0,
    } = claims;
    const iat = nowS - issuedAgo;
    return new SignJWT({ email, email_verified, ...(hd && { hd }) })
      .setProtectedHeader({ alg: 'RS256', kid: this.jwk.kid ?? 'local-1' })
      .setIssuer(iss)
      .setAudience(aud)
      .setSubject(sub)
      .setIssuedAt(iat)
      .setExpirationTime(iat + expiresIn)
      .sign(this.privateKey);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
