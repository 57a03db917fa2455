import type { LedgerScope } from '../../store/keys';
import type { CustomerHoldRecord, DebtorLogRecord, InvoiceRecord, SendBatchRecord, SuppressionRecord } from '../../store/records';

/** Everything a send decision needs about one debtor, read after the claim. */
export interface SendContext {
  invoices: Map<string, InvoiceRecord>;
  /** Invoices whose stored record fails its schema, with the first field and reason. */
  unreadable: Map<string, string>;
  debtorLog?: DebtorLogRecord;
  suppression?: SuppressionRecord;
  customerHolds: Map<string, CustomerHoldRecord>;
}

/** What was attempted and sent to whom: the send batches and each address's log for the cap. */
export interface SendLog {
  sendContext(
    scope: LedgerScope,
    invoiceNumbers: readonly string[],
    email: string | undefined,
    customers: readonly string[],
  ): Promise<SendContext>;
  /** Counts a send against the address's cap, once per batch. */
  recordSend(scope: LedgerScope, email: string, batchId: string, sentAtMs: number): Promise<void>;
  getDebtorLog(scope: LedgerScope, email: string): Promise<DebtorLogRecord | undefined>;
  putBatch(record: SendBatchRecord, expiresAtS: number): Promise<void>;
  getBatch(tenant: string, batchId: string): Promise<SendBatchRecord | undefined>;
}
