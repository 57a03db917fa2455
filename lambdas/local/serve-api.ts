import { serve } from '@hono/node-server';
import type { Hono } from 'hono';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** A Hono app on a local port: the same app object the Lambda handler wraps. */
export function serveApp(app: Pick<Hono, 'fetch'>, port: number): Promise<RunningServer> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, (info) => {
      // Callers here block their thread for seconds at a time (the emulated UrlFetch waits on
      // Atomics), so their keep-alive timers cannot run: a server closing an idle connection
      // after Node's default 5 s would race their next request on it ("other side closed").
      if ('keepAliveTimeout' in server) {
        server.keepAliveTimeout = 120_000;
        server.headersTimeout = 125_000;
      }
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((done, fail) => server.close((e) => (e ? fail(e) : done()))),
      });
    });
  });
}
