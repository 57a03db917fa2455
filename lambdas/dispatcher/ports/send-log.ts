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

/** What a ledger's debtors' send decisions need besides their invoices, read at once for all of them. */
export interface DebtorsContext {
  debtorLogs: Map<string, DebtorLogRecord>;
  suppressions: Map<string, SuppressionRecord>;
  customerHolds: Map<string, CustomerHoldRecord>;
}

/** What was attempted and sent to whom: the send batches and each address's log for the cap. */
export interface SendLog {
  /** Each address's log and suppression and each customer's hold, by lower-cased address and name. */
  debtorsContext(scope: LedgerScope, emails: readonly string[], customers: readonly string[]): Promise<DebtorsContext>;
  sendContext(
    scope: LedgerScope,
    invoiceNumbers: readonly string[],
    email: string | undefined,
    customers: readonly string[],
  ): Promise<SendContext>;
  /**
   * Counts a send against the address's cap, once per batch; `known` is the log as last read,
   * tried first. With `releaseFor`, the same write ends that run's lease on the address if it
   * still holds it; true when it did.
   */
  recordSend(
    scope: LedgerScope,
    email: string,
    batchId: string,
    sentAtMs: number,
    options?: { known?: { log: DebtorLogRecord | undefined }; releaseFor?: string },
  ): Promise<boolean>;
  getDebtorLog(scope: LedgerScope, email: string): Promise<DebtorLogRecord | undefined>;
  putBatch(record: SendBatchRecord, expiresAtS: number): Promise<void>;
  getBatch(tenant: string, batchId: string): Promise<SendBatchRecord | undefined>;
}
