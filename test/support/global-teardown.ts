import type { Server } from 'node:http';

export default async function globalTeardown(): Promise<void> {
  for (const name of ['__dynalite', '__ses'] as const) {
    const server = (globalThis as unknown as Record<string, Server | undefined>)[name];
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
