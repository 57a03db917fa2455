import type { CheckpointedHead, TamperSignal } from '../checkpoint/checkpoint-store';
import type { BrokenLink, ChainedEvent } from './hash-chain';

/**
 * One chain held against what the write-once checkpoints say of it: the table must still hold
 * the checkpointed head, with the same hash, and no edit or deletion may have been seen. Events
 * appended after the newest checkpoint are not judged here (the stream is a minute or so behind);
 * the hash chain covers them.
 */
export function compareWithCheckpoint(
  invoiceNumber: string,
  events: readonly ChainedEvent[],
  head: CheckpointedHead | undefined,
  tampering: readonly TamperSignal[],
): BrokenLink[] {
  const problems: BrokenLink[] = [];
  if (head) {
    const last = events.at(-1)?.seq ?? 0;
    const stored = events.find((e) => e.seq === head.seq);
    if (head.seq > last) {
      const missing = head.seq - last;
      problems.push({
        invoiceNumber,
        seq: last + 1,
        reason: `its last ${missing === 1 ? 'event is' : `${missing} events are`} missing: the audit checkpoint holds event ${head.seq} (recorded ${head.at}), the table ends at ${last === 0 ? 'nothing' : `event ${last}`}`,
      });
    } else if (!stored || stored.hash !== head.hash) {
      problems.push({
        invoiceNumber,
        seq: head.seq,
        reason: `event ${head.seq} is not the one the audit checkpoint holds (recorded ${head.at}): it was replaced after it was checkpointed`,
      });
    }
  }
  for (const t of [...tampering].sort((a, b) => a.seq - b.seq || a.at.localeCompare(b.at))) {
    problems.push({
      invoiceNumber,
      seq: t.seq,
      reason: `event ${t.seq} was ${t.kind === 'deleted' ? 'deleted from' : 'edited in'} the audit table on ${t.at} (seen by the audit checkpoints; the app only ever appends)`,
    });
  }
  return problems;
}
