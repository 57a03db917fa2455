import type { LedgerScope } from '../../store/keys';
import type { CustomerHoldRecord } from '../../store/records';

/** Holds on a whole customer (paused, bankrupt, do not contact), by customer name. */
export interface CustomerHoldStore {
  getCustomerHold(scope: LedgerScope, customer: string): Promise<CustomerHoldRecord | undefined>;
  /** Every customer hold of the ledger (a handful): one Query rather than a read per customer. */
  customerHolds(scope: LedgerScope): Promise<CustomerHoldRecord[]>;
  putCustomerHold(record: CustomerHoldRecord): Promise<void>;
  deleteCustomerHold(scope: LedgerScope, customer: string): Promise<void>;
}
