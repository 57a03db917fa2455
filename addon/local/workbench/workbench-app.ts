import { Hono } from 'hono';
import { createContext, runInContext } from 'node:vm';
import * as z from 'zod';
import type { CalendarDate } from '../../../shared/time/calendar-date';
import { calendarDateIn } from '../../../shared/time/time-zone';
import type { SesEventKind } from '../../../lambdas/local/ses-event-simulator';
import type { ReplyKind } from '../../../lambdas/local/reply-simulator';
import type { SettingsInput, SettingsView } from '../../../shared/api/settings-contract';
import type { SidebarResult } from '../../../shared/api/sidebar-contract';
import { createAppsScriptEnv } from '../apps-script-env';
import { renderConditionalColors } from '../formula/conditional-colors';
import type { MovableClock } from '../../../lambdas/local/shared-clock';
import { importCsv, importCsvCell } from '../spreadsheet/csv-import';
import type { EmulatedSheet } from '../spreadsheet/sheet';
import { demoLedgerRows } from './demo-ledger';
import { readLedger } from '../../../shared/ledger/read-ledger';

export interface WorkbenchOptions {
  clock: MovableClock;
  apiUrl: string;
  sesUrl: string;
  /** The built add-on: Code.js's text and the folder holding Sidebar.html and Settings.html. */
  code: string;
  distDir: string;
  /** The workbench page, built. */
  pageHtml: string;
  /** The user's own ledger (CSV rows); demo data relative to the clock when absent. */
  ledgerRows?: string[][];
  /** A Google-like identity token valid at the clock's now, from the local issuer. */
  token(): Promise<string>;
  /** The day the demo ledger is written around; the clock's today when absent. */
  demoToday?: CalendarDate;
  /** Delivers SES's Delivery / Bounce / Complaint notification for a sent message to the ses-events handler. */
  sesEvent(messageId: string, kind: SesEventKind): Promise<{ handled: number; to: string }>;
  /** Answers a sent message as its recipient would (a reply, or an out-of-office), through SES receiving's handler. */
  reply(messageId: string, kind: ReplyKind): Promise<{ recorded: number; autoReplies: number; dropped: number; from: string }>;
  /** Hosted: publishes the DKIM records of the teams' sending domains, as their DNS hosts would once the team adds them. */
  publishDkim?: () => Promise<{ domains: string[] }>;
  /** Runs the dispatcher once now, as its schedule would. */
  dispatchNow(): Promise<{ emails: number; sent: number; skipped: number }>;
  /** When the dispatcher sent each message, by the workbench's clock. */
  sentTimes(): Promise<Record<string, string>>;
  /** The spreadsheet's zone; America/New_York when absent. */
  timeZone?: string;
}

/** Rows drawn per sheet: enough for any demo, and a bound on the page for a large CSV. */
const MAX_DRAWN_ROWS = 500;

/** A click selects a cell; a shift-click (`toRow`) the rows from the active cell's to that one. */
const Select = z
  .object({
    sheet: z.string().max(100),
    row: z.number().int().min(1),
    column: z.number().int().min(1),
    toRow: z.number().int().min(1).optional(),
  })
  .strict();
const Edit = z
  .object({ sheet: z.string().max(100), row: z.number().int().min(1), column: z.number().int().min(1), value: z.string().max(1000) })
  .strict();
const MenuCall = z.object({ functionName: z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/) }).strict();
const ScriptRun = z
  .object({ functionName: z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/, 'is not a server function name'), args: z.array(z.unknown()).max(10) })
  .strict();
const SesEvent = z.object({ messageId: z.string().min(1).max(200), kind: z.enum(['Delivery', 'Bounce', 'Complaint']) }).strict();
const ReplyRequest = z.object({ messageId: z.string().min(1).max(200), kind: z.enum(['reply', 'auto-reply']) }).strict();
const Advance = z
  .object({
    hours: z
      .number()
      .int()
      .min(1)
      .max(24 * 366),
  })
  .strict();

