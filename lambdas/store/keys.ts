/**
 * Every key begins with the tenant, which comes only from the verified token. Components are
 * URL-encoded so that an invoice number like "#1000" or "A#B" cannot forge another key's shape.
 */
const enc = encodeURIComponent;

export interface LedgerScope {
  tenant: string;
  ledgerId: string;
}

export interface InvoiceScope extends LedgerScope {
  invoiceNumber: string;
}

export const keys = {
  tenant: (tenant: string) => `T#${enc(tenant)}`,
  ledger: ({ tenant, ledgerId }: LedgerScope) => `T#${enc(tenant)}#L#${enc(ledgerId)}`,
  invoiceSk: (invoiceNumber: string) => `INV#${enc(invoiceNumber)}`,
  reminderSk: (invoiceNumber: string, stepId: string) => `REM#${enc(invoiceNumber)}#${enc(stepId)}`,
  remindersOfInvoicePrefix: (invoiceNumber: string) => `REM#${enc(invoiceNumber)}#`,
  letterSk: (invoiceNumber: string, sha256: string) => `LETTER#${enc(invoiceNumber)}#${sha256}`,
  customerSk: (customer: string) => `CUST#${enc(customer.toLowerCase())}`,
  settingsSk: () => 'SETTINGS',
  requestSk: (requestId: string) => `REQ#${enc(requestId)}`,
  debtorSk: (email: string) => `DEBTOR#${enc(email.toLowerCase())}`,
  suppressionSk: (email: string) => `SUPP#${enc(email.toLowerCase())}`,
  batchSk: (batchId: string) => `BATCH#${enc(batchId)}`,
  statsSk: (day: string) => `STATS#${day}`,
  reputationSk: () => 'REPUTATION',
  digestSk: () => 'DIGEST',
  sweepSk: () => 'SWEEP',
  /** Outside every tenant: the one item that says which dispatcher run is running. */
  runLockPk: () => 'DISPATCHER',
  runLockSk: (name?: string) => (name ? `RUN-LOCK#${enc(name)}` : 'RUN-LOCK'),
  /** Outside every tenant: a reply address's alias, to the tenant it names. */
  replyAliasPk: (alias: string) => `REPLY-ALIAS#${enc(alias)}`,
  replyAliasSk: () => 'TENANT',
  auditChain: ({ tenant, ledgerId, invoiceNumber }: InvoiceScope) => `T#${enc(tenant)}#L#${enc(ledgerId)}#I#${enc(invoiceNumber)}`,
  auditLedgerSort: (invoiceNumber: string, seq: number) => `${enc(invoiceNumber)}#${String(seq).padStart(10, '0')}`,
};
