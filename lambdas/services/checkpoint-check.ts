import { compareWithCheckpoint } from '../audit/checkpoint-comparison';
import type { BrokenLink, ChainedEvent } from '../audit/hash-chain';
import type { CheckpointReader, TamperSignal } from '../checkpoint/checkpoint-store';
import { type InvoiceScope, keys, type LedgerScope } from '../store/keys';

export interface CheckpointCheck {
  /** One chain against its checkpointed head and the ledger's tamper signals for it. */
  compare(invoice: InvoiceScope, events: readonly ChainedEvent[]): Promise<BrokenLink[]>;
  /** Tamper signals on chains no `compare` looked at (an invoice since removed from the sheet): still named. */
  unseen(): BrokenLink[];
  /** Chains that had a checkpointed head to compare with. */
  readonly compared: number;
}

const invoiceOf = (chain: string) => decodeURIComponent(chain.slice(chain.lastIndexOf('#I#') + 3));

/**
 * The checkpoints of one ledger, read once: its tamper signals up front (one listing), each
 * chain's newest head as it is compared. Undefined when this backend keeps no checkpoints.
 */
export async function checkpointCheck(reader: CheckpointReader | undefined, ledger: LedgerScope): Promise<CheckpointCheck | undefined> {
  if (!reader) return undefined;
  const byChain = new Map<string, TamperSignal[]>();
  for (const t of await reader.tampering(keys.ledger(ledger))) byChain.set(t.chain, [...(byChain.get(t.chain) ?? []), t]);
  const seen = new Set<string>();
  let compared = 0;
  return {
    async compare(invoice, events) {
      const chain = keys.auditChain(invoice);
      seen.add(chain);
      const head = await reader.latestHead(chain);
      if (head) compared += 1;
      return compareWithCheckpoint(invoice.invoiceNumber, events, head, byChain.get(chain) ?? []);
    },
    unseen() {
      return [...byChain]
        .filter(([chain]) => !seen.has(chain))
        .flatMap(([chain, signals]) => compareWithCheckpoint(invoiceOf(chain), [], undefined, signals));
    },
    get compared() {
      return compared;
    },
  };
}
