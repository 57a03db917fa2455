import type { Context, Hono } from 'hono';
import * as z from 'zod';
import {
  EvidenceQuery,
  ForecastQuery,
  HistoryQuery,
  HolidaysQuery,
  InvoiceNumber,
  LedgerId,
  LedgerStatusQuery,
  PreviewQuery,
  SettingsQuery,
  WorklistQuery,
} from '../../shared/api/contract';
import { exportCsv, history, verify } from '../services/audit-service';
import { customerBehaviour } from '../services/contact-service';
import { evidencePack } from '../services/evidence-service';
import { forecastInputs } from '../services/forecast-service';
import { holidayCountries, publicHolidays } from '../services/holiday-service';
import { listReminders, previewReminder } from '../services/reminder-service';
import { loadSettings } from '../services/settings-service';
import { ledgerStatus } from '../services/status-service';
import { worklist } from '../services/worklist-service';
import { actorOf, type ApiDeps, type ApiEnv } from './api-env';
import { badRequest } from './http-errors';

const InvoiceQuery = z.object({ ledgerId: LedgerId, invoiceNumber: InvoiceNumber }).strict();
const AuditQuery = z.object({ ledgerId: LedgerId, invoiceNumber: InvoiceNumber.optional() }).strict();

/** A GET handler: the query parsed by `schema` (a 400 naming the field if it fails), then `run`'s answer. */
function read<S extends z.ZodType>(schema: S, run: (c: Context<ApiEnv>, q: z.infer<S>) => Promise<Response> | Response) {
  return (c: Context<ApiEnv>) => {
    const parsed = schema.safeParse(c.req.query());
    return parsed.success ? run(c, parsed.data) : badRequest(c, parsed.error);
  };
}

/** Every route that only reads, each scoped to the signed-in person's tenant. */
export function readRoutes(app: Hono<ApiEnv>, deps: ApiDeps): void {
  const tenant = (c: Context<ApiEnv>) => c.get('principal').tenant;
  app.get(
    '/v1/history',
    read(HistoryQuery.strict(), async (c, q) =>
      c.json(await history(deps, { tenant: tenant(c), ledgerId: q.ledgerId, invoiceNumber: q.invoiceNumber }, q.limit, q.cursor)),
    ),
  );
  app.get(
    '/v1/reminders',
    read(InvoiceQuery, async (c, q) => c.json(await listReminders(deps, actorOf(c), { tenant: tenant(c), ...q }))),
  );
  app.get(
    '/v1/customers/behaviour',
    read(InvoiceQuery, async (c, q) => c.json(await customerBehaviour(deps, actorOf(c), { tenant: tenant(c), ...q }))),
  );
  app.get(
    '/v1/reminders/preview',
    read(PreviewQuery, async (c, q) =>
      c.json(
        await previewReminder(deps, actorOf(c), { tenant: tenant(c), ledgerId: q.ledgerId, invoiceNumber: q.invoiceNumber }, q.stepId),
      ),
    ),
  );
  app.get(
    '/v1/settings',
    read(SettingsQuery, async (c, q) => c.json(await loadSettings(deps, actorOf(c), { tenant: tenant(c), ledgerId: q.ledgerId }, q))),
  );
  app.get(
    '/v1/forecast/inputs',
    read(ForecastQuery, async (c, q) => c.json(await forecastInputs(deps, actorOf(c), { tenant: tenant(c), ledgerId: q.ledgerId }))),
  );
  app.get(
    '/v1/worklist',
    read(WorklistQuery, async (c, q) => c.json(await worklist(deps, actorOf(c), { tenant: tenant(c), ledgerId: q.ledgerId }))),
  );
  app.get(
    '/v1/ledger/status',
    read(LedgerStatusQuery, async (c, q) => c.json(await ledgerStatus(deps, actorOf(c), { tenant: tenant(c), ledgerId: q.ledgerId }, q))),
  );
  app.get(
    '/v1/evidence',
    read(EvidenceQuery, async (c, q) => c.json(await evidencePack(deps, actorOf(c), q))),
  );
  app.get('/v1/holidays/countries', (c) => c.json(holidayCountries(deps)));
  app.get(
    '/v1/holidays',
    read(HolidaysQuery, (c, q) => c.json(publicHolidays(deps, q))),
  );
  app.get(
    '/v1/audit/verify',
    read(AuditQuery, async (c, q) => c.json(await verify(deps, { tenant: tenant(c), ...q }))),
  );
  app.get(
    '/v1/audit/export',
    read(AuditQuery, async (c, q) => {
      const csv = await exportCsv(deps, { tenant: tenant(c), ...q });
      const name = `audit-${q.ledgerId}${q.invoiceNumber ? `-${encodeURIComponent(q.invoiceNumber)}` : ''}.csv`;
      return c.body(csv, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"` });
    }),
  );
}
