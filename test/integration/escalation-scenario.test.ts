/**
 * 120 days of a ledger on the local stack, as production runs it: the dispatcher twice a day
 * (at night too, where nothing may go), a clerk who works "Your turn" every morning (calls
 * logged, letters made as the ladder asks), a few payments and promises along the way. Run on
 * the demo ledger with generated invoices of every age (200 with `npm run scenario`), it checks what a team
 * relies on: email before any letter, no step inside a letter's deadline, letters citing only
 * contacts on record (read from the PDFs), no task lost, the cap and business hours kept.
 * The figures are printed (and quoted in the README).
 */
import { addDays, type CalendarDate, weekday } from '../../shared/time/calendar-date';
import { calendarDateIn, wallTimeAt } from '../../shared/time/time-zone';
import { readLedger } from '../../shared/ledger/read-ledger';
import type { InvoiceSnapshot, LedgerSettings } from '../../shared/api/contract';
import { demoLedgerRows } from '../../addon/local/workbench/demo-ledger';
import { generatedLedgerRows } from '../../addon/local/generated-ledger';
import { LEDGER, rid, startTestApi, type TestApi } from '../support/api';
import { type DispatcherHarness, dispatcherHarness } from '../support/dispatcher';
import { pdfText } from '../support/read-pdf';

jest.setTimeout(600_000);

const TENANT = 'd:acme.example';
const DAYS = 120;
const ZONE = 'America/New_York';
/** The clerk works the list at 10:00 in New York, before that hour's dispatcher run. */
const CLERK_UTC = 15;

interface AuditEvent { seq: number; type: string; at: string; data: Record<string, unknown> }

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** "3 November 2026" as letters write it, back to a calendar day. */
function dayOf(words: string): CalendarDate {
  const [d, m, y] = words.split(' ');
  return `${y}-${String(MONTHS.indexOf(m ?? '') + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}` as CalendarDate;
}

/**
 * `ledgers`: sheets read as the add-on reads them (each its own header), kept together as one
 * ledger. `runsUtc`: the dispatcher's runs each day, in UTC hours (05:00 is night in New York:
 * nothing may go).
 */
