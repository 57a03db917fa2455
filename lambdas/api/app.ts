import { Hono } from 'hono';
import type { ApiError } from '../../shared/api/contract';

export interface ApiDeps {
  version: string;
}

/**
 * The HTTP API as one Hono app: the same object serves Lambda (through hono/aws-lambda) and the
 * local Node server. Errors never carry stack traces or internals, only a code and a message.
 */
export function createApp(deps: ApiDeps): Hono {
  const app = new Hono();

  app.get('/v1/health', (c) => c.json({ ok: true, service: 'dunning-desk-api', version: deps.version }));

  app.notFound((c) => c.json({ error: { code: 'not_found', message: `No route for ${c.req.method} ${c.req.path}` } } satisfies ApiError, 404));
  app.onError((_error, c) => c.json({ error: { code: 'internal', message: 'Something went wrong on our side. Nothing was saved; please try again.' } } satisfies ApiError, 500));
  return app;
}
