import type { CustomerHoldStore } from './customer-hold-store';
import type { IdempotencyStore } from './idempotency-store';
import type { InvoiceStore } from './invoice-store';
import type { LedgerSchedule } from './ledger-schedule';
import type { LetterStore } from './letter-store';
import type { ReminderStore } from './reminder-store';
import type { SendingLimits } from './sending-limits';
import type { SettingsStore } from './settings-store';

/**
 * Everything the main table holds, as the API and the dispatcher are handed it (one DynamoDB
 * adapter implements it all, since one table holds it all). A function that needs less asks for
 * the ports it uses, so its tests and readers see what it touches.
 */
export type MainStore = InvoiceStore &
  ReminderStore &
  SettingsStore &
  CustomerHoldStore &
  SendingLimits &
  LedgerSchedule &
  LetterStore &
  IdempotencyStore;
