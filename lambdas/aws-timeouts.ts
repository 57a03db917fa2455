/**
 * An AWS SDK client's request handler that gives up on a connection that stops answering: 3 s to
 * connect, then `requestTimeoutMs` for the answer. `throwOnRequestTimeout`, because the SDK's
 * handler otherwise only warns and waits on, holding the request until the function's own
 * timeout. What a timeout means is each caller's to say (a send may have gone: UNKNOWN).
 */
export const answerWithin = (requestTimeoutMs: number) => ({
  connectionTimeout: 3_000,
  requestTimeout: requestTimeoutMs,
  throwOnRequestTimeout: true,
});
