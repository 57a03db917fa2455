import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'hono';
import type { Principal, TokenVerifier } from '../auth/google-token-verifier';
import type { HolidayDeps } from '../services/holiday-service';
import type { LetterDeps } from '../services/letter-service';
import type { TestMailDeps } from '../services/reminder-service';
import type { MainStore } from '../services/ports/main-store';
import type { Actor } from '../services/service-deps';

export interface ApiDeps extends LetterDeps, TestMailDeps, HolidayDeps {
  /** The routes hand each service the ports it asks for; between them they use the whole table. */
  main: MainStore;
  verifyToken: TokenVerifier;
  logger: Logger;
  version: string;
}

/** What the auth and request-id middleware put on every request's context. */
export type ApiEnv = { Variables: { principal: Principal; requestId: string } };

/** The signed-in person, acting through the sidebar (the sync says so itself). */
export const actorOf = (c: Context<ApiEnv>): Actor => ({ principal: c.get('principal'), source: 'sidebar' });
