import type { TenantLimits } from '../../shared/api/tenant-contract';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'hono';
import type { GoogleIdentity, Principal, TokenVerifier } from '../auth/google-token-verifier';
import type { TenantStore } from '../services/ports/tenant-store';
import type { ServiceSending } from '../services/sending-identity-service';
import type { HolidayDeps } from '../services/holiday-service';
import type { LetterDeps } from '../services/letter-service';
import type { TestMailDeps } from '../services/reminder-service';
import type { MainStore } from '../services/ports/main-store';
import type { Actor } from '../services/service-deps';

export interface ApiDeps extends LetterDeps, TestMailDeps, HolidayDeps {
  /** The routes hand each service the ports it asks for; between them they use the whole table. */
  main: MainStore;
  verifyToken: TokenVerifier;
  /** The hosted service's teams; absent on a self-hosted backend, whose allow-list says who may use it. */
  tenants?: TenantStore;
  /** Hosted: the service's sending, so teams may send from a domain of their own. */
  sending?: ServiceSending;
  /** Forgets what the admission kept about an address (hosted), so a change of team applies at once here. */
  forgetAdmission?: (email: string) => void;
  logger: Logger;
  version: string;
}

/** What the auth and request-id middleware put on every request's context. */
export type ApiEnv = {
  Variables: {
    principal: Principal;
    requestId: string;
    /** Set only for a verified person with no team yet, on the sign-up route (hosted). */
    identity: GoogleIdentity | undefined;
    /** The team's plan limits (hosted); none on a self-hosted backend. */
    limits: TenantLimits | undefined;
  };
};

/** The signed-in person, acting through the sidebar (the sync says so itself). */
export const actorOf = (c: Context<ApiEnv>): Actor => ({ principal: c.get('principal'), source: 'sidebar' });
