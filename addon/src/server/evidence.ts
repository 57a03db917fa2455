/**
 * The evidence pack from the sidebar: the backend composes it and verifies the audit chains; the
 * add-on keeps the PDF summary and the CSV side by side in the user's Drive, a folder per customer.
 */
import { EvidenceResponse } from '../../../shared/api/contract';
import { EvidenceForm, type EvidenceSaved, type SidebarResult } from '../../../shared/api/sidebar-contract';
import { callBackend } from '../backend/backend-client';
import { customerFolder } from './drive-folders';
import type { AddonPorts } from './ports';
import { backendOf, failed, invalid } from './sidebar-backend';

/** Beside the letters folder; under drive.file the add-on sees only what it made. */
export const EVIDENCE_FOLDER = 'Dunning Desk evidence';

export function exportEvidence(ports: AddonPorts, input: unknown): SidebarResult<EvidenceSaved> {
  const parsed = EvidenceForm.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const backend = backendOf(ports);
  if ('ok' in backend) return backend;
  const query = { ledgerId: backend.ledgerId, invoiceNumber: parsed.data.invoiceNumber, scope: parsed.data.scope };
  const answer = callBackend(ports, backend.baseUrl, { method: 'get', path: '/v1/evidence', query }, EvidenceResponse);
  if (!answer.ok) return failed(answer);
  const pack = answer.value;

  const folder = customerFolder(ports, EVIDENCE_FOLDER, pack.customer);
  const pdf = folder.createFile(
    ports.Utilities.newBlob(ports.Utilities.base64Decode(pack.pdfBase64), 'application/pdf', `${pack.fileStem}.pdf`),
  );
  const csv = folder.createFile(ports.Utilities.newBlob(pack.csv, 'text/csv', `${pack.fileStem}.csv`));
  return {
    ok: true,
    data: {
      pdfUrl: pdf.getUrl(),
      csvUrl: csv.getUrl(),
      fileStem: pack.fileStem,
      invoices: pack.invoices,
      eventsChecked: pack.eventsChecked,
      intact: pack.intact,
      verdict: pack.verdict,
    },
  };
}
