// The worker behind the emulation's UrlFetchApp: a real HTTP request, made synchronous for the
// caller by synckit (the calling thread waits on Atomics). Plain JS so it runs in any worker
// thread without a TypeScript loader. Redirects are not followed: Apps Script's
// followRedirects defaults to true, and the caller follows them itself to count each hop.
import { runAsWorker } from 'synckit';

runAsWorker(async (request) => {
  const response = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body === undefined ? undefined : request.body,
    redirect: 'manual',
    signal: AbortSignal.timeout(request.timeoutMs),
  });
  const headers = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return { status: response.status, headers, body: await response.text() };
});
