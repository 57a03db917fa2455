/**
 * The sidebar's calls that reach the backend: an invoice's history and reminders, logging a
 * contact (with a promise or a dispute), and pausing, resuming or cancelling its reminders.
 * Each checks what the browser sent with the contract's schema before anything is sent on.
 */
import {
  CustomerHoldResponse,
  EmailPreview,
  HistoryResponse,
  PreviewQuery,
  RemindersResponse,
  TestReminderRequest,
  TestReminderResponse,
} from '../../../shared/api/contract';
import {
  CustomerHoldForm,
  type InvoiceActivityView,
  LogContactForm,
  PromiseChangeForm,
  ReverseContactForm,
  ReferralForm,
  ReminderActionForm,
  ResolveDisputeForm,
  type SidebarResult,
} from '../../../shared/api/sidebar-contract';
import { PaymentBehaviour } from '../../../shared/escalation/payment-behaviour';
import { parseMoney } from '../../../shared/money/parse-money';
import { decimalSeparatorFor } from '../../../shared/money/locale-separators';
import * as z from 'zod';
import { callBackend, newRequestId } from '../backend/backend-client';
import { backendOf, failed, invalid } from './sidebar-backend';
import { readDisputeReasons } from '../settings/team-settings';
import type { AddonPorts } from './ports';

/** Events fetched for the timeline; older ones are a click away in the audit export. */
const TIMELINE_EVENTS = 100;
const ContactAnswer = z.object({ invoiceNumber: z.string(), automation: z.string() });

export function invoiceActivity(ports: AddonPorts, invoiceNumber: unknown): SidebarResult<InvoiceActivityView> {
  const number = z.string().trim().min(1).max(100).safeParse(invoiceNumber);
  if (!number.success) return invalid(number.error);
  const backend = backendOf(ports);
  if ('ok' in backend) return backend;
  const query = { ledgerId: backend.ledgerId, invoiceNumber: number.data };
  const reminders = callBackend(ports, backend.baseUrl, { method: 'get', path: '/v1/reminders', query }, RemindersResponse);
  if (!reminders.ok) return failed(reminders);
  const history = callBackend(
    ports,
    backend.baseUrl,
    { method: 'get', path: '/v1/history', query: { ...query, limit: String(TIMELINE_EVENTS) } },
    HistoryResponse,
  );
  if (!history.ok) return failed(history);
  const behaviour = callBackend(ports, backend.baseUrl, { method: 'get', path: '/v1/customers/behaviour', query }, PaymentBehaviour);
  return {
    ok: true,
    data: {
      invoiceNumber: number.data,
      events: history.value.events,
      moreEvents: history.value.nextCursor !== undefined,
      reminders: reminders.value,
      userTimeZone: ports.Session.getScriptTimeZone(),
      userEmail: ports.Session.getActiveUser().getEmail(),
      disputeReasons: readDisputeReasons(ports.PropertiesService.getDocumentProperties()),
      // A hint, not the history: if it cannot be read, the card goes without it.
      ...(behaviour.ok && { behaviour: behaviour.value }),
    },
  };
}

const CONTACT_FIELDS: Record<string, string> = {
  channel: 'channel',
  reached: 'reached',
  outcome: 'outcome',
  notes: 'notes',
  occurredAt: 'occurredAt',
};

/**
 * The contact first, then the promise or dispute it brought, each with a request id derived
 * from the form's, so a retried submission replays rather than writes again. The answer is the
 * last write's: what automation does now that all of it is recorded.
 */
