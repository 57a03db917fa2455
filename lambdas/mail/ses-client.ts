import { SESClient, type SESClientConfig } from '@aws-sdk/client-ses';
import { answerWithin } from '../aws-timeouts';

/**
 * An SES client for sending: exactly one attempt per call. SES v1 has no idempotency token, so
 * the SDK's own retry of a 5xx or a reset connection (3 attempts by default) can deliver the
 * same email three times; the mailers refuse a client that would retry (see assertSingleAttempt).
 */
export function sendingSesClient(config: SESClientConfig = {}, requestTimeoutMs = SEND_REQUEST_TIMEOUT_MS): SESClient {
  return new SESClient({
    ...config,
    maxAttempts: 1,
    // Without it a connection that stops answering holds the send until the function's own
    // timeout, and the run's other lanes wait for its first answer. Past it the send is UNKNOWN
    // (it may have gone), never tried again.
    requestHandler: answerWithin(requestTimeoutMs),
  });
}

/** Until SES answers a send on its way (SendRawEmail with a 10 MB letter included). */
export const SEND_REQUEST_TIMEOUT_MS = 30_000;

/** Throws if the client would retry a send on its own: a wiring bug, caught on the first send. */
export async function assertSingleAttempt(ses: SESClient): Promise<void> {
  // The resolved config is a provider in SDK v3; a hand-made test double may have none.
  const provider = (ses as { config?: { maxAttempts?: () => Promise<number> } }).config?.maxAttempts;
  const attempts = provider ? await provider() : 1;
  if (attempts !== 1)
    throw new Error(`the SES client for sending must make one attempt (it makes ${attempts}); build it with sendingSesClient()`);
}
