import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type * as z from 'zod';
import { type ApiError, type ApiErrorCode, describeIssues } from '../../shared/api/contract';

export const STATUS: Record<ApiErrorCode, ContentfulStatusCode> = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_signed_up: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
};

/** An error response: a code and a message for people, field issues for bad input; never internals. */
export function errorResponse<C extends Context>(
  c: C,
  code: ApiErrorCode,
  message: string,
  issues?: { path: string; message: string }[],
  retryAfterS = 2,
) {
  const requestId = c.get('requestId') as string | undefined;
  const body: ApiError = { error: { code, message, ...(issues && { issues }), ...(requestId && { requestId }) } };
  // A conflict (someone else's write, a request still running) or a rate limit passes: say when to retry.
  if (code === 'conflict' || code === 'rate_limited') c.header('Retry-After', String(retryAfterS));
  return c.json(body, STATUS[code]);
}

export function badRequest<C extends Context>(c: C, error: z.ZodError) {
  const issues = describeIssues(error);
  const first = issues[0];
  return errorResponse(c, 'bad_request', first ? `${first.path}: ${first.message}` : 'The request is not valid.', issues);
}