export function logContact(ports: AddonPorts, input: unknown): SidebarResult<{ automation: string }> {
  const parsed = LogContactForm.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const form = parsed.data;
  const backend = backendOf(ports);
  if ('ok' in backend) return backend;
  const ref = { ledgerId: backend.ledgerId, invoiceNumber: form.invoiceNumber };

  let amount: { minor: number; currency: string } | undefined;
  if (form.promise) {
    const { currency } = backend;
    const text = form.promise.amount?.trim();
    if (!text)
      return {
        ok: false,
        error: {
          code: 'invalid',
          message: 'Nothing was saved: fix the fields marked below.',
          fields: { 'promise.amount': 'is empty: how much did they promise?' },
        },
      };
    const money = parseMoney(text, {
      currency,
      decimalSeparator: decimalSeparatorFor(ports.SpreadsheetApp.getActiveSpreadsheet().getSpreadsheetLocale().replace('_', '-')),
    });
    if (!money.ok)
      return {
        ok: false,
        error: { code: 'invalid', message: 'Nothing was saved: fix the fields marked below.', fields: { 'promise.amount': money.error } },
      };
    amount = money.value;
  }

  const contact = callBackend(
    ports,
    backend.baseUrl,
    {
      method: 'post',
      path: '/v1/contacts',
      body: {
        requestId: form.requestId,
        ...ref,
        channel: form.channel,
        outcome: form.outcome,
        ...(form.reached && { reached: form.reached }),
        ...(form.notes && { notes: form.notes }),
      },
    },
    ContactAnswer,
  );
  if (!contact.ok) return failed(contact, (path) => CONTACT_FIELDS[path]);
  let automation = contact.value.automation;

  if (form.promise && amount) {
    const promise = callBackend(
      ports,
      backend.baseUrl,
      { method: 'post', path: '/v1/promises', body: { requestId: `${form.requestId}-p`, ...ref, promisedFor: form.promise.date, amount } },
      ContactAnswer,
    );
    if (!promise.ok)
      return failed(promise, (path) =>
        path === 'promisedFor' ? 'promise.date' : path.startsWith('amount') ? 'promise.amount' : undefined,
      );
    automation = promise.value.automation;
  }
  if (form.dispute) {
    const dispute = callBackend(
      ports,
      backend.baseUrl,
      {
        method: 'post',
        path: '/v1/disputes',
        body: { requestId: `${form.requestId}-d`, ...ref, action: 'open', reason: form.dispute.reason },
      },
      ContactAnswer,
    );
    if (!dispute.ok) return failed(dispute, (path) => (path === 'reason' ? 'dispute.reason' : undefined));
    automation = dispute.value.automation;
  }
  return { ok: true, data: { automation } };
}

export function resolveDispute(ports: AddonPorts, input: unknown): SidebarResult<{ automation: string }> {
  const parsed = ResolveDisputeForm.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const form = parsed.data;
  const backend = backendOf(ports);
  if ('ok' in backend) return backend;
  const notes = form.notes?.trim();
  const answer = callBackend(
    ports,
    backend.baseUrl,
    {
      method: 'post',
      path: '/v1/disputes',
      body: {
        requestId: form.requestId,
        ledgerId: backend.ledgerId,
        invoiceNumber: form.invoiceNumber,
        action: 'resolve',
        resolution: form.resolution,
        ...(notes && { notes }),
      },
    },
    ContactAnswer,
  );
  return answer.ok ? { ok: true, data: { automation: answer.value.automation } } : failed(answer);
}

export function changePromise(ports: AddonPorts, input: unknown): SidebarResult<{ automation: string }> {
  const parsed = PromiseChangeForm.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const form = parsed.data;
  const backend = backendOf(ports);
  if ('ok' in backend) return backend;
  const notes = form.notes?.trim();
  const ref = { requestId: form.requestId, ledgerId: backend.ledgerId, invoiceNumber: form.invoiceNumber, ...(notes && { notes }) };
  let body: Record<string, unknown> & { requestId: string } = { ...ref, action: 'withdraw' };
  if (form.action === 'correct') {
    const money = parseMoney(form.amount.trim(), {
      currency: backend.currency,
      decimalSeparator: decimalSeparatorFor(ports.SpreadsheetApp.getActiveSpreadsheet().getSpreadsheetLocale().replace('_', '-')),
    });
    if (!money.ok)
      return {
        ok: false,
        error: { code: 'invalid', message: 'Nothing was saved: fix the fields marked below.', fields: { amount: money.error } },
      };
    body = { ...ref, action: 'correct', promisedFor: form.promisedFor, amount: money.value };
  }
  const answer = callBackend(ports, backend.baseUrl, { method: 'post', path: '/v1/promises/change', body }, ContactAnswer);
  return answer.ok
    ? { ok: true, data: { automation: answer.value.automation } }
    : failed(answer, (path) => (path === 'promisedFor' ? 'promisedFor' : path.startsWith('amount') ? 'amount' : undefined));
}

