import type { LedgerSettings } from './api/contract';
import { DEFAULT_AGING } from './aging/aging-buckets';
import { DEFAULT_DISPUTE_REASONS } from './disputes';
import { DEFAULT_CONTACT_CAP } from './escalation/contact-cap';
import { DEFAULT_LADDER } from './escalation/ladder';
import { DEFAULT_TEMPLATES } from './email/default-templates';
import { DEFAULT_BUSINESS_HOURS } from './time/business-hours';

/** Settings of a ledger no one has configured yet: the common-practice ladder, 2 emails a week. */
export function defaultLedgerSettings(replyTo: string, timeZone = 'UTC', currency = 'USD'): LedgerSettings {
  return {
    ledgerName: 'Receivables',
    timeZone,
    currency,
    aging: DEFAULT_AGING,
    ladder: DEFAULT_LADDER,
    cap: DEFAULT_CONTACT_CAP,
    businessHours: DEFAULT_BUSINESS_HOURS,
    senderName: 'Accounts Receivable',
    replyTo,
    signature: 'Accounts Receivable',
    paymentInstructions: 'You can pay by bank transfer using the details on the invoice.',
    templates: DEFAULT_TEMPLATES,
    fees: { kind: 'none' },
    disputeReasons: [...DEFAULT_DISPUTE_REASONS],
    letterTemplates: {},
    reviewBeforeSend: false,
    dryRun: false,
    thankYouOnPayment: false,
  };
}
