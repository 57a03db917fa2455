import type { Logger } from '@aws-lambda-powertools/logger';
import { createHash, randomUUID } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import * as z from 'zod';
import {
  ApproveDueRequest,
  BulkActionRequest,
  BankruptcyRequest,
  CustomerHoldRequest,
  PromiseChangeRequest,
  ReverseContactRequest,
  CustomerPauseRequest,
  HolidaysQuery,
  DisputeRequest,
  EmailLetterRequest,
  EvidenceQuery,
  HistoryQuery,
  LedgerId,
  LedgerStatusQuery,
  WorklistQuery,
  LetterRequest,
  PreviewQuery,
  LogContactRequest,
  PutSettingsRequest,
  SettingsQuery,
  RecordPromiseRequest,
  ReferralRequest,
  ReminderActionRequest,
  TestReminderRequest,
  SyncInvoicesRequest,
  InvoiceNumber,
} from '../../shared/api/contract';
import { canonicalJson } from '../audit/canonical-json';
import type { Principal, TokenVerifier } from '../auth/google-token-verifier';
import { exportCsv, history, verify } from '../services/audit-service';
import {
  changePromise,
  customerBehaviour,
  logContact,
  recordBankruptcy,
  recordDispute,
  recordPromise,
  recordReferral,
  reverseContact,
} from '../services/contact-service';
import { holdCustomer } from '../services/customer-hold-service';
import { approveDueToday, worklist } from '../services/worklist-service';
import { listReminders, previewReminder, reminderAction, sendTestReminder, type TestMailDeps } from '../services/reminder-service';
import { generateLetter, type LetterDeps } from '../services/letter-service';
import { emailLetter } from '../services/letter-email-service';
import { evidencePack } from '../services/evidence-service';
import { type HolidayDeps, holidayCountries, publicHolidays } from '../services/holiday-service';
import { type Actor, ServiceError } from '../services/service-deps';
import { droppedFields } from '../../shared/api/unknown-fields';
import { loadSettings, saveSettings } from '../services/settings-service';
import { bulkAction } from '../services/bulk-service';
import { ledgerStatus } from '../services/status-service';
import { syncInvoices } from '../services/sync-service';
import { badRequest, errorResponse } from './http-errors';

export interface ApiDeps extends LetterDeps, TestMailDeps, HolidayDeps {
  verifyToken: TokenVerifier;
  logger: Logger;
  version: string;
}

type Env = { Variables: { principal: Principal; requestId: string } };

/** A sync of 500 invoices is about 250 KB; nothing legitimate comes near this. */
export const MAX_BODY_BYTES = 1024 * 1024;

const InvoiceQuery = z.object({ ledgerId: LedgerId, invoiceNumber: InvoiceNumber }).strict();
const AuditQuery = z.object({ ledgerId: LedgerId, invoiceNumber: InvoiceNumber.optional() }).strict();

/**
 * The HTTP API as one Hono app: the same object serves Lambda (through hono/aws-lambda) and the
 * local Node server. Handlers are thin: parse with zod, call a service, map expected failures
 * to 4xx. Errors never carry stack traces or internals.
 */
