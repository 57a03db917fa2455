import { defaultLedgerSettings } from '../../shared/default-settings';
import { LEDGER, rid, snapshot } from './api';

export const ROUTE_NAMES = [
  'sync',
  'contact',
  'promise',
  'dispute',
  'bankruptcy',
  'reminderPause',
  'customerPause',
  'customerHold',
  'promiseChange',
  'contactReverse',
  'approveDue',
  'bulkPause',
  'bulkNote',
  'settings',
  'letterEmail',
  'statement',
  'referral',
  'testEmail',
] as const;
export type RouteName = (typeof ROUTE_NAMES)[number];
export interface RouteRequest {
  method: string;
  path: string;
  body: Record<string, unknown>;
}

/** A valid body for every write route, about invoice `invoiceNumber`: tests vary them. */
export function validBodies(invoiceNumber: string, ledgerId = LEDGER): Record<RouteName, RouteRequest> {
  const ref = { ledgerId, invoiceNumber };
  return {
    sync: { method: 'POST', path: '/v1/invoices/sync', body: { requestId: rid(), ledgerId, invoices: [snapshot(invoiceNumber)] } },
    contact: {
      method: 'POST',
      path: '/v1/contacts',
      body: {
        requestId: rid(),
        ...ref,
        channel: 'call',
        reached: 'Jane Doe (AP)',
        outcome: 'reached',
        notes: 'Said the cheque is in the post.',
      },
    },
    promise: {
      method: 'POST',
      path: '/v1/promises',
      body: { requestId: rid(), ...ref, promisedFor: '2026-12-01', amount: { minor: 68807, currency: 'USD' } },
    },
    dispute: {
      method: 'POST',
      path: '/v1/disputes',
      body: { requestId: rid(), ...ref, action: 'open', reason: 'Goods faulty', notes: 'Two units arrived broken.' },
    },
    bankruptcy: { method: 'POST', path: '/v1/bankruptcies', body: { requestId: rid(), ...ref, caseNumber: '26-10001', court: 'D. Del.' } },
    reminderPause: {
      method: 'POST',
      path: '/v1/reminders/actions',
      body: { requestId: rid(), ...ref, action: 'pause', until: '2026-12-10', note: 'Customer on holiday' },
    },
    customerPause: {
      method: 'POST',
      path: '/v1/customers/pause',
      body: { requestId: rid(), ledgerId, customer: 'Union Square Florists', action: 'pause', resumeOn: '2026-12-10' },
    },
    customerHold: {
      method: 'POST',
      path: '/v1/customers/hold',
      body: {
        requestId: rid(),
        ledgerId,
        customer: 'Union Square Florists',
        action: 'bankruptcy',
        caseNumber: '26-10002',
        court: 'S.D.N.Y.',
        filedOn: '2026-11-20',
        notes: 'Chapter 11',
      },
    },
    promiseChange: {
      method: 'POST',
      path: '/v1/promises/change',
      body: {
        requestId: rid(),
        ...ref,
        action: 'correct',
        promisedFor: '2026-12-08',
        amount: { minor: 50000, currency: 'USD' },
        notes: 'Half now',
      },
    },
    contactReverse: {
      method: 'POST',
      path: '/v1/contacts/reverse',
      body: { requestId: rid(), ...ref, seq: 2, reason: 'Logged on the wrong invoice' },
    },
    approveDue: { method: 'POST', path: '/v1/reminders/approve-due', body: { requestId: rid(), ledgerId } },
    bulkPause: {
      method: 'POST',
      path: '/v1/invoices/bulk',
      body: { requestId: rid(), ledgerId, invoiceNumbers: [invoiceNumber], action: 'pause', until: '2026-12-10', note: 'Month-end close' },
    },
    bulkNote: {
      method: 'POST',
      path: '/v1/invoices/bulk',
      body: { requestId: rid(), ledgerId, invoiceNumbers: [invoiceNumber], action: 'note', note: 'Statement sent by post' },
    },
    letterEmail: { method: 'POST', path: '/v1/letters/email', body: { requestId: rid(), ...ref, sha256: 'a'.repeat(64) } },
    statement: { method: 'POST', path: '/v1/statements', body: { requestId: rid(), ...ref } },
    referral: {
      method: 'POST',
      path: '/v1/referrals',
      body: { requestId: rid(), ...ref, agency: 'Northside Recoveries', reference: 'NR-1', notes: 'Final notice ignored.' },
    },
    testEmail: { method: 'POST', path: '/v1/reminders/test', body: { requestId: rid(), ...ref, stepId: 'overdue-15' } },
    settings: {
      method: 'PUT',
      path: '/v1/settings',
      body: {
        requestId: rid(),
        ledgerId,
        settings: { ...defaultLedgerSettings('ar@example.example', 'America/New_York'), senderName: 'Changed Name' },
      },
    },
  };
}
