import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import type { EventSource } from '../../shared/api/contract';

export const GENESIS_HASH = '0'.repeat(64);

/** What an audit event says; the chain fields (seq, prevHash, hash) are added on append. */
export interface AuditEventBody {
  /**
   * The writer's own id for the event, when it may write it more than once (a retry, a sweep
   * finishing a crashed run's work): the append recognises it and does not record it twice.
   */
  id?: string;
  type: string;
  /** ISO instant from the injected clock. */
  at: string;
  actor: { sub?: string; email?: string };
  source: EventSource;
  data: Record<string, unknown>;
}

export interface ChainPosition {
  tenant: string;
  ledgerId: string;
  invoiceNumber: string;
  seq: number;
  prevHash: string;
}

export type ChainedEvent = AuditEventBody & ChainPosition & { hash: string };

/**
 * SHA-256 over the canonical JSON of everything an event says and where it sits: its tenant,
 * ledger, invoice, place in the chain and the previous event's hash. Changing any of them, or
 * moving the event to another chain, changes the hash.
 */
export function hashEvent(event: AuditEventBody & ChainPosition): string {
  const { id, tenant, ledgerId, invoiceNumber, seq, prevHash, type, at, actor, source, data } = event;
  // canonicalJson leaves out an undefined id, so events written before ids existed hash as they did.
  return createHash('sha256')
    .update(canonicalJson({ id, tenant, ledgerId, invoiceNumber, seq, prevHash, type, at, actor, source, data }))
    .digest('hex');
}

export interface BrokenLink {
  invoiceNumber: string;
  seq: number;
  reason: string;
}

/**
 * Walks one invoice's chain in seq order and names the first event that does not hold: a hash
 * that does not match its content, a link to the wrong previous hash, or a gap where an event
 * was removed.
 */
export function verifyChain(events: readonly ChainedEvent[]): BrokenLink | undefined {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  for (const event of events) {
    const at = { invoiceNumber: event.invoiceNumber, seq: event.seq };
    if (event.seq !== expectedSeq)
      return { ...at, reason: `event ${expectedSeq} is missing: the chain jumps from ${expectedSeq - 1} to ${event.seq}` };
    if (event.prevHash !== prevHash) return { ...at, reason: 'its link to the previous event does not match that event' };
    let recomputed: string;
    try {
      recomputed = hashEvent(event);
    } catch {
      return { ...at, reason: 'its content cannot be hashed: a field was given a value an audit event cannot hold' };
    }
    if (recomputed !== event.hash) return { ...at, reason: 'its content was changed after it was recorded (the hash does not match)' };
    prevHash = event.hash;
    expectedSeq += 1;
  }
  return undefined;
}
