/** The answer a request id already has, or whether it is being worked on now. */
export type IdempotencyBegin =
  { kind: 'new' } | { kind: 'done'; status: number; body: string } | { kind: 'in_progress' } | { kind: 'mismatch' };

/** Request ids and their first answers: a retried write is answered, not done again. */
export interface IdempotencyStore {
  beginRequest(tenant: string, requestId: string, fingerprint: string, nowMs: number): Promise<IdempotencyBegin>;
  finishRequest(tenant: string, requestId: string, fingerprint: string, status: number, body: string, nowMs: number): Promise<void>;
  abandonRequest(tenant: string, requestId: string): Promise<void>;
}
