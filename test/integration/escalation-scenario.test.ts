/**
 * 120 days of a ledger on the local stack, as production runs it: the ledger in an emulated
 * spreadsheet read by the add-on's own hourly trigger (payments are typed into its cells), the
 * dispatcher twice a day (at night too, where nothing may go), a clerk who works "Your turn"
 * every morning (calls logged, letters made as the ladder asks), promises along the way. Run on
 * the demo ledger with generated invoices of every age (200 with `npm run scenario`), it checks what a team
 * relies on: email before any letter, no step inside a letter's deadline, letters citing only
 * contacts on record (read from the PDFs), no task lost, the cap and business hours kept.
 * The figures are printed (and quoted in the README).
 */
import { addDays, type CalendarDate, weekday } from '../../shared/time/calendar-date';
import { calendarDateIn, wallTimeAt } from '../../shared/time/time-zone';
import { readLedger } from '../../shared/ledger/read-ledger';
import type { InvoiceSnapshot, LedgerSettings } from '../../shared/api/contract';
import { DEMO_HEADER, demoLedgerRows } from '../../addon/local/workbench/demo-ledger';
import { generatedLedgerRows } from '../../addon/local/generated-ledger';
import { createAppsScriptEnv } from '../../addon/local/apps-script-env';
import { importCsv } from '../../addon/local/spreadsheet/csv-import';
import { writeSettings } from '../../addon/src/settings/addon-settings';
import { hourly } from '../../addon/src/server/triggers';
import { MONTHS } from '../../shared/locale/reader-date';
import { rid } from '../support/api';
import { type BackendThread, startBackendThread } from '../support/backend-thread-client';
import { pdfTexts } from '../support/read-pdf';

jest.setTimeout(600_000);

const TENANT = 'd:acme.example';
const DAYS = 120;
const ZONE = 'America/New_York';
/** The ledger's id is its spreadsheet's: the add-on syncs under it. */
const LEDGER = 'scenario-ledger';
/** The clerk works the list at 10:00 in New York, before that hour's dispatcher run. */
const CLERK_UTC = 15;

interface AuditEvent {
  seq: number;
  type: string;
  at: string;
  data: Record<string, unknown>;
}

/**
 * The days a phrase of dates names, as letters write them in either order: "3 and 17 November
 * 2026", "November 3 and 17, 2026", "28 October and 3 November 2026", "December 21, 2026 and
 * January 4, 2027". A month before any pending day leads the days after it (month first); a
 * month after pending days closes them (day first); a year closes every day still without one.
 */
function daysNamed(phrase: string): CalendarDate[] {
  const out: { day: number; month?: number; year?: number }[] = [];
  let leading: number | undefined;
  for (const token of phrase.split(/[\s,]+/).filter((t) => t && t !== 'and')) {
    const month = MONTHS.indexOf(token) + 1;
    if (month > 0) {
      const pending = out.filter((d) => d.month === undefined);
      if (pending.length > 0) for (const d of pending) d.month = month;
      else leading = month;
    } else if (/^\d{4}$/.test(token)) {
      for (const d of out) d.year ??= Number(token);
      leading = undefined;
    } else if (/^\d{1,2}$/.test(token)) {
      out.push({ day: Number(token), ...(leading !== undefined && { month: leading }) });
    }
  }
  return out.map((d) => `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}` as CalendarDate);
}
const DATE_PHRASE = new RegExp(
  `(?:our (?:reminders?|telephone calls?|formal demand|past-due notice|letters?) of|by) ((?:(?:${MONTHS.join('|')}|\\d{1,4}|and)[, ]*)+)`,
  'g',
);

/** The demo ledger's columns; generated invoices are written in them below the demo's. */
const col = (name: string) => DEMO_HEADER.indexOf(name);

/**
 * `ledgers`: CSV rows (each with its header) typed into one sheet in the demo's columns.
 * `runsUtc`: the dispatcher's runs each day, in UTC hours (05:00 is night in New York: nothing
 * may go); the add-on's hourly trigger runs before each, as it would have in the hour before.
 */
