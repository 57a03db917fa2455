import type { Hono } from 'hono';
import { serveApp, type RunningServer } from '../../lambdas/local/serve-api';
import type { MovableClock } from '../../lambdas/local/shared-clock';

export interface SeenRequest {
  method: string;
  path: string;
  requestId: string | null;
  body: string;
  status: number;
  replayed: boolean;
}

/** An answer the proxy gives instead of the backend's, once, to the next request. */
export interface Fault {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * The real API on a local port, behind a recorder that can answer a request itself (a 500, a
 * 429, a refusal) before the API sees it: the backend failures the add-on must survive. Faults
 * are plain data because the proxy runs on the backend's thread, away from the test.
 * `slowMs` makes every request take that long on the shared clock, as a slow backend would.
 */
export async function serveWithFaults(app: Pick<Hono, 'fetch'>, clock: MovableClock) {
  const seen: SeenRequest[] = [];
  const faults: Fault[] = [];
  const settings = { slowMs: 0 };
  const server: RunningServer = await serveApp(
    {
      fetch: async (request: Request) => {
        clock.advance(settings.slowMs);
        const body = request.method === 'GET' ? '' : await request.text();
        const path = new URL(request.url).pathname;
        const fault = faults.shift();
        const response = fault
          ? new Response(JSON.stringify(fault.body), {
              status: fault.status,
              headers: { 'content-type': 'application/json', ...fault.headers },
            })
          : await app.fetch(new Request(request.url, { method: request.method, headers: request.headers, ...(body && { body }) }));
        seen.push({
          method: request.method,
          path,
          requestId: request.headers.get('x-request-id'),
          body,
          status: response.status,
          replayed: response.headers.get('x-idempotent-replay') === 'true',
        });
        return response;
      },
    },
    0,
  );
  return { url: server.url, seen, faults, settings, close: () => server.close() };
}
