import type { EventSource } from '../../shared/api/contract';
import type { Principal } from '../auth/google-token-verifier';
import type { Clock } from '../clock';
import type { AuditStore } from '../store/dynamodb-audit-store';
import type { MainStore } from '../store/dynamodb-main-store';

export interface ServiceDeps {
  main: MainStore;
  audit: AuditStore;
  clock: Clock;
}

/** Who did it and through what: recorded on every audit event. */
export interface Actor {
  principal: Principal;
  source: EventSource;
}

/** An expected failure a route turns into a 4xx; anything else is a 500. */
export class ServiceError extends Error {
  constructor(
    readonly code: 'not_found' | 'conflict' | 'bad_request',
    message: string,
  ) {
    super(message);
  }
}

/** Ledger-level events (settings changes) live in a chain of their own under this name. */
export const LEDGER_CHAIN = '~ledger';
