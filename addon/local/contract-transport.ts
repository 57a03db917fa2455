import { describeIssues, SyncInvoicesRequest, type SyncInvoicesResponse } from '../../shared/api/contract';
import type { HttpRequest, HttpResponse, HttpTransport } from './url-fetch';

/**
 * A backend answered in-process, from the API contract's own schemas: a sync is validated as
 * the real API validates it (a 400 names each refused field) and answered with the contract's
 * response shape. For cost measurements at sizes where the real API over dynalite would take
 * minutes; behaviour against the real API is tested over HTTP (test/integration/addon-sync).
 */
export function contractTransport() {
  const log: { path: string; bytes: number; invoices: number }[] = [];
  const json = (status: number, body: unknown): HttpResponse => ({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const transport: HttpTransport = (request: HttpRequest) => {
    const path = /^https?:\/\/[^/]+(\/[^?]*)/.exec(request.url)?.[1] ?? '/';
    if (request.method.toUpperCase() !== 'POST' || path !== '/v1/invoices/sync') return json(404, { error: { code: 'not_found', message: `no route ${request.method} ${path}` } });
    let body: unknown;
    try {
      body = JSON.parse(request.body ?? '');
    } catch {
      return json(400, { error: { code: 'bad_request', message: 'body is not JSON', issues: [] } });
    }
    const parsed = SyncInvoicesRequest.safeParse(body);
    log.push({ path, bytes: Buffer.byteLength(request.body ?? ''), invoices: parsed.success ? parsed.data.invoices.length : 0 });
    if (!parsed.success) return json(400, { error: { code: 'bad_request', message: 'invalid', issues: describeIssues(parsed.error) } });
    const answer: SyncInvoicesResponse = { upserted: parsed.data.invoices.length, unchanged: 0, cancelledReminders: 0, reaged: [] };
    return json(200, answer);
  };
  return { transport, log };
}
