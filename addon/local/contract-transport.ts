import {
  describeIssues,
  type LedgerStatusResponse,
  LedgerStatusQuery,
  SyncInvoicesRequest,
  type SyncInvoicesResponse,
} from '../../shared/api/contract';
import { calendarDate } from '../../shared/time/calendar-date';
import type { HttpRequest, HttpResponse, HttpTransport } from './url-fetch';

/**
 * A backend answered in-process, from the API contract's own schemas: a sync is validated as
 * the real API validates it (a 400 names each refused field) and answered with the contract's
 * response shape; the ledger status route pages the invoices it was sent, each "sending", in
 * key order as DynamoDB would. For cost measurements at sizes where the real API over dynalite
 * would take minutes; behaviour against the real API is tested over HTTP
 * (test/integration/addon-sync).
 */
export function contractTransport() {
  const log: { path: string; bytes: number; invoices: number }[] = [];
  const received = new Set<string>();
  const json = (status: number, body: unknown): HttpResponse => ({
    status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const invalid = (issues: ReturnType<typeof describeIssues>) => json(400, { error: { code: 'bad_request', message: 'invalid', issues } });

  function status(url: string): HttpResponse {
    const params = Object.fromEntries(new URLSearchParams(url.split('?')[1] ?? ''));
    const query = LedgerStatusQuery.safeParse(params);
    if (!query.success) return invalid(describeIssues(query.error));
    // DynamoDB orders the invoices by their URL-encoded sort keys.
    const key = encodeURIComponent;
    const sorted = [...received].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    const after = query.data.cursor === undefined ? undefined : key(query.data.cursor);
    const from = after === undefined ? 0 : sorted.findIndex((n) => key(n) > after);
    const page = from < 0 ? [] : sorted.slice(from, from + query.data.limit);
    const answer: LedgerStatusResponse = {
      invoices: page.map((invoiceNumber) => ({
        invoiceNumber,
        nextStep: { label: 'Reminder', action: 'email', on: calendarDate(2026, 11, 24) },
        automation: { state: 'sending' },
      })),
      ...(from >= 0 && from + query.data.limit < sorted.length && { nextCursor: page[page.length - 1] }),
    };
    log.push({ path: '/v1/ledger/status', bytes: 0, invoices: 0 });
    return json(200, answer);
  }

  const transport: HttpTransport = (request: HttpRequest) => {
    const path = /^https?:\/\/[^/]+(\/[^?]*)/.exec(request.url)?.[1] ?? '/';
    const method = request.method.toUpperCase();
    if (method === 'GET' && path === '/v1/ledger/status') return status(request.url);
    if (method !== 'POST' || path !== '/v1/invoices/sync')
      return json(404, { error: { code: 'not_found', message: `no route ${request.method} ${path}` } });
    let body: unknown;
    try {
      body = JSON.parse(request.body ?? '');
    } catch {
      return json(400, { error: { code: 'bad_request', message: 'body is not JSON', issues: [] } });
    }
    const parsed = SyncInvoicesRequest.safeParse(body);
    log.push({ path, bytes: Buffer.byteLength(request.body ?? ''), invoices: parsed.success ? parsed.data.invoices.length : 0 });
    if (!parsed.success) return invalid(describeIssues(parsed.error));
    for (const invoice of parsed.data.invoices) received.add(invoice.invoiceNumber);
    const answer: SyncInvoicesResponse = { upserted: parsed.data.invoices.length, unchanged: 0, cancelledReminders: 0, reaged: [] };
    return json(200, answer);
  };
  return { transport, log };
}