/** google.script.run in a page served outside Google: each call becomes a POST to /api/run. */
const SCRIPT_RUN_SHIM = `<script>(function(){
  function runner(ok, fail){
    return new Proxy({}, { get: function(_t, name){
      if (name === 'withSuccessHandler') return function(f){ return runner(f, fail); };
      if (name === 'withFailureHandler') return function(f){ return runner(ok, f); };
      return function(){
        var args = Array.prototype.slice.call(arguments);
        fetch('/api/run', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ functionName: String(name), args: args }) })
          .then(function(r){ return r.json(); })
          .then(function(res){ if (res.ok) { if (ok) ok(res.value); } else if (fail) fail(new Error(res.error)); })
          .catch(function(e){ if (fail) fail(e); });
      };
    }});
  }
  window.google = { script: { run: runner(null, null), host: { close: function(){ parent.postMessage({ type: 'dunning-desk:close' }, '*'); } } } };
  // Drive is emulated: its file links open the workbench's copy.
  document.addEventListener('click', function(e){
    var a = e.target && e.target.closest && e.target.closest('a[href^="https://drive.google.com/file/d/"]');
    if (!a) return;
    e.preventDefault();
    window.open('/api/drive/' + a.getAttribute('href').split('/')[5], '_blank');
  });
})();</script>`;

/**
 * The add-on's built Code.js on the Apps Script emulation, as one user's spreadsheet, behind a
 * small HTTP API the workbench page drives: draw the sheets with the colors the conditional
 * rules give today, run menu items and triggers, serve the real sidebar and Settings dialog
 * with google.script.run answered by the same server code, and move the one clock.
 */
