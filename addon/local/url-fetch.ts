import { join } from 'node:path';
import { createSyncFn } from 'synckit';
import type { CallCounter } from './call-counter';
import { asGas } from './gas-types';

export interface HttpRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}
export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}
/** Synchronous, like UrlFetchApp: the add-on's code has no await. */
export type HttpTransport = (request: HttpRequest) => HttpResponse;

/** Real HTTP through a worker thread. */
export function realHttpTransport(): HttpTransport {
  const fetchSync = createSyncFn<(request: HttpRequest) => Promise<HttpResponse>>(join(process.cwd(), 'addon/local/url-fetch-worker.mjs'));
  return (request) => fetchSync(request);
}

/** Apps Script's limits on a request (quotas page): 50 MB payload, 2 kB URL, 60 s per call. */
const MAX_PAYLOAD = 50 * 1024 * 1024;
const MAX_URL = 2082;
const TIMEOUT_MS = 60_000;

/**
 * Apps Script's allowlist rule: the URL is the prefix or below it; a leading "*." in the host
 * matches any subdomain (https://*.example.com/ matches https://api.example.com/v1).
 */
export function matchesAllowListPrefix(url: string, prefix: string): boolean {
  const wildcard = /^(https?:\/\/)\*\.([^/]+)(\/.*)$/.exec(prefix);
  if (!wildcard) return url.startsWith(prefix);
  const m = /^(https?:\/\/)([^/]+)(\/.*)?$/.exec(url);
  if (!m || m[1] !== wildcard[1]) return false;
  const host = m[2] ?? '';
  return host.endsWith(`.${wildcard[2] ?? ''}`) && (m[3] ?? '/').startsWith(wildcard[3] ?? '/');
}

type FetchApi = Pick<GoogleAppsScript.URL_Fetch.UrlFetchApp, 'fetch'>;

export interface FetchRecord {
  url: string;
  method: string;
  headers: Record<string, string>;
  bodyBytes: number;
  status: number;
}

class HttpResponseImpl implements Pick<
  GoogleAppsScript.URL_Fetch.HTTPResponse,
  'getResponseCode' | 'getContentText' | 'getHeaders' | 'getAllHeaders'
> {
  constructor(private readonly response: HttpResponse) {}
  getResponseCode(): number {
    return this.response.status;
  }
  getContentText(): string {
    return this.response.body;
  }
  getHeaders(): object {
    return { ...this.response.headers };
  }
  getAllHeaders(): object {
    return { ...this.response.headers };
  }
}

/**
 * UrlFetchApp as the add-on sees it: the manifest's urlFetchWhitelist is enforced (plus the
 * origins the local stack serves the backend from, standing in for the deployed URL), header
 * values with line breaks are refused, and a 4xx/5xx throws unless muteHttpExceptions is set.
 */
export class EmulatedUrlFetchApp implements FetchApi {
  readonly log: FetchRecord[] = [];
  constructor(
    private readonly transport: HttpTransport,
    private readonly allowedPrefixes: readonly string[],
    private readonly counter: CallCounter,
  ) {}

  fetch(url: string, params: GoogleAppsScript.URL_Fetch.URLFetchRequestOptions = {}): GoogleAppsScript.URL_Fetch.HTTPResponse {
    this.counter.count('UrlFetchApp.fetch');
    if (url.length > MAX_URL) throw new Error('Exception: Limit Exceeded: URLFetch URL Length.');
    if (!this.allowedPrefixes.some((prefix) => matchesAllowListPrefix(url, prefix))) {
      throw new Error(
        `Exception: You do not have permission to call UrlFetchApp.fetch. The URL ${url} is not allow-listed in the manifest (urlFetchWhitelist).`,
      );
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(params.headers ?? {})) {
      const text = String(value);
      if (/[\r\n]/.test(text) || /[\r\n]/.test(name)) throw new Error(`Exception: Invalid argument: header ${name}`);
      headers[name] = text;
    }
    if (params.contentType) headers['content-type'] = params.contentType;
    const payload = params.payload;
    if (payload !== undefined && typeof payload !== 'string') throw new Error('Exception: the emulation sends string payloads only');
    if (payload !== undefined && Buffer.byteLength(payload) > MAX_PAYLOAD)
      throw new Error('Exception: Limit Exceeded: URLFetch POST Size.');
    const method = (params.method ?? 'get').toUpperCase();
    const response = this.transport({ url, method, headers, ...(payload !== undefined && { body: payload }), timeoutMs: TIMEOUT_MS });
    this.log.push({ url, method, headers, bodyBytes: payload === undefined ? 0 : Buffer.byteLength(payload), status: response.status });
    if (response.status >= 400 && !params.muteHttpExceptions) {
      throw new Error(
        `Exception: Request failed for ${new URL(url).host} returned code ${response.status}. Truncated server response: ${response.body.slice(0, 100)} (use muteHttpExceptions option to examine full response)`,
      );
    }
    return asGas(new HttpResponseImpl(response));
  }
}