export function reverseContact(ports: AddonPorts, input: unknown): SidebarResult<{ automation: string }> {
  const parsed = ReverseContactForm.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const backend = backendOf(ports);
  if ('ok' in backend) return backend;
  const answer = callBackend(
    ports,
    backend.baseUrl,
    { method: 'post', path: '/v1/contacts/reverse', body: { ...parsed.data, ledgerId: backend.ledgerId } },
    ContactAnswer,
  );
  return answer.ok
    ? { ok: true, data: { automation: answer.value.automation } }
    : failed(answer, (path) => (path === 'reason' ? 'reason' : undefined));
}

export function holdCustomer(ports: AddonPorts, input: unknown): SidebarResult<CustomerHoldResponse> {
  const parsed = CustomerHoldForm.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const backend = backendOf(ports);
  if ('ok' in backend) return backend;
  // Blank fields are left out, so the backend names only what is missing or wrong.
  const fields = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => typeof v !== 'string' || v.trim() !== ''));
  const answer = callBackend(
    ports,
    backend.baseUrl,
    { method: 'post', path: '/v1/customers/hold', body: { ...fields, requestId: parsed.data.requestId, ledgerId: backend.ledgerId } },
    CustomerHoldResponse,
  );
  // The form's fields are named as the backend's: a refusal marks the field it names.
  return answer.ok
    ? { ok: true, data: answer.value }
    : failed(answer, (path) => (path in parsed.data || path === 'reason' ? path : undefined));
}

export function actOnReminders(ports: AddonPorts, input: unknown): SidebarResult<RemindersResponse> {
  const parsed = ReminderActionForm.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const backend = backendOf(ports);
  if ('ok' in backend) return backend;
  const answer = callBackend(
    ports,
    backend.baseUrl,
    { method: 'post', path: '/v1/reminders/actions', body: { ...parsed.data, ledgerId: backend.ledgerId } },
    RemindersResponse,
  );
  return answer.ok ? { ok: true, data: answer.value } : failed(answer);
}

export function previewReminder(ports: AddonPorts, invoiceNumber: unknown, stepId: unknown): SidebarResult<EmailPreview> {
  const backend = backendOf(ports);
  if ('ok' in backend) return backend;
  const query = PreviewQuery.safeParse({ ledgerId: backend.ledgerId, invoiceNumber, stepId });
  if (!query.success) return invalid(query.error);
  const answer = callBackend(ports, backend.baseUrl, { method: 'get', path: '/v1/reminders/preview', query: query.data }, EmailPreview);
  return answer.ok ? { ok: true, data: answer.value } : failed(answer);
}

export function referInvoice(ports: AddonPorts, input: unknown): SidebarResult<{ automation: string }> {
  const parsed = ReferralForm.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const backend = backendOf(ports);
  if ('ok' in backend) return backend;
  const answer = callBackend(
    ports,
    backend.baseUrl,
    { method: 'post', path: '/v1/referrals', body: { ...parsed.data, ledgerId: backend.ledgerId } },
    ContactAnswer,
  );
  return answer.ok
    ? { ok: true, data: { automation: answer.value.automation } }
    : failed(answer, (path) => (['agency', 'reference', 'notes'].includes(path) ? path : undefined));
}

export function sendTestReminder(ports: AddonPorts, invoiceNumber: unknown, stepId: unknown): SidebarResult<TestReminderResponse> {
  const backend = backendOf(ports);
  if ('ok' in backend) return backend;
  const body = TestReminderRequest.safeParse({ requestId: newRequestId(ports), ledgerId: backend.ledgerId, invoiceNumber, stepId });
  if (!body.success) return invalid(body.error);
  const answer = callBackend(ports, backend.baseUrl, { method: 'post', path: '/v1/reminders/test', body: body.data }, TestReminderResponse);
  return answer.ok ? { ok: true, data: answer.value } : failed(answer);
}
