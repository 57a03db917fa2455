import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ServiceError } from '../services/service-deps';
import type { ApiDeps, ApiEnv } from './api-env';
import { errorResponse } from './http-errors';
import { readRoutes } from './read-routes';
import { tenantRoutes } from './tenant-routes';
import { writeRoutes } from './write-routes';

/** What a verified person with no team may call (hosted). */
const NO_TEAM_ROUTES = new Set(['POST /v1/tenants', 'GET /v1/tenant/invitation', 'POST /v1/tenant/invitation/accept']);

/** A sync of 500 invoices is about 250 KB; nothing legitimate comes near this. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The HTTP API as one Hono app: the same object serves Lambda (through hono/aws-lambda) and the
 * local Node server. Handlers are thin: parse with zod, call a service, map expected failures
 * to 4xx. Errors never carry stack traces or internals.
 */
export function createApp(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.use('*', async (c, next) => {
    const supplied = c.req.header('x-request-id');
    const requestId = supplied && /^[A-Za-z0-9_-]{8,64}$/.test(supplied) ? supplied : randomUUID();
    c.set('requestId', requestId);
    deps.logger.appendKeys({ requestId });
    c.header('x-request-id', requestId);
    await next();
    deps.logger.info('request', { method: c.req.method, path: c.req.path, status: c.res.status });
    deps.logger.removeKeys(['requestId']);
  });

  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) =>
        errorResponse(c, 'payload_too_large', `The request is larger than ${MAX_BODY_BYTES / 1024} KB. Sync fewer invoices per call.`),
    }),
  );

  app.get('/v1/health', (c) => c.json({ ok: true, service: 'dunning-desk-api', version: deps.version }));

  app.use('/v1/*', async (c, next) => {
    const result = await deps.verifyToken(c.req.header('authorization'));
    // A person with no team yet (hosted) may sign up or join by an invitation, and do nothing else.
    if (!result.ok && result.signUp && deps.tenants && NO_TEAM_ROUTES.has(`${c.req.method} ${c.req.path}`)) {
      c.set('identity', result.signUp);
      return next();
    }
    if (!result.ok)
      return errorResponse(c, result.status === 401 ? 'unauthenticated' : result.signUp ? 'not_signed_up' : 'forbidden', result.message);
    // Hosted: each team has its own rate, so one team's burst is not another's 429 at the gateway.
    const { limits } = result;
    if (limits && deps.tenants) {
      const second = Math.floor(deps.clock.now() / 1000);
      if ((await deps.tenants.takeRequest(result.principal.tenant, second, limits.requestsPerSecond)) === 'over')
        return errorResponse(
          c,
          'rate_limited',
          `Your team made more than ${limits.requestsPerSecond} requests in one second, its plan's limit. Try again in a second.`,
          undefined,
          1,
        );
    }
    c.set('principal', result.principal);
    c.set('limits', limits);
    deps.logger.appendKeys({ tenant: result.principal.tenant });
    try {
      await next();
    } finally {
      // The logger outlives the request in a warm Lambda: the next request's lines must not carry this tenant.
      deps.logger.removeKeys(['tenant']);
    }
  });

  if (deps.tenants)
    tenantRoutes(app, {
      tenants: deps.tenants,
      clock: deps.clock,
      ...(deps.forgetAdmission && { forget: deps.forgetAdmission }),
      ...(deps.sending && { sending: deps.sending }),
    });
  writeRoutes(app, deps);
  readRoutes(app, deps);

  app.notFound((c) => errorResponse(c, 'not_found', `No route for ${c.req.method} ${c.req.path}`));
  app.onError((error, c) => {
    if (error instanceof ServiceError) return errorResponse(c, error.code, error.message, error.issues);
    deps.logger.error('unhandled error', error);
    return errorResponse(c, 'internal', 'Something went wrong on our side. Please try again in a moment.');
  });
  return app;
}