async function runScenario(name: string, ledgers: readonly string[][][], start: CalendarDate, runsUtc: readonly number[]) {
  const backend: BackendThread = await startBackendThread(`${start}T13:00:00Z`);
  const figures = { invoices: 0, emails: 0, letters: 0, calls: 0, tasksOpenAtEnd: 0, paid: 0, promises: 0, citationsChecked: 0, syncs: 0 };
  try {
    const { clock } = backend;
    let token = await backend.token('alice');
    const env = createAppsScriptEnv({
      timeZone: ZONE,
      spreadsheetId: LEDGER,
      identityToken: () => token,
      extraAllowedUrls: [`${backend.url}/`],
      now: () => clock.now(),
      advance: (ms) => clock.advance(ms),
    });
    const sheet = env.spreadsheet.activeSheet;
    sheet.name = 'Ledger';
    const rows = [
      DEMO_HEADER,
      ...ledgers.flatMap(([header = [], ...body]) => body.map((r) => DEMO_HEADER.map((h) => r[header.indexOf(h)] ?? ''))),
    ];
    sheet.load(importCsv(rows, env.spreadsheet.locale));
    if (!writeSettings(env.documentProperties, { backendUrl: backend.url }).ok) throw new Error('settings');
    const ports = { ...env.globals, now: env.now };
    const hourlyTrigger = async () => {
      token = await backend.token('alice');
      env.run(() => hourly(ports));
      figures.syncs += 1;
    };

    // What the sheet says, read as the add-on reads it: the invoices the checks below are about.
    const read = readLedger(rows, { timeZone: ZONE, currency: 'USD', decimalSeparator: '.' });
    if (!read.ok) throw new Error(read.error);
    const invoices = new Map<string, InvoiceSnapshot>(read.value.invoices.map((i) => [i.invoiceNumber, i]));
    figures.invoices = invoices.size;

    await hourlyTrigger();
    const settings = (await backend.call<LedgerSettings>('GET', `/v1/settings?ledgerId=${LEDGER}`)).json;
    expect(settings.timeZone).toBe(ZONE);
    const ours = settings;
    const open = [...invoices.values()].filter((i) => i.balance.minor > 0 && i.status === 'open');
    // Along the way: two customers pay, one promises and pays on time, one promises and does not.
    const payers = [open[1], open[Math.floor(open.length / 2)]].filter((i): i is InvoiceSnapshot => i !== undefined);
    const [keeps, breaks] = [open[2], open[3]];
    const letterPdfs: { invoiceNumber: string; listed: string[]; pdfBase64: string }[] = [];
    const paidOn = new Map<string, CalendarDate>();

    for (let d = 0; d < DAYS; d += 1) {
      const today = addDays(start, d);
      for (const hour of runsUtc) {
        clock.set(Date.parse(`${today}T${String(hour).padStart(2, '0')}:00:00Z`));
        await hourlyTrigger();
        if (hour === CLERK_UTC) await workTheList(backend, letterPdfs, figures);
        await backend.dispatch();
      }
      if (d === 5 && keeps && breaks) {
        for (const p of [keeps, breaks]) {
          expect(
            (
              await backend.call('POST', '/v1/promises', {
                requestId: rid(),
                ledgerId: LEDGER,
                invoiceNumber: p.invoiceNumber,
                promisedFor: addDays(today, 7),
                amount: p.balance,
              })
            ).status,
          ).toBe(200);
          figures.promises += 1;
        }
      }
      // A payment is typed into the sheet: its balance to 0 and its status Paid; the next hourly run tells the backend.
      const paying = d === 12 && keeps ? [keeps] : d === 20 ? payers : [];
      for (const p of paying) {
        const row = sheet.rows.find((r) => r[col('Invoice Number')] === p.invoiceNumber);
        if (!row) throw new Error(`no row for ${p.invoiceNumber}`);
        row[col('Amount Paid')] = row[col('Amount')] ?? 0;
        row[col('Balance')] = 0;
        row[col('Status')] = 'Paid';
        invoices.set(p.invoiceNumber, { ...p, balance: { ...p.balance, minor: 0 }, status: 'paid' });
        paidOn.set(p.invoiceNumber, today);
        figures.paid += 1;
      }
    }

    // What the trail shows, invoice by invoice.
    const ladder = ours.ladder;
    for (const invoice of invoices.values()) {
      const events = await trail(backend, invoice.invoiceNumber);
      const sent = events.filter((e) => e.type === 'email.sent' && e.data.stepId !== 'thank-you' && !e.data.attachment);
      const letters = events.filter((e) => e.type === 'letter.generated' || e.type === 'letter.included');
      figures.emails += sent.length;
      // Every invoice still owed at the end and over 7 days late then was emailed at least once.
      const end = addDays(start, DAYS);
      if (invoice.status === 'open' && invoice.balance.minor > 0 && addDays(invoice.dueDate, 7) < end) {
        expect({ invoice: invoice.invoiceNumber, emailed: sent.length > 0 }).toEqual({ invoice: invoice.invoiceNumber, emailed: true });
      }
      // Paid in the sheet in the evening: the next hourly trigger (midnight in New York) told the backend, and nothing but thanks went after.
      const paid = paidOn.get(invoice.invoiceNumber);
      if (paid) {
        const told = events.find((e) => e.type === 'invoice.changed' && JSON.stringify(e.data.changes).includes('"paid"'));
        expect({ invoice: invoice.invoiceNumber, toldOn: told && calendarDateIn(Date.parse(told.at), ZONE) }).toEqual({
          invoice: invoice.invoiceNumber,
          toldOn: addDays(paid, 1),
        });
        expect({
          invoice: invoice.invoiceNumber,
          chasedAfterPaying: sent.filter((e) => e.seq > (told?.seq ?? 0)).map((e) => e.at),
        }).toEqual({ invoice: invoice.invoiceNumber, chasedAfterPaying: [] });
      }
      // Email before any letter, for every invoice that got a letter.
      if (letters.length > 0) {
        const firstLetter = Math.min(...letters.map((e) => e.seq));
        expect({ invoice: invoice.invoiceNumber, emailedBeforeLetter: sent.some((e) => e.seq < firstLetter) }).toEqual({
          invoice: invoice.invoiceNumber,
          emailedBeforeLetter: true,
        });
      }
      // Nothing inside a letter's deadline and the ladder's grace.
      for (const letter of letters) {
        const deadline = String(letter.data.deadline);
        const quietUntil = addDays(deadline as CalendarDate, ladder.promiseGraceDays + 1);
        const made = calendarDateIn(Date.parse(letter.at), ZONE);
        for (const later of [...sent, ...letters].filter((e) => e.seq > letter.seq && calendarDateIn(Date.parse(e.at), ZONE) > made)) {
          const on = calendarDateIn(Date.parse(later.at), ZONE);
          expect({ invoice: invoice.invoiceNumber, event: later.type, on, keptDeadline: on >= quietUntil }).toEqual({
            invoice: invoice.invoiceNumber,
            event: later.type,
            on,
            keptDeadline: true,
          });
        }
      }
      // Business hours in the debtor's zone, on working days.
      for (const e of sent) {
        const { date, minuteOfDay } = wallTimeAt(Date.parse(e.at), invoice.timeZone ?? ZONE);
        const inHours =
          minuteOfDay >= ours.businessHours.startMinute &&
          minuteOfDay < ours.businessHours.endMinute &&
          ours.businessHours.days.includes(weekday(date));
        expect({ invoice: invoice.invoiceNumber, at: e.at, inHours }).toEqual({ invoice: invoice.invoiceNumber, at: e.at, inHours: true });
      }
      // No task vanished: every call or letter step is done, dismissed, or still open on the list.
      const record = await backend.record<{ escalation?: { type: string; stepId?: string; outcome?: string }[] }>(
        TENANT,
        LEDGER,
        invoice.invoiceNumber,
      );
      const passedOver = (record?.escalation ?? []).filter(
        (e) =>
          e.type === 'step' &&
          e.outcome === 'skipped' &&
          ladder.steps.some((s) => s.id === e.stepId && (s.action.kind === 'call' || s.action.kind === 'letter')),
      );
      const dismissed = events.filter((e) => e.type === 'task.dismissed').map((e) => e.data.stepId);
      for (const p of passedOver)
        expect({ invoice: invoice.invoiceNumber, step: p.stepId, dismissed: dismissed.includes(p.stepId) }).toEqual({
          invoice: invoice.invoiceNumber,
          step: p.stepId,
          dismissed: true,
        });
    }

    // The cap: per address, never more than the cap's emails in any window (one email listing
    // several invoices is on each of their trails: counted once, by its SES message id).
    const messages = new Map<string, { to: string; at: number }>();
    for (const invoice of invoices.values()) {
      for (const e of (await trail(backend, invoice.invoiceNumber)).filter(
        (x) => x.type === 'email.sent' && x.data.stepId !== 'thank-you',
      )) {
        messages.set(String(e.data.messageId), { to: String(e.data.to).toLowerCase(), at: Date.parse(e.at) });
      }
    }
    const perAddress = new Map<string, number[]>();
    for (const m of messages.values()) perAddress.set(m.to, [...(perAddress.get(m.to) ?? []), m.at]);
    for (const [address, times] of perAddress) {
      times.sort((a, b) => a - b);
      for (let i = 0; i + ours.cap.maxEmails < times.length; i += 1) {
        const apartDays = ((times[i + ours.cap.maxEmails] ?? 0) - (times[i] ?? 0)) / 86_400_000;
        expect({ address, withinCap: apartDays >= ours.cap.windowDays }).toEqual({ address, withinCap: true });
      }
    }

    // Every earlier contact a letter cites is on the record of the invoices it lists: read from the PDF's words.
    const texts = pdfTexts(letterPdfs.map((l) => l.pdfBase64));
    const letterTexts = letterPdfs.map((l, i) => ({ ...l, text: texts[i]?.text ?? '' }));
    for (const letter of letterTexts) {
      const events = (await Promise.all(letter.listed.map((n) => trail(backend, n)))).flat();
      const days = new Set(events.map((e) => calendarDateIn(Date.parse(e.at), ZONE)));
      for (const e of events) if (typeof e.data.deadline === 'string') days.add(e.data.deadline as CalendarDate);
      for (const e of events) if (typeof e.data.promisedFor === 'string') days.add(e.data.promisedFor as CalendarDate);
      const opening = letter.text.replace(/\s+/g, ' ');
      for (const c of opening.matchAll(DATE_PHRASE)) {
        for (const day of daysNamed(c[1] ?? '')) {
          expect({ invoice: letter.invoiceNumber, cited: day, onRecord: days.has(day) }).toEqual({
            invoice: letter.invoiceNumber,
            cited: day,
            onRecord: true,
          });
          figures.citationsChecked += 1;
        }
      }
    }

    // What is still open for a person at the end.
    const list = (await backend.call<{ items: { kind: string }[] }>('GET', `/v1/worklist?ledgerId=${LEDGER}`)).json;
    figures.tasksOpenAtEnd = list.items.filter((i) => i.kind === 'call' || i.kind === 'letter').length;
    console.log(`${name}: ${JSON.stringify({ ...figures, emailsPerInvoice: Number((figures.emails / figures.invoices).toFixed(2)) })}`);
    return figures;
  } finally {
    await backend.close();
  }
}