export function createApp(deps: ApiDeps): Hono<Env> {
  const app = new Hono<Env>();
  const actor = (c: Context<Env>): Actor => ({ principal: c.get('principal'), source: 'sidebar' });

  app.use('*', async (c, next) => {
    const supplied = c.req.header('x-request-id');
    const requestId = supplied && /^[A-Za-z0-9_-]{8,64}$/.test(supplied) ? supplied : randomUUID();
    c.set('requestId', requestId);
    deps.logger.appendKeys({ requestId });
    c.header('x-request-id', requestId);
    await next();
    deps.logger.info('request', { method: c.req.method, path: c.req.path, status: c.res.status });
    deps.logger.removeKeys(['requestId']);
  });

  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) =>
        errorResponse(c, 'payload_too_large', `The request is larger than ${MAX_BODY_BYTES / 1024} KB. Sync fewer invoices per call.`),
    }),
  );

  app.get('/v1/health', (c) => c.json({ ok: true, service: 'dunning-desk-api', version: deps.version }));

  app.use('/v1/*', async (c, next) => {
    const result = await deps.verifyToken(c.req.header('authorization'));
    if (!result.ok) return errorResponse(c, result.status === 401 ? 'unauthenticated' : 'forbidden', result.message);
    c.set('principal', result.principal);
    deps.logger.appendKeys({ tenant: result.principal.tenant });
    try {
      await next();
    } finally {
      // The logger outlives the request in a warm Lambda: the next request's lines must not carry this tenant.
      deps.logger.removeKeys(['tenant']);
    }
  });

  /** Parses the JSON body with `schema`; a repeated requestId gets the first answer, nothing new written. */
  function write<S extends z.ZodType<{ requestId: string }>>(schema: S, run: (c: Context<Env>, body: z.infer<S>) => Promise<unknown>) {
    return async (c: Context<Env>) => {
      let raw: unknown;
      try {
        raw = await c.req.json();
      } catch {
        return errorResponse(c, 'bad_request', 'The request body is not valid JSON.');
      }
      const parsed = schema.safeParse(raw);
      if (!parsed.success) return badRequest(c, parsed.error);
      const dropped = droppedFields(raw, parsed.data);
      if (dropped.length > 0) {
        return errorResponse(
          c,
          'bad_request',
          `${dropped[0] ?? ''}: is not a field this request takes`,
          dropped.map((path) => ({ path, message: 'is not a field this request takes' })),
        );
      }
      const body = parsed.data;
      const { tenant } = c.get('principal');
      // Over what was parsed (unknown fields refused, values normalised), not the raw bytes:
      // two bodies that mean the same request are the same request.
      const fingerprint = createHash('sha256')
        .update(`${c.req.method} ${c.req.path} ${canonicalJson(body)}`)
        .digest('hex');
      const begun = await deps.main.beginRequest(tenant, body.requestId, fingerprint, deps.clock.now());
      if (begun.kind === 'done')
        return c.body(begun.body, begun.status as 200, { 'content-type': 'application/json', 'x-idempotent-replay': 'true' });
      if (begun.kind === 'in_progress')
        return errorResponse(c, 'conflict', 'This request is still being processed. Try again in a moment.');
      if (begun.kind === 'mismatch') return errorResponse(c, 'conflict', 'This request id was already used for a different request.');
      let text: string;
      try {
        text = JSON.stringify(await run(c, body));
      } catch (error) {
        // The work failed: let a retry of the same request id run again. If even that fails, the
        // id stays locked for a minute; the original error is what the logs must show.
        await deps.main
          .abandonRequest(tenant, body.requestId)
          .catch((releaseError: unknown) => deps.logger.warn('could not release a request id', { error: String(releaseError) }));
        throw error;
      }
      // The work is done: its request id must never be released now, or a retry would do it again.
      // If the answer cannot be kept, the id stays locked (a retry meanwhile hears "in progress").
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        try {
          await deps.main.finishRequest(tenant, body.requestId, fingerprint, 200, text, deps.clock.now());
          break;
        } catch (error) {
          if (attempt === 3)
            deps.logger.error('could not keep the answer to a request; its id stays locked', {
              requestId: body.requestId,
              error: String(error),
            });
          else await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
        }
      }
      return c.body(text, 200, { 'content-type': 'application/json' });
    };
  }

  function query<S extends z.ZodType>(c: Context<Env>, schema: S): z.infer<S> | Response {
    const parsed = schema.safeParse(c.req.query());
    return parsed.success ? parsed.data : badRequest(c, parsed.error);
  }

  app.post(
    '/v1/invoices/sync',
    write(SyncInvoicesRequest, (c, body) => syncInvoices(deps, { ...actor(c), source: 'sync' }, body)),
  );
  app.post(
    '/v1/contacts',
    write(LogContactRequest, (c, body) => logContact(deps, actor(c), body)),
  );
  app.post(
    '/v1/invoices/bulk',
    write(BulkActionRequest, (c, body) => bulkAction(deps, actor(c), body)),
  );
  app.post(
    '/v1/promises',
    write(RecordPromiseRequest, (c, body) => recordPromise(deps, actor(c), body)),
  );
  app.post(
    '/v1/promises/change',
    write(PromiseChangeRequest, (c, body) => changePromise(deps, actor(c), body)),
  );
  app.post(
    '/v1/contacts/reverse',
    write(ReverseContactRequest, (c, body) => reverseContact(deps, actor(c), body)),
  );
  app.post(
    '/v1/disputes',
    write(DisputeRequest, (c, body) => recordDispute(deps, actor(c), body)),
  );
  app.post(
    '/v1/bankruptcies',
    write(BankruptcyRequest, (c, body) => recordBankruptcy(deps, actor(c), body)),
  );
  app.post(
    '/v1/referrals',
    write(ReferralRequest, (c, body) => recordReferral(deps, actor(c), body)),
  );
  app.post(
    '/v1/reminders/actions',
    write(ReminderActionRequest, (c, body) => reminderAction(deps, actor(c), body)),
  );
  app.post(
    '/v1/reminders/test',
    write(TestReminderRequest, (c, body) => sendTestReminder(deps, actor(c), body)),
  );
  app.post(
    '/v1/customers/pause',
    write(CustomerPauseRequest, (c, body) => holdCustomer(deps, actor(c), body)),
  );
  app.post(
    '/v1/reminders/approve-due',
    write(ApproveDueRequest, (c, body) => approveDueToday(deps, actor(c), { tenant: c.get('principal').tenant, ledgerId: body.ledgerId })),
  );
  app.post(
    '/v1/customers/hold',
    write(CustomerHoldRequest, (c, body) => holdCustomer(deps, actor(c), body)),
  );
  app.post(
    '/v1/letters',
    write(LetterRequest, (c, body) => generateLetter(deps, actor(c), body)),
  );
  app.post(
    '/v1/letters/email',
    write(EmailLetterRequest, (c, body) => emailLetter(deps, actor(c), body)),
  );
  app.put(
    '/v1/settings',
    write(PutSettingsRequest, (c, body) =>
      saveSettings(deps, actor(c), { tenant: c.get('principal').tenant, ledgerId: body.ledgerId }, body.settings, body.heldSteps),
    ),
  );

  app.get('/v1/history', async (c) => {
    const q = query(c, HistoryQuery.strict());
    if (q instanceof Response) return q;
    return c.json(
      await history(deps, { tenant: c.get('principal').tenant, ledgerId: q.ledgerId, invoiceNumber: q.invoiceNumber }, q.limit, q.cursor),
    );
  });
  app.get('/v1/reminders', async (c) => {
    const q = query(c, InvoiceQuery);
    if (q instanceof Response) return q;
    return c.json(await listReminders(deps, actor(c), { tenant: c.get('principal').tenant, ...q }));
  });
  app.get('/v1/customers/behaviour', async (c) => {
    const q = query(c, InvoiceQuery);
    if (q instanceof Response) return q;
    return c.json(await customerBehaviour(deps, actor(c), { tenant: c.get('principal').tenant, ...q }));
  });
  app.get('/v1/reminders/preview', async (c) => {
    const q = query(c, PreviewQuery);
    if (q instanceof Response) return q;
    return c.json(
      await previewReminder(
        deps,
        actor(c),
        { tenant: c.get('principal').tenant, ledgerId: q.ledgerId, invoiceNumber: q.invoiceNumber },
        q.stepId,
      ),
    );
  });
  app.get('/v1/settings', async (c) => {
    const q = query(c, SettingsQuery);
    if (q instanceof Response) return q;
    return c.json(await loadSettings(deps, actor(c), { tenant: c.get('principal').tenant, ledgerId: q.ledgerId }, q));
  });
  app.get('/v1/worklist', async (c) => {
    const q = query(c, WorklistQuery);
    if (q instanceof Response) return q;
    return c.json(await worklist(deps, actor(c), { tenant: c.get('principal').tenant, ledgerId: q.ledgerId }));
  });
  app.get('/v1/ledger/status', async (c) => {
    const q = query(c, LedgerStatusQuery);
    if (q instanceof Response) return q;
    return c.json(await ledgerStatus(deps, actor(c), { tenant: c.get('principal').tenant, ledgerId: q.ledgerId }, q));
  });
  app.get('/v1/evidence', async (c) => {
    const q = query(c, EvidenceQuery);
    if (q instanceof Response) return q;
    return c.json(await evidencePack(deps, actor(c), q));
  });
  app.get('/v1/holidays/countries', (c) => c.json(holidayCountries(deps)));
  app.get('/v1/holidays', (c) => {
    const q = query(c, HolidaysQuery);
    if (q instanceof Response) return q;
    return c.json(publicHolidays(deps, q));
  });
  app.get('/v1/audit/verify', async (c) => {
    const q = query(c, AuditQuery);
    if (q instanceof Response) return q;
    return c.json(await verify(deps, { tenant: c.get('principal').tenant, ...q }));
  });
  app.get('/v1/audit/export', async (c) => {
    const q = query(c, AuditQuery);
    if (q instanceof Response) return q;
    const csv = await exportCsv(deps, { tenant: c.get('principal').tenant, ...q });
    const name = `audit-${q.ledgerId}${q.invoiceNumber ? `-${encodeURIComponent(q.invoiceNumber)}` : ''}.csv`;
    return c.body(csv, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"` });
  });

  app.notFound((c) => errorResponse(c, 'not_found', `No route for ${c.req.method} ${c.req.path}`));
  app.onError((error, c) => {
    if (error instanceof ServiceError) return errorResponse(c, error.code, error.message, error.issues);
    deps.logger.error('unhandled error', error);
    return errorResponse(c, 'internal', 'Something went wrong on our side. Please try again in a moment.');
  });
  return app;
}
