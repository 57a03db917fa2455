/**
 * The sidebar's server functions against the real API on its own thread: the history and
 * reminders of the selected invoice, logging a contact with a promise or a dispute, and
 * pausing reminders. What the browser sends is checked before anything reaches the backend.
 */
import { writeSettings } from '../../addon/src/settings/addon-settings';
import { createHash } from 'node:crypto';
import {
  actOnReminders,
  holdCustomer,
  invoiceActivity,
  logContact,
  referInvoice,
  resolveDispute,
} from '../../addon/src/server/invoice-activity';
import { EVIDENCE_FOLDER, exportEvidence } from '../../addon/src/server/evidence';
import { teamPeople } from '../../addon/src/server/team';
import { saveTeamSettings, teamSettings } from '../../addon/src/settings/team-settings';
import { emailLetter, generateLetter, LETTERS_FOLDER } from '../../addon/src/server/letters';
import { syncLedger } from '../../addon/src/sync/sync-ledger';
import { cellString } from '../../shared/ledger/ledger-columns';
import { ledgerEnv } from '../support/addon-env';
import { useBackendThread } from '../support/backend-thread-client';

const thread = useBackendThread();

/** The sample's first rows hold every invoice these tests act on; the rest would only make the syncs slower. */
const SIDEBAR_ROWS = 40;

let ledgers = 0;
function sidebarEnv(withBackend = true, timeZone?: string) {
  ledgers += 1;
  const { clock } = thread.backend;
  const made = ledgerEnv(
    'ledger-sample.csv',
    {
      ...(timeZone && { timeZone }),
      identityToken: () => thread.token,
      extraAllowedUrls: [`${thread.backend.url}/`],
      spreadsheetId: `sidebar-test-ledger-${ledgers}-${Date.now()}`,
      now: () => clock.now(),
      advance: (ms) => clock.advance(ms),
    },
    SIDEBAR_ROWS,
  );
  if (withBackend && !writeSettings(made.env.documentProperties, { backendUrl: thread.backend.url }).ok) throw new Error('settings');
  const run = <T>(work: () => T) => made.env.run(work);
  return { ...made, run };
}

let requests = 0;
const rid = () => `sidebar-test-${Date.now()}-${(requests += 1)}`;

