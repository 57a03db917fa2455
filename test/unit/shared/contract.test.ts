import fc from 'fast-check';
import {
  describeIssues,
  LogContactRequest,
  RecordPromiseRequest,
  ReminderActionRequest,
  SyncInvoicesRequest,
} from '../../../shared/api/contract';
import { EmailAddress } from '../../../shared/text';
import { snapshot as testSnapshot } from '../../support/snapshots';

const snapshot = testSnapshot('INV-1000');
const sync = { requestId: 'req-12345678', ledgerId: '1AbCdEfGhIjKlMnOpQrStUvWxYz', invoices: [snapshot] };

function issues(result: { success: boolean; error?: Parameters<typeof describeIssues>[0] }) {
  return result.error ? describeIssues(result.error) : [];
}

describe('the API contract', () => {
  it('accepts a well-formed sync batch', () => {
    expect(SyncInvoicesRequest.safeParse(sync).success).toBe(true);
  });

  it.each<[string, object, string, RegExp]>([
    [
      'CR/LF in a customer name',
      { invoices: [{ ...snapshot, customer: 'Acme\r\nBcc: x@y.example' }] },
      'invoices.0.customer',
      /single line/,
    ],
    ['a bad email', { invoices: [{ ...snapshot, contactEmail: 'not-an-email' }] }, 'invoices.0.contactEmail', /not an email address/],
    ['an impossible due date', { invoices: [{ ...snapshot, dueDate: '2026-02-30' }] }, 'invoices.0.dueDate', /not a day on the calendar/],
    [
      'fractional cents',
      { invoices: [{ ...snapshot, balance: { minor: 1.5, currency: 'USD' } }] },
      'invoices.0.balance.minor',
      /whole number of minor units/,
    ],
    ['a made-up time zone', { invoices: [{ ...snapshot, timeZone: 'Mars/Base' }] }, 'invoices.0.timeZone', /IANA/],
    ['a 1 MB customer name', { invoices: [{ ...snapshot, customer: 'x'.repeat(1_000_000) }] }, 'invoices.0.customer', /at most 200/],
    ['an unknown field', { tenantId: 'someone-else' }, '(body)', /Unrecognized key/],
    ['an unknown field inside an invoice', { invoices: [{ ...snapshot, tenant: 'x' }] }, 'invoices.0', /Unrecognized key/],
    [
      'an unknown field inside an amount',
      { invoices: [{ ...snapshot, amount: { minor: 1, currency: 'USD', rate: 1.5 } }] },
      'invoices.0.amount',
      /Unrecognized key/,
    ],
    ['a duplicated invoice', { invoices: [snapshot, snapshot] }, 'invoices', /same invoice number twice/],
    ['a missing request id', { requestId: undefined }, 'requestId', /./],
  ])('rejects %s, naming the field', (_, change, path, message) => {
    const found = issues(SyncInvoicesRequest.safeParse({ ...sync, ...change }));
    expect(found).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it('refuses more than 500 invoices in one call', () => {
    const invoices = Array.from({ length: 501 }, (_, i) => ({ ...snapshot, invoiceNumber: `INV-${i}` }));
    expect(issues(SyncInvoicesRequest.safeParse({ ...sync, invoices }))).toContainEqual({
      path: 'invoices',
      message: expect.stringMatching(/at most 500/),
    });
  });

  it('lets notes hold line breaks but not other control characters', () => {
    const base = { requestId: 'req-12345678', ledgerId: sync.ledgerId, invoiceNumber: 'INV-1', channel: 'call', outcome: 'reached' };
    expect(LogContactRequest.safeParse({ ...base, notes: 'line one\nline two' }).success).toBe(true);
    expect(LogContactRequest.safeParse({ ...base, notes: 'bell\u0007' }).success).toBe(false);
  });

  it('refuses a promise of nothing', () => {
    const result = RecordPromiseRequest.safeParse({
      requestId: 'req-12345678',
      ledgerId: sync.ledgerId,
      invoiceNumber: 'INV-1',
      promisedFor: '2026-12-01',
      amount: { minor: 0, currency: 'USD' },
    });
    expect(issues(result)).toEqual([{ path: 'amount.minor', message: 'must be more than zero' }]);
  });

  it('defaults send-now to respecting caps and hours', () => {
    const parsed = ReminderActionRequest.parse({
      requestId: 'req-12345678',
      ledgerId: sync.ledgerId,
      invoiceNumber: 'INV-1',
      action: 'send_now',
      reminderId: 'r1',
    });
    expect(parsed.action === 'send_now' && parsed.override).toBe(false);
  });

  it('never accepts a string with CR or LF as an email address', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.constantFrom('\r', '\n'),
        fc.string(),
        (a, nl, b) => !EmailAddress.safeParse(`${a}x@y.example${nl}${b}`).success,
      ),
    );
  });

  it.each(['ap@acme.example', 'first.last+ar@sub.acme.co.uk', "o'brien@acme.example"])('accepts %s as an email', (email) => {
    expect(EmailAddress.safeParse(email).success).toBe(true);
  });

  it.each(['Jane <ap@acme.example>', 'ap@acme', 'a..b@acme.example', '.a@acme.example', 'ap@-acme.example', 'ap @acme.example'])(
    'rejects %s as an email',
    (email) => {
      expect(EmailAddress.safeParse(email).success).toBe(false);
    },
  );
});