/** The clerk's morning: every call logged, every letter made, as "Your turn" lists them. */
async function workTheList(
  backend: BackendThread,
  letters: { invoiceNumber: string; listed: string[]; pdfBase64: string }[],
  figures: { letters: number; calls: number },
) {
  const list = (await backend.call<{ items: { kind: string; invoiceNumber: string }[] }>('GET', `/v1/worklist?ledgerId=${LEDGER}`)).json;
  const done = new Set<string>();
  for (const item of list.items) {
    if (item.kind === 'call' || item.kind === 'broken_promise') {
      expect(
        (
          await backend.call('POST', '/v1/contacts', {
            requestId: rid(),
            ledgerId: LEDGER,
            invoiceNumber: item.invoiceNumber,
            channel: 'call',
            outcome: 'reached',
            reached: 'Accounts payable',
          })
        ).status,
      ).toBe(200);
      figures.calls += 1;
    }
    if (item.kind === 'letter' && !done.has(item.invoiceNumber)) {
      const reminders = (
        await backend.call<{ next?: { stage?: string } }>('GET', `/v1/reminders?ledgerId=${LEDGER}&invoiceNumber=${item.invoiceNumber}`)
      ).json;
      const stage = reminders.next?.stage ?? 'formal_demand';
      const made = await backend.call<{ pdfBase64: string; invoices: string[] }>('POST', '/v1/letters', {
        requestId: rid(),
        ledgerId: LEDGER,
        invoiceNumber: item.invoiceNumber,
        stage,
        deadlineDays: 10,
      });
      // A final notice with no demand on record needs the team's say-so: a clerk makes the demand first.
      if (made.status === 409) continue;
      expect(made.status).toBe(200);
      letters.push({ invoiceNumber: item.invoiceNumber, listed: made.json.invoices, pdfBase64: made.json.pdfBase64 });
      for (const n of made.json.invoices) done.add(n);
      figures.letters += 1;
    }
  }
}