describe('the sidebar’s server functions', () => {
  it('shows no People part on a self-hosted backend: it has no teams', () => {
    const env = sidebarEnv();
    expect(env.run(() => teamPeople(env.ports))).toEqual({ ok: true, data: null });
  });

  it('says what to do when no backend is set up, or the invoice was never synced', () => {
    const bare = sidebarEnv(false);
    const none = bare.run(() => invoiceActivity(bare.ports, 'INV-1000'));
    expect(!none.ok && none.error).toMatchObject({ code: 'no-backend', message: expect.stringMatching(/Settings/) as string });
    const fresh = sidebarEnv();
    const unknown = fresh.run(() => invoiceActivity(fresh.ports, 'INV-1000'));
    expect(!unknown.ok && unknown.error).toMatchObject({ code: 'not-synced', message: expect.stringMatching(/Sync now/) as string });
  });

  it('logs a call with a promise once, even when the same submission arrives twice, and the ladder waits', () => {
    const { run, ports } = sidebarEnv();
    expect(run(() => syncLedger(ports, { trigger: 'manual', startedAt: thread.backend.clock.now() })).ok).toBe(true);
    const before = run(() => invoiceActivity(ports, 'INV-1000'));
    expect(before.ok && before.data.events.map((e) => e.type)).toContain('invoice.tracked');
    expect(before.ok && before.data.userTimeZone).toBe('America/New_York');

    const form = {
      requestId: rid(),
      invoiceNumber: 'INV-1000',
      channel: 'call',
      outcome: 'promised_to_pay',
      reached: 'Dana in AP',
      notes: 'Paying <b>Friday</b>',
      promise: { date: '2026-12-04', amount: '$688.07' },
    };
    const saved = run(() => logContact(ports, form));
    expect(saved).toEqual({
      ok: true,
      data: { automation: 'Automated reminders are stopped: a promise to pay is pending until 2026-12-08.' },
    });
    expect(run(() => logContact(ports, form)).ok).toBe(true); // a retry of the same submission

    const after = run(() => invoiceActivity(ports, 'INV-1000'));
    if (!after.ok) throw new Error(after.error.message);
    const types = after.data.events.map((e) => e.type);
    expect(types.filter((t) => t === 'contact.logged')).toHaveLength(1);
    expect(types.filter((t) => t === 'promise.recorded')).toHaveLength(1);
    expect(after.data.events.find((e) => e.type === 'contact.logged')?.data).toMatchObject({
      channel: 'call',
      reached: 'Dana in AP',
      notes: 'Paying <b>Friday</b>',
    });
    expect(after.data.events.find((e) => e.type === 'promise.recorded')?.data).toMatchObject({
      promisedFor: '2026-12-04',
      amount: { minor: 68807, currency: 'USD' },
    });
    expect(after.data.reminders.automation).toEqual({ running: false, reason: 'a promise to pay is pending until 2026-12-08' });
  });

  it('refuses a bad form field by field and writes nothing', () => {
    const { run, ports } = sidebarEnv();
    expect(run(() => syncLedger(ports, { trigger: 'manual', startedAt: thread.backend.clock.now() })).ok).toBe(true);
    const count = () => {
      const view = run(() => invoiceActivity(ports, 'INV-1001'));
      return view.ok ? view.data.events.length : -1;
    };
    const before = count();
    const badAmount = run(() =>
      logContact(ports, {
        requestId: rid(),
        invoiceNumber: 'INV-1001',
        channel: 'call',
        outcome: 'promised_to_pay',
        promise: { date: '2026-12-04', amount: 'soon' },
      }),
    );
    expect(!badAmount.ok && badAmount.error.fields).toEqual({ 'promise.amount': expect.any(String) as string });
    const badFields = run(() =>
      logContact(ports, {
        requestId: 'x',
        invoiceNumber: 'INV-1001',
        channel: 'pigeon',
        outcome: 'reached',
        reached: 'Line\r\nBcc: x@evil.example',
        promise: { date: '2026-02-30' },
      }),
    );
    expect(!badFields.ok && Object.keys(badFields.error.fields ?? {}).sort()).toEqual(['channel', 'promise.date', 'reached', 'requestId']);
    expect(count()).toBe(before);
  });

  it('opens a dispute with the contact and resolves it, and pauses and resumes reminders', () => {
    const { run, ports } = sidebarEnv();
    expect(run(() => syncLedger(ports, { trigger: 'manual', startedAt: thread.backend.clock.now() })).ok).toBe(true);
    const disputed = run(() =>
      logContact(ports, {
        requestId: rid(),
        invoiceNumber: 'INV-1002',
        channel: 'email',
        outcome: 'disputed',
        dispute: { reason: 'Pricing' },
      }),
    );
    expect(disputed.ok && disputed.data.automation).toBe('Automated reminders are stopped: the invoice is disputed (Pricing).');
    // The way back: the sidebar sees the open dispute, resolves it with how it ended, and chasing resumes.
    const open = run(() => invoiceActivity(ports, 'INV-1002'));
    expect(open.ok && open.data.reminders.dispute).toMatchObject({ reason: 'Pricing' });
    const resolved = run(() =>
      resolveDispute(ports, { requestId: rid(), invoiceNumber: 'INV-1002', resolution: 'in_our_favour', notes: 'Price was as quoted' }),
    );
    expect(resolved.ok && resolved.data.automation).toMatch(/^(Next step: |No automated step)/);
    const after = run(() => invoiceActivity(ports, 'INV-1002'));
    expect(after.ok && after.data.reminders.dispute).toBeUndefined();
    expect(after.ok && after.data.events.find((e) => e.type === 'dispute.resolved')?.data).toEqual({
      resolution: 'in_our_favour',
      notes: 'Price was as quoted',
    });
    const again = run(() => resolveDispute(ports, { requestId: rid(), invoiceNumber: 'INV-1002', resolution: 'withdrawn' }));
    expect(!again.ok && again.error.message).toBe('Invoice INV-1002 has no open dispute to resolve.');
    const nonsense = run(() => resolveDispute(ports, { requestId: rid(), invoiceNumber: 'INV-1002', resolution: 'forgotten' }));
    expect(!nonsense.ok && nonsense.error.code).toBe('invalid');

    const paused = run(() => actOnReminders(ports, { requestId: rid(), invoiceNumber: 'INV-1003', action: 'pause', until: '2026-12-15' }));
    expect(paused.ok && paused.data.automation).toEqual({ running: false, reason: 'reminders are paused until 2026-12-15' });
    const resumed = run(() => actOnReminders(ports, { requestId: rid(), invoiceNumber: 'INV-1003', action: 'resume' }));
    expect(resumed.ok && resumed.data.automation.running).toBe(true);
    const bad = run(() => actOnReminders(ports, { requestId: rid(), invoiceNumber: 'INV-1003', action: 'explode' }));
    expect(!bad.ok && bad.error.code).toBe('invalid');
  });

  it('holds the whole customer from one invoice and lifts it; a refused field is named, nothing held', () => {
    const { run, ports } = sidebarEnv();
    expect(run(() => syncLedger(ports, { trigger: 'manual', startedAt: thread.backend.clock.now() })).ok).toBe(true);
    const customer = 'Orchard Valley Farms'; // INV-1004's, in the sample ledger
    const blank = run(() => holdCustomer(ports, { requestId: rid(), customer, action: 'do_not_contact', reason: '  ', caseNumber: '' }));
    expect(!blank.ok && blank.error.fields).toEqual({ reason: expect.stringMatching(/say why/) as string });
    const before = run(() => invoiceActivity(ports, 'INV-1004'));
    expect(before.ok && before.data.reminders.customerHold).toBeUndefined();

    const held = run(() =>
      holdCustomer(ports, { requestId: rid(), customer, action: 'bankruptcy', caseNumber: '26-10001', court: '', filedOn: '2026-11-20' }),
    );
    expect(held.ok && held.data.hold).toMatchObject({ customer, bankruptcy: { caseNumber: '26-10001', filedOn: '2026-11-20' } });
    const after = run(() => invoiceActivity(ports, 'INV-1004'));
    expect(after.ok && after.data.reminders.automation).toEqual({
      running: false,
      reason: `${customer} is in bankruptcy proceedings (case 26-10001)`,
    });
    const lifted = run(() => holdCustomer(ports, { requestId: rid(), customer, action: 'lift_bankruptcy' }));
    expect(lifted.ok && lifted.data.hold).toEqual({ customer });
  });

  it('says in the sync’s outcome which customers a Status cell put on hold, and why nothing more goes to them', () => {
    const made = sidebarEnv();
    const row = made.sheet.rows.findIndex((r) => r[0] === 'INV-1001');
    made.sheet.rows[row]![9] = 'Bankrupt';
    const synced = made.run(() => syncLedger(made.ports, { trigger: 'manual', startedAt: thread.backend.clock.now() }));
    if (!synced.ok) throw new Error(synced.error);
    expect(synced.value.message).toContain(
      "Now held: Summit Events as bankrupt (INV-1001's Status). Nothing more is sent about any of its invoices until lifted in the sidebar.",
    );
    const again = made.run(() => syncLedger(made.ports, { trigger: 'manual', startedAt: thread.backend.clock.now() }));
    expect(again.ok && again.value.message).not.toContain('Now held');
  });

  it('makes a formal demand: the PDF lands in a Drive folder for the customer, its hash matches, the row notes it', () => {
    const { run, ports, env, sheet } = sidebarEnv();
    expect(run(() => syncLedger(ports, { trigger: 'manual', startedAt: thread.backend.clock.now() })).ok).toBe(true);
    const row = sheet.rows.findIndex((r) => r[0] === 'INV-1001') + 1;
    sheet.formats.set(`${row},1`, { note: 'Called twice in October' });
    const made = run(() =>
      generateLetter(ports, { requestId: rid(), invoiceNumber: 'INV-1001', stage: 'formal_demand', deadlineDays: 10 }),
    );
    if (!made.ok) throw new Error(made.error.message);
    const customer = cellString(sheet.rows[row - 1]?.[1]);
    const folder = env.drive.folderOf([LETTERS_FOLDER, customer]);
    expect(folder?.files).toHaveLength(1);
    const file = folder?.files[0];
    expect(made.data.url).toBe(`https://drive.google.com/file/d/${file?.id ?? ''}/view`);
    expect(file?.mimeType).toBe('application/pdf');
    expect(
      createHash('sha256')
        .update(file?.bytes ?? new Uint8Array())
        .digest('hex'),
    ).toBe(made.data.sha256);
    expect(made.data.notedOnRow).toBe(row);
    expect(sheet.formats.get(`${row},1`)?.note).toBe(
      `Called twice in October\n${made.data.fileName}: ${made.data.url} (SHA-256 ${made.data.sha256.slice(0, 16)}…)`,
    );
    expect(made.data.invoices).toContain('INV-1001');

    // A second letter for the same customer goes in the same folder.
    const again = run(() => generateLetter(ports, { requestId: rid(), invoiceNumber: 'INV-1001', stage: 'final_notice' }));
    expect(again.ok).toBe(true);
    expect(env.drive.folderOf([LETTERS_FOLDER, customer])?.files).toHaveLength(2);
    const activity = run(() => invoiceActivity(ports, 'INV-1001'));
    expect(activity.ok && activity.data.events.filter((e) => e.type === 'letter.generated')).toHaveLength(2);
  });

  it('queues a letter made for emailing to the row’s contact, once', () => {
    const { run, ports, sheet } = sidebarEnv();
    expect(run(() => syncLedger(ports, { trigger: 'manual', startedAt: thread.backend.clock.now() })).ok).toBe(true);
    const made = run(() => generateLetter(ports, { requestId: rid(), invoiceNumber: 'INV-1001', stage: 'formal_demand' }));
    if (!made.ok) throw new Error(made.error.message);
    const contact = cellString(sheet.rows.find((r) => r[0] === 'INV-1001')?.[2]);
    expect(made.data.contactEmail).toBe(contact);
    const queued = run(() => emailLetter(ports, { requestId: rid(), invoiceNumber: 'INV-1001', sha256: made.data.sha256 }));
    expect(queued.ok && queued.data).toMatchObject({ to: contact, fileName: made.data.fileName });
    const twice = run(() => emailLetter(ports, { requestId: rid(), invoiceNumber: 'INV-1001', sha256: made.data.sha256 }));
    expect(!twice.ok && twice.error.message).toMatch(/already queued/);
    const malformed = run(() => emailLetter(ports, { requestId: rid(), invoiceNumber: 'INV-1001', sha256: 'abc' }));
    expect(!malformed.ok && malformed.error.fields).toEqual({ sha256: 'is not a SHA-256 in hex' });
  });

  it('passes on the backend’s refusal of a referral before any final notice, and names a blank agency', () => {
    const { run, ports } = sidebarEnv();
    expect(run(() => syncLedger(ports, { trigger: 'manual', startedAt: thread.backend.clock.now() })).ok).toBe(true);
    const early = run(() => referInvoice(ports, { requestId: rid(), invoiceNumber: 'INV-1001', agency: 'Northside Recoveries' }));
    expect(!early.ok && early.error.message).toMatch(/^Not referred: no final notice before referral/);
    const blank = run(() => referInvoice(ports, { requestId: rid(), invoiceNumber: 'INV-1001', agency: '' }));
    expect(!blank.ok && blank.error.fields).toEqual({ agency: 'is empty' });
  });

  it('saves the evidence pack’s PDF and CSV side by side in a Drive folder for the customer', () => {
    const { run, ports, env, sheet } = sidebarEnv();
    expect(run(() => syncLedger(ports, { trigger: 'manual', startedAt: thread.backend.clock.now() })).ok).toBe(true);
    const saved = run(() => exportEvidence(ports, { invoiceNumber: 'INV-1001', scope: 'customer' }));
    if (!saved.ok) throw new Error(saved.error.message);
    expect(saved.data).toMatchObject({ intact: true, verdict: expect.stringMatching(/^Audit chain intact/) as string });
    const customer = cellString(sheet.rows.find((r) => r[0] === 'INV-1001')?.[1]);
    const files = env.drive.folderOf([EVIDENCE_FOLDER, customer])?.files ?? [];
    expect(files.map((f) => f.mimeType).sort()).toEqual(['application/pdf', 'text/csv']);
    expect(files.map((f) => f.name).sort()).toEqual([`${saved.data.fileStem}.csv`, `${saved.data.fileStem}.pdf`]);
    const csv = Buffer.from(files.find((f) => f.mimeType === 'text/csv')?.bytes ?? new Uint8Array()).toString('utf8');
    expect(csv.split('\r\n').filter((line) => line.startsWith('event,')).length).toBe(saved.data.eventsChecked);
    expect(
      Buffer.from(files.find((f) => f.mimeType === 'application/pdf')?.bytes ?? new Uint8Array())
        .subarray(0, 5)
        .toString('latin1'),
    ).toBe('%PDF-');
    const bare = sidebarEnv(false);
    const none = bare.run(() => exportEvidence(bare.ports, { invoiceNumber: 'INV-1001', scope: 'invoice' }));
    expect(!none.ok && none.error.code).toBe('no-backend');
  });

  it('reads and saves the team’s settings in the backend; the sidebar then offers the team’s dispute reasons and letters use its wording', () => {
    const { run, ports } = sidebarEnv();
    expect(run(() => syncLedger(ports, { trigger: 'manual', startedAt: thread.backend.clock.now() })).ok).toBe(true);
    const before = run(() => teamSettings(ports));
    if (!before.ok) throw new Error(before.error.message);
    const form = {
      ...before.data.values,
      ledgerName: 'Acme Supplies <Ltd>',
      disputeReasons: ['Wrong quantity', '  ', 'Never ordered'],
      letterTemplates: { formal_demand: { opening: 'We wrote to {{customer}} before; {{total_due}} is still owed.', closing: '' } },
    };
    const saved = run(() => saveTeamSettings(ports, form));
    if (!saved.ok) throw new Error(saved.error.message);
    expect(saved.data.values).toMatchObject({
      ledgerName: 'Acme Supplies <Ltd>',
      disputeReasons: ['Wrong quantity', 'Never ordered'],
      letterTemplates: { formal_demand: { opening: 'We wrote to {{customer}} before; {{total_due}} is still owed.' } },
    });
    const activity = run(() => invoiceActivity(ports, 'INV-1001'));
    expect(activity.ok && activity.data.disputeReasons).toEqual(['Wrong quantity', 'Never ordered']);
    const letter = run(() => generateLetter(ports, { requestId: rid(), invoiceNumber: 'INV-1001', stage: 'formal_demand' }));
    expect(letter.ok).toBe(true);
    const events = run(() => invoiceActivity(ports, 'INV-1001'));
    const made = events.ok ? events.data.events.find((e) => e.type === 'letter.generated') : undefined;
    expect(String(made?.data.templateVersion)).toMatch(/\+team-[0-9a-f]{8}$/);

    // A bad address and an unknown placeholder are named, and nothing is written.
    const bad = run(() =>
      saveTeamSettings(ports, { ...form, replyTo: 'not an address', letterTemplates: { final_notice: { opening: 'Hi {{first_name}}' } } }),
    );
    expect(!bad.ok && bad.error.fields).toEqual({
      replyTo: 'is not an email address',
      'letterTemplates.final_notice.opening': expect.stringMatching(/^uses \{\{first_name\}\}/) as string,
    });
    const after = run(() => teamSettings(ports));
    expect(after.ok && after.data.values.replyTo).toBe(before.data.values.replyTo);
  });

  it('takes the ledger’s zone from the spreadsheet on the first sync; Settings > Sending changes the policy, each bad value named and nothing saved', () => {
    const made = sidebarEnv(false, 'Asia/Tokyo');
    const { clock } = thread.backend;
    if (!writeSettings(made.env.documentProperties, { backendUrl: thread.backend.url, currency: 'JPY' }).ok) throw new Error('settings');
    const { run, ports } = made;
    // Before the first sync the form shows what the backend would keep: the spreadsheet's zone.
    const first = run(() => teamSettings(ports));
    expect(first.ok && first.data.values.sending.timeZone).toBe('Asia/Tokyo');
    expect(run(() => syncLedger(ports, { trigger: 'manual', startedAt: clock.now() })).ok).toBe(true);
    const before = run(() => teamSettings(ports));
    if (!before.ok) throw new Error(before.error.message);
    expect(before.data).toMatchObject({
      currency: 'JPY',
      spreadsheetTimeZone: 'Asia/Tokyo',
      values: {
        sending: {
          timeZone: 'Asia/Tokyo',
          days: [1, 2, 3, 4, 5],
          startTime: '09:00',
          endTime: '17:00',
          holidays: [],
          capEmails: 2,
          capDays: 7,
          reviewBeforeSend: false,
          dryRun: false,
          thankYouOnPayment: false,
          dailyDigestTo: '',
        },
      },
    });
    // A customer row without a zone is planned on Tokyo hours, not UTC ones.
    const activity = run(() => invoiceActivity(ports, 'INV-1019'));
    if (!activity.ok) throw new Error(activity.error.message);
    expect(activity.data.reminders.debtorTimeZone).toBe('Asia/Tokyo');
    const scheduled = activity.data.reminders.steps.flatMap((step) => (step.sendAt ? [step.sendAt] : []));
    expect(scheduled.length).toBeGreaterThan(0);
    for (const sendAt of scheduled) {
      const hour = Number(new Date(sendAt).toLocaleString('en-GB', { timeZone: 'Asia/Tokyo', hour: '2-digit', hourCycle: 'h23' }));
      expect(hour).toBeGreaterThanOrEqual(9);
      expect(hour).toBeLessThan(17);
    }

    const form = before.data.values;
    const bad = run(() =>
      saveTeamSettings(ports, {
        ...form,
        sending: {
          ...form.sending,
          timeZone: 'Mars/Olympus',
          days: [],
          startTime: '25:00',
          endTime: '9',
          holidays: ['2026-12-25', '2026-02-30'],
          capEmails: 0,
          capDays: Number.NaN,
          dailyDigestTo: 'digest at acme',
        },
      }),
    );
    expect(!bad.ok && bad.error.fields).toEqual({
      startTime: 'is not a time such as 09:00',
      endTime: 'is not a time such as 17:00',
      capDays: 'must be a number',
      timeZone: expect.stringMatching(/IANA time zone/) as string,
      days: expect.stringMatching(/./) as string,
      holidays: expect.stringMatching(/^"2026-02-30" /) as string,
      capEmails: expect.stringMatching(/1/) as string,
      dailyDigestTo: 'is not an email address',
    });
    const still = run(() => teamSettings(ports));
    expect(still.ok && still.data.values.sending).toEqual(form.sending);

    const policy = {
      timeZone: 'America/Chicago',
      days: [1, 2, 3, 4],
      startTime: '08:30',
      endTime: '16:00',
      holidays: ['2026-12-25', ' ', '2026-12-24'],
      capEmails: 1,
      capDays: 14,
      reviewBeforeSend: true,
      dryRun: false,
      thankYouOnPayment: true,
      dailyDigestTo: 'ar-lead@acme.example',
    };
    const saved = run(() => saveTeamSettings(ports, { ...form, sending: policy }));
    if (!saved.ok) throw new Error(saved.error.message);
    expect(saved.data.values.sending).toEqual({ ...policy, holidays: ['2026-12-24', '2026-12-25'] });
    // A later sync keeps the team's zone: the spreadsheet's is only where it started.
    made.sheet.rows[1]![6] = 999;
    expect(run(() => syncLedger(ports, { trigger: 'manual', startedAt: clock.now() })).ok).toBe(true);
    const after = run(() => teamSettings(ports));
    expect(after.ok && after.data.values.sending.timeZone).toBe('America/Chicago');
  });

  it('Settings > Fees: the form’s rates and amounts become the ledger’s fee policy, letters add them, and text that is not a rate is named', () => {
    const { run, ports } = sidebarEnv();
    expect(run(() => syncLedger(ports, { trigger: 'manual', startedAt: thread.backend.clock.now() })).ok).toBe(true);
    const before = run(() => teamSettings(ports));
    if (!before.ok) throw new Error(before.error.message);
    expect(before.data.values.fees).toEqual({ kind: 'none', ratePercent: '', flatFee: '', referencePercent: '' });
    const form = before.data.values;
    const bad = run(() =>
      saveTeamSettings(ports, { ...form, fees: { kind: 'contract', ratePercent: 'eight', flatFee: '40.005', referencePercent: '' } }),
    );
    expect(!bad.ok && bad.error.fields).toEqual({
      feeRate: 'is not a yearly rate such as 8 or 4.25',
      feeFlat: 'is not an amount in USD such as 40.00',
    });
    const tooHigh = run(() =>
      saveTeamSettings(ports, { ...form, fees: { kind: 'uk-late-payment', ratePercent: '', flatFee: '', referencePercent: '150' } }),
    );
    expect(!tooHigh.ok && Object.keys(tooHigh.error.fields ?? {})).toEqual(['feeReference']);
    const still = run(() => teamSettings(ports));
    expect(still.ok && still.data.values.fees.kind).toBe('none');

    const saved = run(() =>
      saveTeamSettings(ports, { ...form, fees: { kind: 'contract', ratePercent: '8', flatFee: '40', referencePercent: '' } }),
    );
    if (!saved.ok) throw new Error(saved.error.message);
    expect(saved.data.values.fees).toEqual({ kind: 'contract', ratePercent: '8', flatFee: '40.00', referencePercent: '' });
    const letter = run(() => generateLetter(ports, { requestId: rid(), invoiceNumber: 'INV-1001', stage: 'formal_demand' }));
    expect(letter.ok).toBe(true);
    const events = run(() => invoiceActivity(ports, 'INV-1001'));
    const made = events.ok ? events.data.events.find((e) => e.type === 'letter.generated') : undefined;
    expect(made?.data.inputs).toMatchObject({ fees: { kind: 'contract', annualRateBp: 800, flatFeeMinor: 4000 } });
    // The balance of INV-1001 is 104.43; months late at 8% plus the 40.00 fee make more than 144.43.
    expect((made?.data.totalDue as { minor: number } | undefined)?.minor).toBeGreaterThan(104_43 + 40_00);
  });

  it('Settings > Emails: lists the ladder’s email steps, saves only the templates edited, and names an unknown placeholder', () => {
    // No sync needed: the dialog reads and saves the ledger's settings (the defaults until then).
    const { run, ports } = sidebarEnv();
    const before = run(() => teamSettings(ports));
    if (!before.ok) throw new Error(before.error.message);
    expect(before.data.emailSteps.map((s) => s.templateId)).toEqual([
      'courtesy-before-due',
      'due-today',
      'overdue',
      'second-notice',
      'thank-you',
    ]);
    const form = { ...before.data.values, templates: {} };
    const bad = run(() =>
      saveTeamSettings(ports, { ...form, templates: { overdue: { subject: 'Hi {{first_name}}', body: 'Pay {{balance}}' } } }),
    );
    expect(!bad.ok && bad.error.fields).toEqual({
      'templates.overdue.subject': expect.stringMatching(/^uses \{\{first_name\}\}/) as string,
    });
    const saved = run(() =>
      saveTeamSettings(ports, {
        ...form,
        templates: { overdue: { subject: 'Still open: {{invoice_number}}', body: 'Hello {{contact_name}}, {{balance}} is open.' } },
      }),
    );
    if (!saved.ok) throw new Error(saved.error.message);
    expect(saved.data.values.templates.overdue).toEqual({
      subject: 'Still open: {{invoice_number}}',
      body: 'Hello {{contact_name}}, {{balance}} is open.',
    });
    expect(saved.data.values.templates['second-notice']).toEqual(before.data.values.templates['second-notice']);
  });

  it('refuses a letter form that offers both a settlement and a plan, naming the field', () => {
    const { run, ports } = sidebarEnv();
    const both = run(() =>
      generateLetter(ports, {
        requestId: rid(),
        invoiceNumber: 'INV-1001',
        stage: 'formal_demand',
        settlement: { percentOff: 10, payBy: '2026-12-10' },
        paymentPlan: { instalments: 3, everyDays: 30 },
      }),
    );
    expect(!both.ok && both.error.fields).toEqual({ paymentPlan: 'offer a settlement or a payment plan, not both' });
  });
});
