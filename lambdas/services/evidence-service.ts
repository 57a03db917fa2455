import type { EvidenceQuery, EvidenceResponse } from '../../shared/api/contract';
import { composeEvidence, type EvidenceChain } from '../../shared/evidence/compose-evidence';
import { ledgerLocale } from '../../shared/locale/debtor-locale';
import { verifyChain } from '../audit/hash-chain';
import { invoiceFacts } from './document-facts';
import type { LetterDeps } from './letter-service';
import { mapLimited } from '../map-limited';
import { checkpointCheck } from './checkpoint-check';
import { ledgerToday } from './reminder-planner';
import { type Actor, notSynced, ServiceError } from './service-deps';
import { loadSettings } from './settings-service';

/** A pack a person can read and an API answer can carry; a larger customer is exported per invoice. */
export const MAX_EVIDENCE_INVOICES = 200;
export const MAX_EVIDENCE_EVENTS = 5000;

const US_PAPER = new Set(['USD', 'CAD', 'MXN']);

/**
 * The evidence pack for one invoice or for all invoices of its customer: every audit event of
 * those invoices, each chain verified from its first event, composed into a PDF summary and a
 * CSV. Reading only: making a pack changes nothing, so it can be made again at any time and
 * the chains it verifies are the ones it lists.
 */
export async function evidencePack(deps: LetterDeps, actor: Actor, query: EvidenceQuery): Promise<EvidenceResponse> {
  if (!deps.pdf)
    throw new ServiceError('not_found', 'This backend function does not render PDFs; GET /v1/evidence is served by the letters function.');
  const ledger = { tenant: actor.principal.tenant, ledgerId: query.ledgerId };
  const settings = await loadSettings(deps, actor, ledger);
  const record = await deps.main.getInvoice({ ...ledger, invoiceNumber: query.invoiceNumber });
  if (!record) throw notSynced(query.invoiceNumber);
  const records = query.scope === 'customer' ? await deps.main.customerInvoices(ledger, record.snapshot.customer) : [record];
  if (records.length > MAX_EVIDENCE_INVOICES) {
    throw new ServiceError(
      'conflict',
      `${record.snapshot.customer} has ${records.length} invoices, more than one pack holds (${MAX_EVIDENCE_INVOICES}); export the invoices in question one by one.`,
    );
  }
  const checkpoints = await checkpointCheck(deps.checkpoints, ledger);
  const chains: EvidenceChain[] = await mapLimited(records, 8, async (r) => {
    const events = await deps.audit.chain({ ...ledger, invoiceNumber: r.invoiceNumber });
    // The chain's own break first; else the first thing the write-once checkpoints disagree with.
    const broken =
      verifyChain(events) ??
      (checkpoints ? (await checkpoints.compare({ ...ledger, invoiceNumber: r.invoiceNumber }, events))[0] : undefined);
    return {
      invoiceNumber: r.invoiceNumber,
      events: events.map((e) => ({
        seq: e.seq,
        type: e.type,
        at: e.at,
        actor: e.actor,
        source: e.source,
        data: e.data,
        hash: e.hash,
        prevHash: e.prevHash,
      })),
      ...(broken && { broken: { seq: broken.seq, reason: broken.reason } }),
    };
  });
  const eventCount = chains.reduce((n, c) => n + c.events.length, 0);
  if (eventCount > MAX_EVIDENCE_EVENTS) {
    throw new ServiceError(
      'conflict',
      `These invoices have ${eventCount} recorded events, more than one pack holds (${MAX_EVIDENCE_EVENTS}); export the invoices in question one by one.`,
    );
  }

  const nowMs = deps.clock.now();
  const pack = composeEvidence({
    scope: query.scope === 'customer' ? { kind: 'customer' } : { kind: 'invoice', invoiceNumber: record.invoiceNumber },
    today: ledgerToday(settings, nowMs),
    generatedAt: new Date(nowMs).toISOString(),
    creditor: { name: settings.ledgerName || settings.senderName, replyTo: settings.replyTo },
    customer: record.snapshot.customer,
    contact: {
      ...(record.snapshot.contactName && { name: record.snapshot.contactName }),
      ...(record.snapshot.contactEmail && { email: record.snapshot.contactEmail }),
    },
    invoices: records.map((r) => ({ ...invoiceFacts(r), status: r.dispute ? 'disputed' : r.snapshot.status })),
    chains,
    fees: settings.fees,
    ...(checkpoints && { checkpointsCompared: checkpoints.compared }),
    locale: ledgerLocale(settings.timeZone),
    stepLabels: Object.fromEntries(settings.ladder.steps.map((s) => [s.id, s.label ?? s.id])),
  });
  const pdf = await deps.pdf.evidence(pack, US_PAPER.has(record.snapshot.balance.currency) ? 'LETTER' : 'A4');
  const firstBroken = chains.find((c) => c.broken);
  return {
    fileStem: pack.fileStem,
    customer: record.snapshot.customer,
    invoices: records.map((r) => r.invoiceNumber),
    pdfBase64: Buffer.from(pdf).toString('base64'),
    csv: pack.csv,
    intact: pack.verification.intact,
    eventsChecked: pack.verification.eventsChecked,
    verdict: pack.verification.lines.join(' '),
    ...(firstBroken?.broken && { firstBroken: { invoiceNumber: firstBroken.invoiceNumber, ...firstBroken.broken } }),
  };
}