async function trail(backend: BackendThread, invoiceNumber: string): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  let cursor: string | undefined;
  do {
    const page = (
      await backend.call<{ events: AuditEvent[]; nextCursor?: string }>(
        'GET',
        `/v1/history?ledgerId=${LEDGER}&invoiceNumber=${encodeURIComponent(invoiceNumber)}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      )
    ).json;
    events.push(...page.events);
    cursor = page.nextCursor;
  } while (cursor);
  return events.sort((a, b) => a.seq - b.seq);
}

describe('120 days of chasing, as production runs it', () => {
  it('reads the days a letter cites in either order, so no citation escapes the check', () => {
    const cited = (text: string) => [...text.matchAll(DATE_PHRASE)].flatMap((m) => daysNamed(m[1] ?? ''));
    expect(
      cited(
        'after our reminders of 3 and 17 November 2026 and our formal demand of 20 November 2026, which asked for payment by 30 November 2026.',
      ),
    ).toEqual(['2026-11-03', '2026-11-17', '2026-11-20', '2026-11-30']);
    expect(
      cited(
        'after our reminders of November 3 and 17, 2026 and our formal demand of November 20, 2026, which asked for payment by November 30, 2026.',
      ),
    ).toEqual(['2026-11-03', '2026-11-17', '2026-11-20', '2026-11-30']);
    expect(
      cited(
        'Despite our telephone calls of October 28 and November 3, 2026, and our reminders of 21 December 2026 and 4 January 2027, the',
      ),
    ).toEqual(['2026-10-28', '2026-11-03', '2026-12-21', '2027-01-04']);
  });

  // The demo ledger and generated invoices of every age (0 to 150 days late) on one stack, so the
  // dispatcher's runs are shared: 12 generated in the suite, to keep it quick; `npm run scenario` runs 200.
  const size = Number(process.env.SCENARIO_INVOICES ?? 12);
  it(`the demo ledger and ${size} generated invoices of every age`, async () => {
    const start = '2026-11-24' as CalendarDate;
    const figures = await runScenario(
      `demo + ${size} generated`,
      [demoLedgerRows(start), generatedLedgerRows(size, start)],
      start,
      [5, 15],
    );
    expect(figures.letters).toBeGreaterThan(0);
    expect(figures.citationsChecked).toBeGreaterThan(0);
  });
});
