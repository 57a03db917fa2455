import type { Context, Hono } from 'hono';
import {
  ApproveDueRequest,
  BankruptcyRequest,
  BulkActionRequest,
  CustomerHoldRequest,
  CustomerPauseRequest,
  DisputeRequest,
  EmailLetterRequest,
  LetterRequest,
  StatementRequest,
  LogContactRequest,
  PromiseChangeRequest,
  PutSettingsRequest,
  RecordPromiseRequest,
  ReferralRequest,
  ReminderActionRequest,
  ReverseContactRequest,
  SyncInvoicesRequest,
  TestReminderRequest,
} from '../../shared/api/contract';
import { bulkAction } from '../services/bulk-service';
import {
  changePromise,
  logContact,
  recordBankruptcy,
  recordDispute,
  recordPromise,
  recordReferral,
  reverseContact,
} from '../services/contact-service';
import { holdCustomer } from '../services/customer-hold-service';
import { emailLetter } from '../services/letter-email-service';
import { generateLetter } from '../services/letter-service';
import { generateStatement } from '../services/statement-service';
import { reminderAction, sendTestReminder } from '../services/reminder-service';
import { saveSettings } from '../services/settings-service';
import { syncInvoices } from '../services/sync-service';
import { approveDueToday } from '../services/worklist-service';
import { actorOf, type ApiDeps, type ApiEnv } from './api-env';
import { idempotentWrite } from './idempotent-write';

/** Every route that changes something: each body parsed by its schema, each request id answered once. */
/** Hosted: what the team's plan allows a sync (invoices tracked per ledger); nothing self-hosted. */
const planOf = (c: Context<ApiEnv>) => ({ invoicesPerLedger: c.get('limits')?.invoicesPerLedger });

export function writeRoutes(app: Hono<ApiEnv>, deps: ApiDeps): void {
  const write = idempotentWrite(deps);
  app.post(
    '/v1/invoices/sync',
    write(SyncInvoicesRequest, (c, body) => syncInvoices(deps, { ...actorOf(c), source: 'sync' }, body, planOf(c))),
  );
  app.post(
    '/v1/contacts',
    write(LogContactRequest, (c, body) => logContact(deps, actorOf(c), body)),
  );
  app.post(
    '/v1/invoices/bulk',
    write(BulkActionRequest, (c, body) => bulkAction(deps, actorOf(c), body)),
  );
  app.post(
    '/v1/promises',
    write(RecordPromiseRequest, (c, body) => recordPromise(deps, actorOf(c), body)),
  );
  app.post(
    '/v1/promises/change',
    write(PromiseChangeRequest, (c, body) => changePromise(deps, actorOf(c), body)),
  );
  app.post(
    '/v1/contacts/reverse',
    write(ReverseContactRequest, (c, body) => reverseContact(deps, actorOf(c), body)),
  );
  app.post(
    '/v1/disputes',
    write(DisputeRequest, (c, body) => recordDispute(deps, actorOf(c), body)),
  );
  app.post(
    '/v1/bankruptcies',
    write(BankruptcyRequest, (c, body) => recordBankruptcy(deps, actorOf(c), body)),
  );
  app.post(
    '/v1/referrals',
    write(ReferralRequest, (c, body) => recordReferral(deps, actorOf(c), body)),
  );
  app.post(
    '/v1/reminders/actions',
    write(ReminderActionRequest, (c, body) => reminderAction(deps, actorOf(c), body)),
  );
  app.post(
    '/v1/reminders/test',
    write(TestReminderRequest, (c, body) => sendTestReminder(deps, actorOf(c), body)),
  );
  app.post(
    '/v1/customers/pause',
    write(CustomerPauseRequest, (c, body) => holdCustomer(deps, actorOf(c), body)),
  );
  app.post(
    '/v1/reminders/approve-due',
    write(ApproveDueRequest, (c, body) =>
      approveDueToday(deps, actorOf(c), { tenant: c.get('principal').tenant, ledgerId: body.ledgerId }),
    ),
  );
  app.post(
    '/v1/customers/hold',
    write(CustomerHoldRequest, (c, body) => holdCustomer(deps, actorOf(c), body)),
  );
  app.post(
    '/v1/letters',
    write(LetterRequest, (c, body) => generateLetter(deps, actorOf(c), body)),
  );
  app.post(
    '/v1/statements',
    write(StatementRequest, (c, body) => generateStatement(deps, actorOf(c), body)),
  );
  app.post(
    '/v1/letters/email',
    write(EmailLetterRequest, (c, body) => emailLetter(deps, actorOf(c), body)),
  );
  app.put(
    '/v1/settings',
    write(PutSettingsRequest, (c, body) =>
      saveSettings(deps, actorOf(c), { tenant: c.get('principal').tenant, ledgerId: body.ledgerId }, body.settings, body.heldSteps),
    ),
  );
}