export function createWorkbench(options: WorkbenchOptions) {
  const { clock } = options;
  let identityToken = '';
  const env = createAppsScriptEnv({
    spreadsheetId: 'workbench-ledger-0001',
    spreadsheetName: 'Receivables (workbench)',
    identityToken: () => identityToken,
    extraAllowedUrls: [`${options.apiUrl}/`],
    distDir: options.distDir,
    now: () => clock.now(),
    advance: (ms) => clock.advance(ms),
    userEmail: 'you@dunningdesk.example',
    ...(options.timeZone && { timeZone: options.timeZone }),
  });
  const ledger = env.spreadsheet.activeSheet;
  ledger.name = 'Ledger';
  const today = () => calendarDateIn(clock.now(), env.spreadsheet.timeZone);
  ledger.load(importCsv(options.ledgerRows ?? demoLedgerRows(options.demoToday ?? today()), env.spreadsheet.locale));

  // Like the entry-points test: the bundle in a bare context whose globals are the services,
  // and a Date that reads the workbench's clock (Apps Script's `Date.now()` is the add-on's now).
  const context = createContext({ Date: clockDate(() => clock.now()) });
  env.install(context);
  runInContext(options.code, context);
  const fn = (name: string) => {
    const value: unknown = context[name];
    return typeof value === 'function' ? (value as (...args: unknown[]) => unknown) : undefined;
  };

  /** One execution, with a fresh token, and what it put on screen. */
  async function execute(name: string, args: unknown[] = []) {
    const target = fn(name);
    if (!target) throw new Error(`The add-on has no server function ${name}`);
    identityToken = await options.token();
    const before = { toasts: env.spreadsheet.toasts.length, alerts: env.ui.alerts.length, shown: env.ui.shown.length };
    const value = env.run(() => target(...args));
    return {
      value,
      toasts: env.spreadsheet.toasts.slice(before.toasts).map((t) => t.msg),
      alerts: env.ui.alerts.slice(before.alerts).map((a) => ({ title: a.title, prompt: a.prompt })),
      shown: env.ui.shown.slice(before.shown).map((s) => ({ kind: s.kind, title: s.title })),
    };
  }

  const hasTrigger = (handler: string) => env.scriptApp.triggers.some((t) => t.handler === handler);

  /**
   * What a new user does first: opens the spreadsheet (the menu appears), then saves Settings
   * with the backend's address and the status columns on, which turns automatic sync on.
   */
  async function setUp(): Promise<void> {
    await execute('onOpen', [{ authMode: 'FULL' }]);
    const view = (await execute('getSettingsView')).value as SidebarResult<SettingsView>;
    if (!view.ok) throw new Error(view.error.message);
    const mapping = Object.fromEntries(view.data.fields.map((f) => [f.field, f.column]));
    const input: SettingsInput = { ...view.data.values, mapping, backendUrl: options.apiUrl, statusColumns: true };
    const saved = (await execute('saveSettings', [input])).value as SidebarResult<SettingsView>;
    if (!saved.ok) throw new Error(saved.error.message);
  }

  const sheetView = (sheet: EmulatedSheet) => {
    const rows = Math.min(sheet.lastRow(), MAX_DRAWN_ROWS);
    const columns = sheet.lastColumn();
    const area = { row: 1, column: 1, numRows: Math.max(rows, 1), numColumns: Math.max(columns, 1) };
    const text = rows > 0 && columns > 0 ? sheet.readDisplayValues(area) : [];
    const colors = rows > 0 && columns > 0 ? renderConditionalColors(sheet, today(), rows) : [];
    return {
      name: sheet.name,
      totalRows: sheet.lastRow(),
      cells: text.map((row, r) =>
        row.map((value, c) => ({
          value,
          background: colors[r]?.[c]?.background ?? '#ffffff',
          color: colors[r]?.[c]?.fontColor ?? '#000000',
          note: sheet.formats.get(`${r + 1},${c + 1}`)?.note,
        })),
      ),
      charts: sheet.charts.map((chart) => ({
        type: chart.data.type,
        title: typeof chart.data.options.title === 'string' ? chart.data.options.title : '',
        series: chart.data.ranges.map((range) =>
          sheet.readValues(range.area).map((row) => row.map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))),
        ),
      })),
      selection: { ...sheet.active, ...(sheet.selectedRows && { rows: sheet.selectedRows }) },
    };
  };

  /** Contact email -> the Time zone its row names, so the mailbox can show a send time on their clock too. */
  const recipientZones = (): Map<string, string> => {
    const values = ledger.readValues({
      row: 1,
      column: 1,
      numRows: Math.max(ledger.lastRow(), 1),
      numColumns: Math.max(ledger.lastColumn(), 1),
    });
    const read = readLedger(values, { timeZone: env.spreadsheet.timeZone, currency: 'USD', decimalSeparator: '.' });
    const zones = new Map<string, string>();
    if (read.ok)
      for (const invoice of read.value.invoices)
        if (invoice.contactEmail && invoice.timeZone) zones.set(invoice.contactEmail, invoice.timeZone);
    return zones;
  };

  const app = new Hono();
  app.onError((error, c) => c.json({ ok: false, error: error.message }, 500));
  app.get('/', (c) => c.html(options.pageHtml));
  const lastShown = (kind: 'sidebar' | 'dialog') =>
    [...env.ui.shown]
      .reverse()
      .find((s) => s.kind === kind)
      ?.output.getContent() ?? '';
  app.get('/sidebar', (c) => c.html(injectShim(lastShown('sidebar'))));
  app.get('/dialog', (c) => c.html(injectShim(lastShown('dialog'))));

  app.get('/api/state', (c) => {
    const menu = env.ui.menus.at(-1);
    return c.json({
      now: new Date(clock.now()).toISOString(),
      today: today(),
      timeZone: env.spreadsheet.timeZone,
      sheets: env.spreadsheet.sheets.filter((s) => !s.hidden).map((s) => s.name),
      active: env.spreadsheet.activeSheet.name,
      menu: (menu?.items ?? []).flatMap((item) => ('caption' in item ? [item] : [])),
      sesUrl: options.sesUrl,
      // Hosted: the teams' DNS can be published from the page.
      teamsDns: Boolean(options.publishDkim),
      // The add-on's ledger id (the spreadsheet's): for curl against the API.
      ledgerId: env.spreadsheet.id,
    });
  });
  // A fresh sign-in token for curl: they live one hour of the clock, as Google's do.
  app.get('/api/token', async (c) => c.json({ token: await options.token() }));
  app.get('/api/sheet', (c) => {
    const name = c.req.query('name') ?? env.spreadsheet.activeSheet.name;
    const sheet = env.spreadsheet.sheets.find((s) => s.name === name);
    return sheet ? c.json(sheetView(sheet)) : c.json({ ok: false, error: `no sheet named ${name}` }, 404);
  });
  app.post('/api/select', async (c) => {
    const body = Select.safeParse(await c.req.json());
    if (!body.success) return c.json({ ok: false, error: z.prettifyError(body.error) }, 400);
    const sheet = env.spreadsheet.sheets.find((s) => s.name === body.data.sheet);
    if (!sheet) return c.json({ ok: false, error: `no sheet named ${body.data.sheet}` }, 404);
    env.spreadsheet.activeSheet = sheet;
    const { row, column, toRow } = body.data;
    sheet.active = { row, column };
    sheet.selectedRows =
      toRow !== undefined && toRow !== row ? { row: Math.min(row, toRow), numRows: Math.abs(toRow - row) + 1 } : undefined;
    return c.json({ ok: true });
  });
  app.post('/api/edit', async (c) => {
    const body = Edit.safeParse(await c.req.json());
    if (!body.success) return c.json({ ok: false, error: z.prettifyError(body.error) }, 400);
    const sheet = env.spreadsheet.sheets.find((s) => s.name === body.data.sheet);
    if (!sheet) return c.json({ ok: false, error: `no sheet named ${body.data.sheet}` }, 404);
    const { row, column, value } = body.data;
    // What Sheets stores for typed text: numbers and dates become values, the rest stays text.
    const cells = sheet.rows[row - 1] ?? (sheet.rows[row - 1] = []);
    cells[column - 1] = importCsvCell(value, env.spreadsheet.locale);
    // Installable triggers fire only when installed (Settings turns them on).
    if (!hasTrigger('onLedgerEdit')) return c.json({ ok: true, toasts: [], alerts: [], shown: [] });
    const range = sheet.getRange(row, column);
    const { toasts, alerts, shown } = await execute('onLedgerEdit', [{ range, source: env.spreadsheet, value }]);
    return c.json({ ok: true, toasts, alerts, shown });
  });
  app.post('/api/menu', async (c) => {
    const body = MenuCall.safeParse(await c.req.json());
    if (!body.success) return c.json({ ok: false, error: z.prettifyError(body.error) }, 400);
    const allowed = (env.ui.menus.at(-1)?.items ?? []).some(
      (item) => 'functionName' in item && item.functionName === body.data.functionName,
    );
    if (!allowed) return c.json({ ok: false, error: `${body.data.functionName} is not on the add-on's menu` }, 400);
    const { toasts, alerts, shown } = await execute(body.data.functionName);
    return c.json({ ok: true, toasts, alerts, shown });
  });
  app.post('/api/run', async (c) => {
    const body = ScriptRun.safeParse(await c.req.json());
    if (!body.success) return c.json({ ok: false, error: z.prettifyError(body.error) }, 400);
    // As in Apps Script, a name ending in "_" is private to the server.
    if (body.data.functionName.endsWith('_') || !fn(body.data.functionName))
      return c.json({ ok: false, error: `The add-on has no server function ${body.data.functionName}` });
    try {
      const { value } = await execute(body.data.functionName, body.data.args);
      // google.script.run passes values as JSON-like data; Dates do not survive it.
      return c.json({ ok: true, value: JSON.parse(JSON.stringify(value ?? null)) as unknown });
    } catch (error) {
      return c.json({ ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  });
  app.post('/api/clock', async (c) => {
    const body = Advance.safeParse(await c.req.json());
    if (!body.success) return c.json({ ok: false, error: z.prettifyError(body.error) }, 400);
    // Time passes an hour at a time, each hour with the hourly sync and a dispatcher run, as the
    // triggers and the schedule would have run them (production runs the dispatcher every few
    // minutes): a day moved sends what a real day would, whatever hour the clock started at,
    // and a month is not one jump where every step of the ladder arrives at once.
    const emails = { emails: 0, sent: 0, skipped: 0 };
    const add = (run: { emails: number; sent: number; skipped: number }) => {
      emails.emails += run.emails;
      emails.sent += run.sent;
      emails.skipped += run.skipped;
    };
    add(await options.dispatchNow());
    for (let hour = 0; hour < body.data.hours; hour += 1) {
      clock.advance(3600_000);
      // Two schedules, as in production: the dispatcher (on the main thread) runs while the
      // hourly sync holds this one; neither waits for the other.
      const dispatched = options.dispatchNow();
      if (hasTrigger('hourlySync')) await execute('hourlySync');
      add(await dispatched);
    }
    return c.json({ ok: true, now: new Date(clock.now()).toISOString(), today: today(), dispatched: emails });
  });
  app.post('/api/ses-event', async (c) => {
    const body = SesEvent.safeParse(await c.req.json());
    if (!body.success) return c.json({ ok: false, error: z.prettifyError(body.error) }, 400);
    const result = await options.sesEvent(body.data.messageId, body.data.kind);
    return c.json({ ok: true, ...result });
  });
  app.post('/api/reply', async (c) => {
    const body = ReplyRequest.safeParse(await c.req.json());
    if (!body.success) return c.json({ ok: false, error: z.prettifyError(body.error) }, 400);
    return c.json({ ok: true, ...(await options.reply(body.data.messageId, body.data.kind)) });
  });
  app.post('/api/dns/publish', async (c) => {
    if (!options.publishDkim) return c.json({ ok: false, error: 'this workbench has no teams’ DNS (hosted mode only)' }, 404);
    return c.json({ ok: true, ...(await options.publishDkim()) });
  });
  // What the add-on saved in its Drive (letters): the sidebar's Drive links open here.
  app.get('/api/drive/:id', (c) => {
    const file = env.drive.files.get(c.req.param('id'));
    if (!file) return c.json({ ok: false, error: 'no such file in the emulated Drive' }, 404);
    return c.body(Buffer.from(file.bytes), 200, {
      'content-type': file.mimeType,
      'content-disposition': `inline; filename="${file.name.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
    });
  });
  app.get('/api/mailbox', async (c) => {
    const store = (await (await fetch(`${options.sesUrl}/store`)).json()) as {
      emails: {
        messageId: string;
        destination: { to: string[] };
        replyTo?: string[];
        subject: string;
        at?: number;
        attachments?: unknown[];
      }[];
    };
    const sent = await options.sentTimes();
    const zones = recipientZones();
    return c.json({
      emails: store.emails
        .map((e) => ({
          id: e.messageId,
          to: e.destination.to,
          subject: e.subject,
          attachments: e.attachments?.length ?? 0,
          sentAt: sent[e.messageId] ?? null,
          recipientZone: zones.get((e.destination.to[0] ?? '').replace(/^.*<|>$/g, '')) ?? null,
          // Sent with a reply address (reminders and letters, not the team's copy of a reply): a customer can answer it.
          replyable: (e.replyTo ?? []).some((r) => r.startsWith('reply+')) && sent[e.messageId] !== undefined,
        }))
        .reverse(),
    });
  });

  // One email as aws-ses-v2-local keeps it, for the mailbox's "Open".
  app.get('/api/mailbox/:id', async (c) => {
    const store = (await (await fetch(`${options.sesUrl}/store`)).json()) as {
      emails: {
        messageId: string;
        from: string;
        replyTo?: string[];
        destination: { to: string[] };
        subject: string;
        body: { html?: string; text?: string };
        attachments?: { filename?: string; contentType: string; size: number }[];
      }[];
    };
    const email = store.emails.find((e) => e.messageId === c.req.param('id'));
    if (!email) return c.json({ ok: false, error: 'That email is no longer in the local SES.' }, 404);
    return c.json({
      from: email.from,
      to: email.destination.to,
      replyTo: email.replyTo ?? [],
      subject: email.subject,
      html: email.body.html ?? null,
      text: email.body.text ?? null,
      attachments: (email.attachments ?? []).map((a, index) => ({
        name: a.filename ?? `attachment-${index + 1}`,
        contentType: a.contentType,
        bytes: a.size,
        url: `/api/mailbox/${encodeURIComponent(email.messageId)}/attachments/${index}`,
      })),
    });
  });

  // An attachment's bytes as the recipient would save them (only PDFs are ever attached).
  app.get('/api/mailbox/:id/attachments/:index', async (c) => {
    const store = (await (await fetch(`${options.sesUrl}/store`)).json()) as {
      emails: { messageId: string; attachments?: { filename?: string; contentType: string; content?: string }[] }[];
    };
    const attachment = store.emails.find((e) => e.messageId === c.req.param('id'))?.attachments?.[Number(c.req.param('index'))];
    if (attachment?.contentType !== 'application/pdf' || !attachment.content)
      return c.json({ ok: false, error: 'That attachment is not in the local SES.' }, 404);
    return c.body(Buffer.from(attachment.content, 'base64'), 200, {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="${(attachment.filename ?? 'attachment.pdf').replace(/[^A-Za-z0-9._-]/g, '_')}"`,
    });
  });

  return { app, env, execute, setUp };
}

/**
 * This realm's Date, but `new Date()` and `Date.now()` read `now`. Cell values the emulation
 * makes are this realm's Dates, so `instanceof` answers for any Date, as in Apps Script where
 * getValues' Dates are the script's own.
 */
function clockDate(now: () => number): DateConstructor {
  const Host = Date;
  class ClockDate extends Host {
    constructor(...args: unknown[]) {
      // Date's overloads cannot be spread into from unknown[]; the arguments go through as given.
      if (args.length === 0) super(now());
      else super(...(args as [string]));
    }
    static override now(): number {
      return now();
    }
    static override [Symbol.hasInstance](value: unknown): boolean {
      return value instanceof Host;
    }
  }
  return ClockDate as unknown as DateConstructor;
}

/** The shim goes first in <head>, before the page's own script asks for google.script.run. */
function injectShim(html: string): string {
  if (!html) return '<!DOCTYPE html><p>Nothing is open. Use the menu.</p>';
  return html.replace(/<head>/i, (head) => `${head}${SCRIPT_RUN_SHIM}`);
}
