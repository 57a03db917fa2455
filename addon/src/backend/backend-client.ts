import type * as z from 'zod';
import type { AddonPorts } from '../server/ports';
import { type BackendFailure, describeFailure, unreachable } from './backend-errors';

export type BackendResult<T> = { ok: true; value: T; replayed: boolean } | { ok: false; failure: BackendFailure };

export interface BackendRequest {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  query?: Record<string, string>;
  /** Writes carry a requestId: the same one on every retry, so the backend writes once. */
  body?: { requestId: string } & Record<string, unknown>;
}

const ATTEMPTS = 4;
const BASE_DELAY_MS = 1000;

function queryString(query: Record<string, string> | undefined): string {
  if (!query) return '';
  const parts = Object.entries(query).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

/** A request id for a read, so the logs of a retried read line up too. */
export function newRequestId(ports: AddonPorts): string {
  return ports.Utilities.getUuid().replace(/-/g, '');
}

/**
 * One call to the backend with the user's Google ID token. 429, 5xx and network failures are
 * retried with exponential backoff and jitter (Retry-After honoured), carrying the same request
 * id, so a write that reached the backend before the connection dropped is not written twice.
 * The answer is parsed with the contract's schema: a backend of another version fails loudly.
 */
export function callBackend<T>(ports: AddonPorts, baseUrl: string, request: BackendRequest, schema: z.ZodType<T>): BackendResult<T> {
  const url = `${baseUrl}${request.path}${queryString(request.query)}`;
  const requestId = request.body?.requestId ?? newRequestId(ports);
  const token = ports.ScriptApp.getIdentityToken();
  if (!token) {
    return {
      ok: false,
      failure: {
        message: "Google did not give Dunning Desk your sign-in token. Reopen the spreadsheet and approve the add-on's permissions.",
        status: null,
        retryable: false,
        issues: [],
      },
    };
  }
  const payload = request.body === undefined ? undefined : JSON.stringify(request.body);

  let failure: BackendFailure = unreachable(url, 'no attempt made');
  for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
    let response: GoogleAppsScript.URL_Fetch.HTTPResponse;
    try {
      response = ports.UrlFetchApp.fetch(url, {
        method: request.method,
        headers: { authorization: `Bearer ${token}`, 'x-request-id': requestId },
        muteHttpExceptions: true,
        followRedirects: false,
        ...(payload !== undefined && { contentType: 'application/json', payload }),
      });
    } catch (error) {
      failure = unreachable(url, error instanceof Error ? error.message : String(error));
      if (attempt < ATTEMPTS) ports.Utilities.sleep(backoff(attempt, undefined));
      continue;
    }
    const status = response.getResponseCode();
    const text = response.getContentText();
    if (status >= 200 && status < 300) {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return {
          ok: false,
          failure: {
            message: 'The backend answered with something that is not JSON. Check the backend address in Settings.',
            status,
            retryable: false,
            issues: [],
            requestId,
          },
        };
      }
      const parsed = schema.safeParse(json);
      if (!parsed.success) {
        return {
          ok: false,
          failure: {
            message:
              'The backend answered in a form this version of the add-on does not understand. Update the add-on or the backend so they match.',
            status,
            retryable: false,
            issues: [],
            requestId,
          },
        };
      }
      const headers = response.getHeaders() as Record<string, string>;
      return { ok: true, value: parsed.data, replayed: headers['x-idempotent-replay'] === 'true' };
    }
    failure = describeFailure(status, text, requestId);
    if (!failure.retryable || attempt === ATTEMPTS) break;
    const retryAfter = Number((response.getHeaders() as Record<string, string>)['retry-after']);
    ports.Utilities.sleep(backoff(attempt, Number.isFinite(retryAfter) ? retryAfter : undefined));
  }
  return { ok: false, failure };
}

/** 1 s, 2 s, 4 s with up to 50% jitter, or what Retry-After asks (capped at 30 s). */
function backoff(attempt: number, retryAfterSeconds: number | undefined): number {
  if (retryAfterSeconds !== undefined && retryAfterSeconds >= 0) return Math.min(retryAfterSeconds, 30) * 1000;
  const base = BASE_DELAY_MS * 2 ** (attempt - 1);
  return Math.round(base + Math.random() * base * 0.5);
}
