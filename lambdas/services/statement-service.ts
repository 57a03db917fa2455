import { createHash } from 'node:crypto';
import type { StatementRequest, StatementResponse } from '../../shared/api/contract';
import { mapLimited } from '../map-limited';
import type { LetterDeps } from './letter-service';
import { statementOfAccount } from './statement-of-account';
import { ledgerToday } from './reminder-planner';
import { type Actor, auditBody, notSynced, ServiceError } from './service-deps';
import { loadSettings } from './settings-service';

/**
 * A statement of account for the customer of one invoice: every open invoice of theirs in that
 * invoice's currency, rendered to PDF and recorded on each listed invoice's audit trail with the
 * PDF's SHA-256 and the figures it stated, so what the customer was sent can be shown later. It
 * changes no invoice and no step of the ladder: a statement informs, it does not chase.
 */
export async function generateStatement(deps: LetterDeps, actor: Actor, body: StatementRequest): Promise<StatementResponse> {
  if (!deps.pdf)
    throw new ServiceError(
      'not_found',
      'This backend function does not render PDFs; POST /v1/statements is served by the letters function.',
    );
  const ledger = { tenant: actor.principal.tenant, ledgerId: body.ledgerId };
  const settings = await loadSettings(deps, actor, ledger);
  const record = await deps.main.getInvoice({ ...ledger, invoiceNumber: body.invoiceNumber });
  if (!record) throw notSynced(body.invoiceNumber);
  const today = ledgerToday(settings, deps.clock.now());
  const made = statementOfAccount(settings, record, await deps.main.customerInvoices(ledger, record.snapshot.customer), today);
  if (!made.ok) throw new ServiceError('conflict', `No statement was made: ${made.error}.`);
  const { content, fileName } = made.value;
  const pdf = await deps.pdf.statement(content);
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  const at = new Date(deps.clock.now()).toISOString();
  const data = {
    fileName,
    sha256,
    bytes: pdf.length,
    templateVersion: content.templateVersion,
    asOf: today,
    totalDue: content.totalDue,
    invoices: content.invoiceNumbers,
    madeFor: body.invoiceNumber,
  };
  await mapLimited(content.invoiceNumbers, 8, (invoiceNumber) =>
    deps.audit.append({ ...ledger, invoiceNumber }, auditBody(actor, 'statement.made', data, at)),
  );
  return {
    fileName,
    customer: record.snapshot.customer,
    sha256,
    bytes: pdf.length,
    pdfBase64: Buffer.from(pdf).toString('base64'),
    templateVersion: content.templateVersion,
    totalDue: content.totalDue,
    invoices: content.invoiceNumbers,
  };
}
