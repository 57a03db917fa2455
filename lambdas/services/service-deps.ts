import type { EventSource } from '../../shared/api/contract';
import type { AuditEventBody } from '../audit/hash-chain';
import type { Principal } from '../auth/google-token-verifier';
import type { Clock } from '../clock';
import type { CheckpointReader } from '../checkpoint/checkpoint-store';
import type { AuditStore } from './ports/audit-store';
import type { MainStore } from './ports/main-store';

/**
 * What a service is handed. `Main` names the main table's ports the service uses (see
 * ports/), so a reader and a test see what it touches; the API and the dispatcher hand every
 * service the one `MainStore`, which is all of them.
 */
export interface ServiceDeps<Main = MainStore> {
  main: Main;
  audit: AuditStore;
  clock: Clock;
  /** The write-once audit checkpoints, where this backend keeps them: verification compares with them. */
  checkpoints?: CheckpointReader;
}

/** Who did it and through what: recorded on every audit event. */
export interface Actor {
  principal: Principal;
  source: EventSource;
}

/** An expected failure a route turns into a 4xx; anything else is a 500. */
export class ServiceError extends Error {
  constructor(
    readonly code: 'not_found' | 'conflict' | 'bad_request' | 'rate_limited' | 'forbidden',
    message: string,
    /** The fields at fault, as a form names them, for a refusal the caller can mark where it is. */
    readonly issues?: { path: string; message: string }[],
  ) {
    super(message);
  }
}

/** The answer to any action on an invoice the backend has never received from the sheet. */
export function notSynced(invoiceNumber: string): ServiceError {
  return new ServiceError('not_found', `Invoice ${invoiceNumber} has not been synced from the sheet yet. Use Sync now, then try again.`);
}

/** An audit event as the actor records it: who (sub and email), through what, when. */
export function auditBody(actor: Actor, type: string, data: Record<string, unknown>, at: string): AuditEventBody {
  return { type, data, at, actor: { sub: actor.principal.sub, email: actor.principal.email }, source: actor.source };
}

/** Ledger-level events (settings changes) live in a chain of their own under this name. */
export const LEDGER_CHAIN = '~ledger';
