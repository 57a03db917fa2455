import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import type * as z from 'zod';
import { droppedFields } from '../../shared/api/unknown-fields';
import { canonicalJson } from '../audit/canonical-json';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Clock } from '../clock';
import type { IdempotencyStore } from '../services/ports/idempotency-store';
import type { ApiEnv } from './api-env';
import { badRequest, errorResponse } from './http-errors';

/**
 * A write route's handler: parses the JSON body with `schema` (unknown fields refused), and runs
 * `run` once per request id: a repeated requestId gets the first answer, nothing new written.
 */
export function idempotentWrite(deps: { main: IdempotencyStore; clock: Clock; logger: Logger }) {
  return function write<S extends z.ZodType<{ requestId: string }>>(
    schema: S,
    run: (c: Context<ApiEnv>, body: z.infer<S>) => Promise<unknown>,
  ) {
    return async (c: Context<ApiEnv>) => {
      let raw: unknown;
      try {
        raw = await c.req.json();
      } catch {
        return errorResponse(c, 'bad_request', 'The request body is not valid JSON.');
      }
      const parsed = schema.safeParse(raw);
      if (!parsed.success) return badRequest(c, parsed.error);
      const dropped = droppedFields(raw, parsed.data);
      if (dropped.length > 0) {
        return errorResponse(
          c,
          'bad_request',
          `${dropped[0] ?? ''}: is not a field this request takes`,
          dropped.map((path) => ({ path, message: 'is not a field this request takes' })),
        );
      }
      const body = parsed.data;
      const { tenant } = c.get('principal');
      // Over what was parsed (unknown fields refused, values normalised), not the raw bytes:
      // two bodies that mean the same request are the same request.
      const fingerprint = createHash('sha256')
        .update(`${c.req.method} ${c.req.path} ${canonicalJson(body)}`)
        .digest('hex');
      const begun = await deps.main.beginRequest(tenant, body.requestId, fingerprint, deps.clock.now());
      if (begun.kind === 'done')
        return c.body(begun.body, begun.status as 200, { 'content-type': 'application/json', 'x-idempotent-replay': 'true' });
      if (begun.kind === 'in_progress')
        return errorResponse(c, 'conflict', 'This request is still being processed. Try again in a moment.');
      if (begun.kind === 'mismatch') return errorResponse(c, 'conflict', 'This request id was already used for a different request.');
      let text: string;
      try {
        text = JSON.stringify(await run(c, body));
      } catch (error) {
        // The work failed: let a retry of the same request id run again. If even that fails, the
        // id stays locked for a minute; the original error is what the logs must show.
        await deps.main
          .abandonRequest(tenant, body.requestId)
          .catch((releaseError: unknown) => deps.logger.warn('could not release a request id', { error: String(releaseError) }));
        throw error;
      }
      // The work is done: its request id must never be released now, or a retry would do it again.
      // If the answer cannot be kept, the id stays locked (a retry meanwhile hears "in progress").
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        try {
          await deps.main.finishRequest(tenant, body.requestId, fingerprint, 200, text, deps.clock.now());
          break;
        } catch (error) {
          if (attempt === 3)
            deps.logger.error('could not keep the answer to a request; its id stays locked', {
              requestId: body.requestId,
              error: String(error),
            });
          else await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
        }
      }
      return c.body(text, 200, { 'content-type': 'application/json' });
    };
  };
}