async function runScenario(name: string, ledgers: readonly string[][][], start: CalendarDate, runsUtc: readonly number[]) {
  const api: TestApi = await startTestApi(`${start}T13:00:00Z`);
  const figures = { invoices: 0, emails: 0, letters: 0, calls: 0, tasksOpenAtEnd: 0, paid: 0, promises: 0, citationsChecked: 0 };
  let harness: DispatcherHarness | undefined;
  try {
    const settings = (await api.call('GET', `/v1/settings?ledgerId=${LEDGER}`)).json as LedgerSettings;
    const ours: LedgerSettings = { ...settings, timeZone: ZONE };
    expect((await api.call('PUT', '/v1/settings', { body: { requestId: rid(), ledgerId: LEDGER, settings: ours } })).status).toBe(200);
    const invoices = new Map<string, InvoiceSnapshot>();
    for (const rows of ledgers) {
      const read = readLedger(rows, { timeZone: ZONE, currency: 'USD', decimalSeparator: '.' });
      if (!read.ok) throw new Error(read.error);
      for (const i of read.value.invoices) invoices.set(i.invoiceNumber, i);
    }
    figures.invoices = invoices.size;
    const sync = async (list: InvoiceSnapshot[]) => {
      for (let i = 0; i < list.length; i += 100) expect((await api.call('POST', '/v1/invoices/sync', { body: { requestId: rid(), ledgerId: LEDGER, invoices: list.slice(i, i + 100) } })).status).toBe(200);
    };
    await sync([...invoices.values()]);
    harness = dispatcherHarness(api);
    const open = [...invoices.values()].filter((i) => i.balance.minor > 0 && i.status === 'open');
    // Along the way: two customers pay, one promises and pays on time, one promises and does not.
    const payers = [open[1], open[Math.floor(open.length / 2)]].filter((i): i is InvoiceSnapshot => i !== undefined);
    const [keeps, breaks] = [open[2], open[3]];
    const letterTexts: { invoiceNumber: string; text: string }[] = [];

    for (let d = 0; d < DAYS; d += 1) {
      const today = addDays(start, d);
      for (const hour of runsUtc) {
        api.clock.set(Date.parse(`${today}T${String(hour).padStart(2, '0')}:00:00Z`));
        if (hour === CLERK_UTC) await workTheList(api, letterTexts, figures);
        await harness.run();
      }
      if (d === 5 && keeps && breaks) {
        for (const p of [keeps, breaks]) {
          await api.call('POST', '/v1/promises', { body: { requestId: rid(), ledgerId: LEDGER, invoiceNumber: p.invoiceNumber, promisedFor: addDays(today, 7), amount: p.balance } });
          figures.promises += 1;
        }
      }
      const paying = d === 12 && keeps ? [keeps] : d === 20 ? payers : [];
      if (paying.length > 0) {
        const paid = paying.map((p) => ({ ...p, balance: { ...p.balance, minor: 0 }, status: 'paid' as const }));
        for (const p of paid) invoices.set(p.invoiceNumber, p);
        await sync(paid);
        figures.paid += paid.length;
      }
    }

    // What the trail shows, invoice by invoice.
    const main = harness.deps.main;
    const ladder = ours.ladder;
    for (const invoice of invoices.values()) {
      const events = await trail(api, invoice.invoiceNumber);
      const sent = events.filter((e) => e.type === 'email.sent' && e.data.stepId !== 'thank-you' && !e.data.attachment);
      const letters = events.filter((e) => e.type === 'letter.generated' || e.type === 'letter.included');
      figures.emails += sent.length;
      // Every invoice still owed at the end and over 7 days late then was emailed at least once.
      const end = addDays(start, DAYS);
      if (invoice.status === 'open' && invoice.balance.minor > 0 && addDays(invoice.dueDate, 7) < end) {
        expect({ invoice: invoice.invoiceNumber, emailed: sent.length > 0 }).toEqual({ invoice: invoice.invoiceNumber, emailed: true });
      }
      // Email before any letter, for every invoice that got a letter.
      if (letters.length > 0) {
        const firstLetter = Math.min(...letters.map((e) => e.seq));
        expect({ invoice: invoice.invoiceNumber, emailedBeforeLetter: sent.some((e) => e.seq < firstLetter) }).toEqual({ invoice: invoice.invoiceNumber, emailedBeforeLetter: true });
      }
      // Nothing inside a letter's deadline and the ladder's grace.
      for (const letter of letters) {
        const deadline = String(letter.data.deadline);
        const quietUntil = addDays(deadline as CalendarDate, ladder.promiseGraceDays + 1);
        const made = calendarDateIn(Date.parse(letter.at), ZONE);
        for (const later of [...sent, ...letters].filter((e) => e.seq > letter.seq && calendarDateIn(Date.parse(e.at), ZONE) > made)) {
          const on = calendarDateIn(Date.parse(later.at), ZONE);
          expect({ invoice: invoice.invoiceNumber, event: later.type, on, keptDeadline: on >= quietUntil }).toEqual({ invoice: invoice.invoiceNumber, event: later.type, on, keptDeadline: true });
        }
      }
      // Business hours in the debtor's zone, on working days.
      for (const e of sent) {
        const { date, minuteOfDay } = wallTimeAt(Date.parse(e.at), invoice.timeZone ?? ZONE);
        const inHours = minuteOfDay >= ours.businessHours.startMinute && minuteOfDay < ours.businessHours.endMinute && ours.businessHours.days.includes(weekday(date));
        expect({ invoice: invoice.invoiceNumber, at: e.at, inHours }).toEqual({ invoice: invoice.invoiceNumber, at: e.at, inHours: true });
      }
      // No task vanished: every call or letter step is done, dismissed, or still open on the list.
      const record = await main.getInvoice({ tenant: TENANT, ledgerId: LEDGER, invoiceNumber: invoice.invoiceNumber });
      const passedOver = (record?.escalation ?? []).filter((e) => e.type === 'step' && e.outcome === 'skipped' && ladder.steps.some((s) => s.id === e.stepId && (s.action.kind === 'call' || s.action.kind === 'letter')));
      const dismissed = events.filter((e) => e.type === 'task.dismissed').map((e) => e.data.stepId);
      for (const p of passedOver) if (p.type === 'step') expect({ invoice: invoice.invoiceNumber, step: p.stepId, dismissed: dismissed.includes(p.stepId) }).toEqual({ invoice: invoice.invoiceNumber, step: p.stepId, dismissed: true });
    }

    // The cap: per address, never more than the cap's emails in any window (one email listing
    // several invoices is on each of their trails: counted once, by its SES message id).
    const messages = new Map<string, { to: string; at: number }>();
    for (const invoice of invoices.values()) {
      for (const e of (await trail(api, invoice.invoiceNumber)).filter((x) => x.type === 'email.sent' && x.data.stepId !== 'thank-you')) {
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

    // Every earlier contact a letter cites is on the record: read from the PDF's words.
    for (const letter of letterTexts) {
      const events = await trail(api, letter.invoiceNumber);
      const days = new Set(events.map((e) => calendarDateIn(Date.parse(e.at), ZONE)));
      for (const e of events) if (typeof e.data.deadline === 'string') days.add(e.data.deadline as CalendarDate);
      for (const e of events) if (typeof e.data.promisedFor === 'string') days.add(e.data.promisedFor as CalendarDate);
      const opening = letter.text.replace(/\s+/g, ' ');
      const cited = [...opening.matchAll(/(?:our (?:reminders?|telephone calls?|formal demand|past-due notice|letters?) of|by) ((?:\d{1,2}(?:,| and| ) ?)+[A-Z][a-z]+ \d{4})/g)];
      for (const c of cited) {
        const words = c[1] ?? '';
        const [, month, year] = /([A-Z][a-z]+) (\d{4})$/.exec(words) ?? [];
        for (const d of words.match(/\d{1,2}(?= |,)/g) ?? []) {
          const day = dayOf(`${d} ${month ?? ''} ${year ?? ''}`);
          expect({ invoice: letter.invoiceNumber, cited: day, onRecord: days.has(day) }).toEqual({ invoice: letter.invoiceNumber, cited: day, onRecord: true });
          figures.citationsChecked += 1;
        }
      }
    }

    // What is still open for a person at the end.
    const list = (await api.call('GET', `/v1/worklist?ledgerId=${LEDGER}`)).json as { items: { kind: string }[] };
    figures.tasksOpenAtEnd = list.items.filter((i) => i.kind === 'call' || i.kind === 'letter').length;
    console.log(`${name}: ${JSON.stringify({ ...figures, emailsPerInvoice: Number((figures.emails / figures.invoices).toFixed(2)) })}`);
    return figures;
  } finally {
    harness?.close();
    await api.close();
  }
}

/** The clerk's morning: every call logged, every letter made, as "Your turn" lists them. */
async function workTheList(api: TestApi, letters: { invoiceNumber: string; text: string }[], figures: { letters: number; calls: number }) {
  const list = (await api.call('GET', `/v1/worklist?ledgerId=${LEDGER}`)).json as { items: { kind: string; invoiceNumber: string }[] };
  const done = new Set<string>();
  for (const item of list.items) {
    if (item.kind === 'call' || item.kind === 'broken_promise') {
      expect((await api.call('POST', '/v1/contacts', { body: { requestId: rid(), ledgerId: LEDGER, invoiceNumber: item.invoiceNumber, channel: 'call', outcome: 'reached', reached: 'Accounts payable' } })).status).toBe(200);
      figures.calls += 1;
    }
    if (item.kind === 'letter' && !done.has(item.invoiceNumber)) {
      const reminders = (await api.call('GET', `/v1/reminders?ledgerId=${LEDGER}&invoiceNumber=${item.invoiceNumber}`)).json as { next?: { stage?: string }; steps: { state: string; open?: boolean; action: string; stepId: string }[] };
      const stage = reminders.next?.stage ?? 'formal_demand';
      const made = await api.call('POST', '/v1/letters', { body: { requestId: rid(), ledgerId: LEDGER, invoiceNumber: item.invoiceNumber, stage, deadlineDays: 10 } });
      // A final notice with no demand on record needs the team's say-so: a clerk makes the demand first.
      if (made.status === 409) continue;
      expect(made.status).toBe(200);
      const { text } = pdfText(made.json.pdfBase64 as string);
      letters.push({ invoiceNumber: item.invoiceNumber, text });
      for (const n of made.json.invoices as string[]) done.add(n);
      figures.letters += 1;
    }
  }
}

async function trail(api: TestApi, invoiceNumber: string): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  let cursor: string | undefined;
  do {
    const page = (await api.call('GET', `/v1/history?ledgerId=${LEDGER}&invoiceNumber=${encodeURIComponent(invoiceNumber)}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).json as { events: AuditEvent[]; nextCursor?: string };
    events.push(...page.events);
    cursor = page.nextCursor;
  } while (cursor);
  return events.sort((a, b) => a.seq - b.seq);
}

describe('120 days of chasing, as production runs it', () => {
  // The demo ledger and generated invoices of every age (0 to 150 days late) on one stack, so the
  // dispatcher's runs are shared: 12 generated in the suite, to keep it quick; `npm run scenario` runs 200.
  const size = Number(process.env.SCENARIO_INVOICES ?? 12);
  it(`the demo ledger and ${size} generated invoices of every age`, async () => {
    const start = '2026-11-24' as CalendarDate;
    const figures = await runScenario(`demo + ${size} generated`, [demoLedgerRows(start), generatedLedgerRows(size, start)], start, [5, 15]);
    expect(figures.letters).toBeGreaterThan(0);
    expect(figures.citationsChecked).toBeGreaterThan(0);
  });
});
