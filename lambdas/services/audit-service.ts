import type { AuditEventView, HistoryResponse, VerifyResponse } from '../../shared/api/contract';
import { type BrokenLink, type ChainedEvent, verifyChain } from '../audit/hash-chain';
import type { ReminderRecord } from '../store/records';
import { mapLimited } from '../map-limited';
import type { InvoiceScope, LedgerScope } from '../store/keys';
import { checkpointCheck } from './checkpoint-check';
import { LEDGER_CHAIN, type ServiceDeps, ServiceError } from './service-deps';
import { csvFile } from '../../shared/csv/csv-cell';
import type { InvoiceStore } from './ports/invoice-store';
import type { ReminderStore } from './ports/reminder-store';

/** The main table's ports this module uses. */
type Stores = InvoiceStore & ReminderStore;

function view(e: ChainedEvent): AuditEventView {
  return { seq: e.seq, type: e.type, at: e.at, actor: e.actor, source: e.source, data: e.data, hash: e.hash };
}

/** The cursor is only a sequence number; the chain it pages is rebuilt from the token's tenant. */
function parseCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined;
  if (!/^[1-9]\d{0,9}$/.test(cursor)) throw new ServiceError('bad_request', 'The page cursor is not one this API gave out.');
  return Number(cursor);
}

export async function history(deps: ServiceDeps<Stores>, scope: InvoiceScope, limit: number, cursor?: string): Promise<HistoryResponse> {
  const page = await deps.audit.page(scope, limit, parseCursor(cursor));
  return { events: page.events.map(view), ...(page.nextBeforeSeq !== undefined && { nextCursor: String(page.nextBeforeSeq) }) };
}

async function events(deps: ServiceDeps<Stores>, scope: LedgerScope & { invoiceNumber?: string }): Promise<ChainedEvent[]> {
  return scope.invoiceNumber !== undefined ? deps.audit.chain({ ...scope, invoiceNumber: scope.invoiceNumber }) : deps.audit.ledger(scope);
}

/**
 * A ledger's whole record checked in a way no edit of the table can blind: the chains to check
 * are listed from the main table's invoices (not from the audit index, which an edit can empty),
 * each is read by its own key and verified from its first event; an invoice with no chain, an
 * event missing from the ledger index, and a reminder the main table says was SENT with no
 * email.sent in its chain are named too. Where the backend keeps write-once checkpoints, each
 * chain is also held against them: a truncated tail, a replaced event, and every edit or deletion
 * the audit stream saw are named. One invoice's chain when `invoiceNumber` is given.
 */
export async function verify(deps: ServiceDeps<Stores>, scope: LedgerScope & { invoiceNumber?: string }): Promise<VerifyResponse> {
  const problems: BrokenLink[] = [];
  let eventsChecked = 0;
  const checkpoints = await checkpointCheck(deps.checkpoints, scope);
  const check = async (invoice: InvoiceScope, sent: readonly ReminderRecord[] | undefined) => {
    const { events: chain, unindexed } = await deps.audit.chainForAudit(invoice);
    eventsChecked += chain.length;
    const againstCheckpoint = checkpoints ? await checkpoints.compare(invoice, chain) : [];
    if (chain.length === 0 && invoice.invoiceNumber !== LEDGER_CHAIN) {
      problems.push(
        { invoiceNumber: invoice.invoiceNumber, seq: 0, reason: 'the invoice has no audit events at all: its chain is missing' },
        ...againstCheckpoint,
      );
      return;
    }
    const broken = verifyChain(chain);
    if (broken) problems.push(broken);
    const first = unindexed[0];
    if (first !== undefined)
      problems.push({
        invoiceNumber: invoice.invoiceNumber,
        seq: first,
        reason: `${unindexed.length} of its events are missing from the ledger index (their index attributes were removed or changed)`,
      });
    for (const r of sent ?? []) {
      if (!chain.some((e) => e.type === 'email.sent' && e.data.stepId === r.stepId)) {
        problems.push({
          invoiceNumber: invoice.invoiceNumber,
          seq: 0,
          reason: `reminder "${r.label}" is marked SENT in the main table, but its chain has no email.sent for it`,
        });
      }
    }
    problems.push(...againstCheckpoint);
  };
  if (scope.invoiceNumber !== undefined) {
    const invoice = { ...scope, invoiceNumber: scope.invoiceNumber };
    await check(
      invoice,
      (await deps.main.reminders(invoice)).filter((r) => r.state === 'SENT'),
    );
  } else {
    let after: string | undefined;
    do {
      const page = await deps.main.invoicePage(scope, 200, after);
      await mapLimited(page.records, 8, (record) =>
        check(
          { ...scope, invoiceNumber: record.invoiceNumber },
          page.reminders.filter((r) => r.invoiceNumber === record.invoiceNumber && r.state === 'SENT'),
        ),
      );
      after = page.next;
    } while (after !== undefined);
    await check({ ...scope, invoiceNumber: LEDGER_CHAIN }, undefined);
    if (checkpoints) problems.push(...checkpoints.unseen());
  }
  const [firstBroken] = problems;
  const compared = checkpoints && { checkpointsCompared: checkpoints.compared };
  return firstBroken ? { intact: false, eventsChecked, firstBroken, problems, ...compared } : { intact: true, eventsChecked, ...compared };
}

export const AUDIT_CSV_COLUMNS = ['invoice_number', 'seq', 'at', 'type', 'actor_email', 'actor_sub', 'source', 'data', 'prev_hash', 'hash'];

export async function exportCsv(deps: ServiceDeps<Stores>, scope: LedgerScope & { invoiceNumber?: string }): Promise<string> {
  const rows = (await events(deps, scope)).map((e) => [
    e.invoiceNumber,
    e.seq,
    e.at,
    e.type,
    e.actor.email ?? '',
    e.actor.sub ?? '',
    e.source,
    e.data,
    e.prevHash,
    e.hash,
  ]);
  return csvFile(AUDIT_CSV_COLUMNS, rows);
}
