/**
 * A statement of account from the sidebar: the backend lists the customer's open invoices,
 * renders and records the PDF; the add-on keeps it in the user's Drive beside the letters, in
 * the customer's folder.
 */
import { StatementResponse } from '../../../shared/api/contract';
import { type SidebarResult, StatementForm, type StatementSaved } from '../../../shared/api/sidebar-contract';
import { formatMoney } from '../../../shared/money/money';
import { callBackend } from '../backend/backend-client';
import { customerFolder } from './drive-folders';
import { LETTERS_FOLDER } from './letters';
import type { AddonPorts } from './ports';
import { backendOf, failed, invalid } from './sidebar-backend';

export function makeStatement(ports: AddonPorts, input: unknown): SidebarResult<StatementSaved> {
  const parsed = StatementForm.safeParse(input);
  if (!parsed.success) return invalid(parsed.error, 'No statement was made: fix the fields marked below.');
  const backend = backendOf(ports);
  if ('ok' in backend) return backend;
  const answer = callBackend(
    ports,
    backend.baseUrl,
    { method: 'post', path: '/v1/statements', body: { ...parsed.data, ledgerId: backend.ledgerId } },
    StatementResponse,
  );
  if (!answer.ok) return failed(answer);
  const statement = answer.value;
  const blob = ports.Utilities.newBlob(ports.Utilities.base64Decode(statement.pdfBase64), 'application/pdf', statement.fileName);
  const file = customerFolder(ports, LETTERS_FOLDER, statement.customer).createFile(blob);
  return {
    ok: true,
    data: {
      fileName: statement.fileName,
      url: file.getUrl(),
      sha256: statement.sha256,
      totalDue: formatMoney(statement.totalDue, ports.SpreadsheetApp.getActiveSpreadsheet().getSpreadsheetLocale().replace('_', '-')),
      invoices: statement.invoices,
    },
  };
}
