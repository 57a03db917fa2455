import type { AuditEventView, HistoryResponse, VerifyResponse } from '../../shared/api/contract';
import { type ChainedEvent, verifyChain } from '../audit/hash-chain';
import type { InvoiceScope, LedgerScope } from '../store/keys';
import { type ServiceDeps, ServiceError } from './service-deps';
import { csvFile } from '../../shared/csv/csv-cell';

function view(e: ChainedEvent): AuditEventView {
  return { seq: e.seq, type: e.type, at: e.at, actor: e.actor, source: e.source, data: e.data, hash: e.hash };
}

/** The cursor is only a sequence number; the chain it pages is rebuilt from the token's tenant. */
function parseCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined;
  if (!/^[1-9]\d{0,9}$/.test(cursor)) throw new ServiceError('bad_request', 'The page cursor is not one this API gave out.');
  return Number(cursor);
}

export async function history(deps: ServiceDeps, scope: InvoiceScope, limit: number, cursor?: string): Promise<HistoryResponse> {
  const page = await deps.audit.page(scope, limit, parseCursor(cursor));
  return { events: page.events.map(view), ...(page.nextBeforeSeq !== undefined && { nextCursor: String(page.nextBeforeSeq) }) };
}

async function events(deps: ServiceDeps, scope: LedgerScope & { invoiceNumber?: string }): Promise<ChainedEvent[]> {
  return scope.invoiceNumber !== undefined ? deps.audit.chain({ ...scope, invoiceNumber: scope.invoiceNumber }) : deps.audit.ledger(scope);
}

/** Each invoice's chain checked from its first event; the first broken link of the first broken chain. */
export async function verify(deps: ServiceDeps, scope: LedgerScope & { invoiceNumber?: string }): Promise<VerifyResponse> {
  const all = await events(deps, scope);
  const chains = new Map<string, ChainedEvent[]>();
  for (const e of all) {
    const chain = chains.get(e.invoiceNumber) ?? [];
    chain.push(e);
    chains.set(e.invoiceNumber, chain);
  }
  for (const chain of chains.values()) {
    chain.sort((a, b) => a.seq - b.seq);
    const broken = verifyChain(chain);
    if (broken) return { intact: false, eventsChecked: all.length, firstBroken: broken };
  }
  return { intact: true, eventsChecked: all.length };
}

export const AUDIT_CSV_COLUMNS = ['invoice_number', 'seq', 'at', 'type', 'actor_email', 'actor_sub', 'source', 'data', 'prev_hash', 'hash'];

export async function exportCsv(deps: ServiceDeps, scope: LedgerScope & { invoiceNumber?: string }): Promise<string> {
  const rows = (await events(deps, scope)).map((e) => [e.invoiceNumber, e.seq, e.at, e.type, e.actor.email ?? '', e.actor.sub ?? '', e.source, e.data, e.prevHash, e.hash]);
  return csvFile(AUDIT_CSV_COLUMNS, rows);
}
