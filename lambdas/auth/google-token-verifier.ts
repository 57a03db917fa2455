import type { TenantLimits } from '../../shared/api/tenant-contract';
import { createRemoteJWKSet, errors, type JWTVerifyGetKey, jwtVerify } from 'jose';
import type { Clock } from '../clock';

export interface Principal {
  /** Google's stable user id; emails can change. */
  sub: string;
  email: string;
  /** "d:<workspace domain>", or "u:<sub>" for an individually allowed account or a team signed up by one person. */
  tenant: string;
}

/** Who a verified Google ID token says the caller is, before anything decides what they may do. */
export interface GoogleIdentity {
  sub: string;
  /** Lower-cased and verified by Google. */
  email: string;
  /** The Workspace domain, from the signed `hd` claim (absent for consumer accounts). */
  hd?: string;
}

/**
 * `signUp`: a verified person who belongs to no team yet (the hosted service): the sign-up
 * routes may serve them, nothing else.
 */
export type AuthResult =
  /** `limits`: the team's plan (hosted): its API rate counted per request, its invoices per ledger at sync. */
  { ok: true; principal: Principal; limits?: TenantLimits } | { ok: false; status: 401 | 403; message: string; signUp?: GoogleIdentity };

/** Who may use the backend, and as which tenant: an allow-list (self-hosted) or the hosted service's tenant records. */
export type Admission = (identity: GoogleIdentity) => Promise<AuthResult>;

export interface AuthConfig {
  jwksUrl: string;
  /** The add-on's OAuth client id(s): the token's audience. */
  audiences: readonly string[];
}

/**
 * A self-hosted backend's admission: Google Workspace domains whose users may use it (from the
 * signed `hd` claim) and individual accounts outside them. Default deny: with neither, nobody.
 */
export function allowListAdmission(allowedDomains: readonly string[], allowedEmails: readonly string[]): Admission {
  const domains = new Set(allowedDomains.map((d) => d.toLowerCase()));
  const emails = new Set(allowedEmails.map((e) => e.toLowerCase()));
  return ({ sub, email, hd }) =>
    Promise.resolve<AuthResult>(
      hd && domains.has(hd)
        ? { ok: true, principal: { sub, email, tenant: `d:${hd}` } }
        : emails.has(email)
          ? { ok: true, principal: { sub, email, tenant: `u:${sub}` } }
          : {
              ok: false,
              status: 403,
              message: `${email} is not allowed to use this Dunning Desk backend. Ask your administrator to add your domain or address.`,
            },
    );
}

const CLOCK_TOLERANCE_S = 30;
/** How long Google's ID tokens live (exp - iat). */
export const GOOGLE_TOKEN_LIFETIME_S = 3600;

/** Google's ID tokens name their issuer either way. */
export const GOOGLE_ISSUERS = ['https://accounts.google.com', 'accounts.google.com'];

export type TokenVerifier = (authorization: string | undefined) => Promise<AuthResult>;

/**
 * Verifies `Authorization: Bearer <Google ID token>` and hands who it names to the admission,
 * which decides the tenant. A domain comes from the `hd` claim (which Google sets only for
 * Workspace accounts), never from the email's suffix: anyone can create a consumer Google
 * account for an address at someone else's domain.
 */
export function makeGoogleTokenVerifier(
  config: AuthConfig,
  clock: Clock,
  admit: Admission,
  keys: JWTVerifyGetKey = createRemoteJWKSet(new URL(config.jwksUrl)),
): TokenVerifier {
  return async (authorization) => {
    const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/.exec(authorization ?? '');
    if (!match?.[1])
      return { ok: false, status: 401, message: 'Sign-in required: send a Google ID token as "Authorization: Bearer <token>".' };
    let payload;
    try {
      ({ payload } = await jwtVerify(match[1], keys, {
        issuer: GOOGLE_ISSUERS,
        audience: [...config.audiences],
        algorithms: ['RS256'],
        currentDate: new Date(clock.now()),
        clockTolerance: CLOCK_TOLERANCE_S,
        // Refuses an iat in the future (beyond the tolerance) or older than Google's tokens live.
        maxTokenAge: GOOGLE_TOKEN_LIFETIME_S,
        requiredClaims: ['exp', 'iat', 'sub', 'email'],
      }));
    } catch (error) {
      if (error instanceof errors.JWTExpired)
        return { ok: false, status: 401, message: 'Your sign-in has expired. Reload the sheet and try again.' };
      if (error instanceof errors.JOSEError) return { ok: false, status: 401, message: 'Your sign-in could not be verified.' };
      throw error;
    }
    // Google's ID tokens live one hour; a longer-lived one was not made by Google's sign-in.
    if ((payload.exp ?? 0) - (payload.iat ?? 0) > GOOGLE_TOKEN_LIFETIME_S + CLOCK_TOLERANCE_S)
      return { ok: false, status: 401, message: 'Your sign-in could not be verified.' };
    const email = typeof payload.email === 'string' ? payload.email.toLowerCase() : '';
    const sub = payload.sub ?? '';
    if (payload.email_verified !== true) return { ok: false, status: 401, message: 'Your Google account email is not verified.' };
    const hd = typeof payload.hd === 'string' ? payload.hd.toLowerCase() : undefined;
    return admit({ sub, email, ...(hd && { hd }) });
  };
}
