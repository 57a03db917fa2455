import type { InvoiceScope, LedgerScope } from '../../store/keys';
import type { InvoiceRecord, ReminderRecord } from '../../store/records';

/** The ledger's invoices as the backend last recorded them from the sheet. */
export interface InvoiceStore {
  getInvoices(scope: LedgerScope, invoiceNumbers: readonly string[]): Promise<Map<string, InvoiceRecord>>;
  getInvoice(scope: InvoiceScope): Promise<InvoiceRecord | undefined>;
  /** Conditional on the version read (or on absence for a new invoice); 'conflict' if it moved. */
  putInvoice(record: InvoiceRecord, expectedVersion: number | undefined): Promise<'ok' | 'conflict'>;
  customerInvoices(scope: LedgerScope, customer: string): Promise<InvoiceRecord[]>;
  /** A page of the ledger's invoices in key order, after `after` (an invoice number), with their reminders. */
  invoicePage(scope: LedgerScope, limit: number, after?: string): Promise<InvoicePage>;
  /** How many invoices the ledger tracks, as counted when each was first synced (hosted: its plan limits it). */
  trackedInvoices(scope: LedgerScope): Promise<number>;
  /** Adds newly tracked invoices to the ledger's count. */
  countTracked(scope: LedgerScope, added: number): Promise<void>;
}

export interface InvoicePage {
  records: InvoiceRecord[];
  reminders: ReminderRecord[];
  /** The last invoice number of this page when more may follow. */
  next?: string;
}
