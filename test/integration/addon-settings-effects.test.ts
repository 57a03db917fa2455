/**
 * What Settings saves is what the dispatcher does. Each row changes one setting through the
 * Settings dialog's own server function (as the form sends it), syncs one invoice due today
 * (10:00 in New York, the ledger's zone, taken from the spreadsheet) and runs the dispatcher
 * once against the same backend. The first row is the control: without it the others could
 * pass by sending nothing at all.
 */
import { randomUUID } from 'node:crypto';
import { writeSettings } from '../../addon/src/settings/addon-settings';
import { saveTeamSettings, teamSettings } from '../../addon/src/settings/team-settings';
import { actOnReminders, invoiceActivity } from '../../addon/src/server/invoice-activity';
import { syncLedger } from '../../addon/src/sync/sync-ledger';
import { ledgerEnv } from '../support/addon-env';
import { useBackendThread } from '../support/backend-thread-client';
import { sesMailbox } from '../support/dispatcher';

const thread = useBackendThread();

let ledgers = 0;
function settingsEnv() {
  ledgers += 1;
  const { clock } = thread.backend;
  const made = ledgerEnv('ledger-sample.csv', {
    identityToken: () => thread.token,
    extraAllowedUrls: [`${thread.backend.url}/`],
    spreadsheetId: `settings-effect-${ledgers}-${Date.now()}`,
    now: () => clock.now(),
    advance: (ms) => clock.advance(ms),
  });
  if (!writeSettings(made.env.documentProperties, { backendUrl: thread.backend.url }).ok) throw new Error('settings');
  const run = <T>(work: () => T) => made.env.run(work);
  return { ...made, run };
}

describe('Settings > Sending, obeyed by the dispatcher', () => {
  it.each([
    ['nothing changed: the due-date reminder goes', {}, 'SENT', undefined, 1],
    ['dry run: rendered and recorded, nothing sent', { dryRun: true }, 'SKIPPED', /dry run/, 0],
    ['review before sending: held for a person', { reviewBeforeSend: true }, 'AWAITING_APPROVAL', undefined, 0],
    // 09:00 on Wednesday 25 November in New York.
    ['today a holiday: planned for the next working day', { holidays: ['2026-11-24'] }, 'PENDING', '2026-11-25T14:00:00.000Z', 0],
    ['working days Wednesday to Friday: planned for Wednesday', { days: [3, 4, 5] }, 'PENDING', '2026-11-25T14:00:00.000Z', 0],
    ['emails from 11:00: planned for 11:00 today', { startTime: '11:00' }, 'PENDING', '2026-11-24T16:00:00.000Z', 0],
  ] as const)('%s', async (_name, change, state, detail, emails) => {
    const made = settingsEnv();
    const { run, ports } = made;
    const row = made.sheet.rows.findIndex((r) => r[0] === 'INV-1019');
    const to = `orchard-${randomUUID().slice(0, 8)}@valley.example`;
    made.sheet.rows[row]![2] = to;
    const before = run(() => teamSettings(ports));
    if (!before.ok) throw new Error(before.error.message);
    const saved = run(() =>
      saveTeamSettings(ports, { ...before.data.values, templates: {}, sending: { ...before.data.values.sending, ...change } }),
    );
    if (!saved.ok) throw new Error(saved.error.message);
    expect(run(() => syncLedger(ports, { trigger: 'edit', rows: [row + 1], startedAt: thread.backend.clock.now() })).ok).toBe(true);
    await thread.backend.dispatch();
    const activity = run(() => invoiceActivity(ports, 'INV-1019'));
    if (!activity.ok) throw new Error(activity.error.message);
    const due = activity.data.reminders.steps.find((s) => s.stepId === 'due');
    expect(due?.state).toBe(state);
    if (detail instanceof RegExp) expect(due?.reason).toMatch(detail);
    if (typeof detail === 'string') expect(due?.sendAt).toBe(detail);
    expect(await sesMailbox((address) => address === to)).toHaveLength(emails);
  });
});

describe('Review before sending, and the way back from it', () => {
  /** Three invoices due today, each to its own address, held for review after one dispatcher run. */
  async function heldLedger() {
    const made = settingsEnv();
    const { run, ports } = made;
    const numbers = ['INV-1019', 'INV-1001', 'INV-1002'];
    const rows = numbers.map((n) => made.sheet.rows.findIndex((r) => r[0] === n));
    const to = rows.map(() => `held-${randomUUID().slice(0, 8)}@valley.example`);
    rows.forEach((row, i) => {
      made.sheet.rows[row]![2] = to[i]!;
      made.sheet.rows[row]![4] = made.sheet.rows[rows[0]!]![4]!; // all due today
    });
    const before = run(() => teamSettings(ports));
    if (!before.ok) throw new Error(before.error.message);
    const form = { ...before.data.values, templates: {} };
    expect(run(() => saveTeamSettings(ports, { ...form, sending: { ...form.sending, reviewBeforeSend: true } })).ok).toBe(true);
    expect(run(() => syncLedger(ports, { trigger: 'edit', rows: rows.map((r) => r + 1), startedAt: thread.backend.clock.now() })).ok).toBe(
      true,
    );
    await thread.backend.dispatch();
    const due = (n: string) => {
      const activity = run(() => invoiceActivity(ports, n));
      if (!activity.ok) throw new Error(activity.error.message);
      return activity.data.reminders.steps.find((s) => s.stepId === 'due');
    };
    expect(numbers.map((n) => due(n)?.state)).toEqual(['AWAITING_APPROVAL', 'AWAITING_APPROVAL', 'AWAITING_APPROVAL']);
    expect(await sesMailbox((a) => to.includes(a))).toHaveLength(0);
    const reviewOff = (heldSteps?: 'send' | 'cancel') =>
      run(() =>
        saveTeamSettings(ports, { ...form, sending: { ...form.sending, reviewBeforeSend: false }, ...(heldSteps && { heldSteps }) }),
      );
    return { run, ports, to, due, reviewOff };
  }

  it('a held step is approved and goes, one is rejected and never goes; switching review off asks first, then sends what it held', async () => {
    const { run, ports, to, due, reviewOff } = await heldLedger();
    expect(
      run(() =>
        actOnReminders(ports, { requestId: `approve-${randomUUID()}`, invoiceNumber: 'INV-1019', action: 'approve', reminderId: 'due' }),
      ).ok,
    ).toBe(true);
    const rejected = run(() =>
      actOnReminders(ports, {
        requestId: `reject-${randomUUID()}`,
        invoiceNumber: 'INV-1002',
        action: 'reject',
        reminderId: 'due',
        note: 'customer paid by phone',
      }),
    );
    expect(rejected.ok).toBe(true);
    await thread.backend.dispatch();
    expect([due('INV-1019')?.state, due('INV-1001')?.state, due('INV-1002')?.state]).toEqual(['SENT', 'AWAITING_APPROVAL', 'CANCELLED']);
    expect(due('INV-1002')?.reason).toMatch(/^rejected in review by .+: customer paid by phone$/);
    // A rejected step is decided: it cannot be approved after all.
    const late = run(() =>
      actOnReminders(ports, { requestId: `approve-${randomUUID()}`, invoiceNumber: 'INV-1002', action: 'approve', reminderId: 'due' }),
    );
    expect(late.ok).toBe(false);

    // Review switched off without saying what becomes of the held steps (INV-1001's, and the
    // next steps planned, held, after INV-1019's was sent and INV-1002's rejected): asked, nothing saved.
    const asked = reviewOff();
    expect(asked.ok).toBe(false);
    if (asked.ok) return;
    expect(asked.error.fields).toEqual({ heldSteps: '3 emails are held for review: choose whether they are sent or cancelled' });
    const still = run(() => teamSettings(ports));
    expect(still.ok && still.data.values.sending.reviewBeforeSend).toBe(true);

    expect(reviewOff('send').ok).toBe(true);
    await thread.backend.dispatch();
    expect(due('INV-1001')?.state).toBe('SENT');
    const mail = await sesMailbox((a) => to.includes(a));
    expect(mail.map((m) => m.destination.to.join()).sort()).toEqual([to[0], to[1]].sort());
    const trail = run(() => invoiceActivity(ports, 'INV-1001'));
    expect(trail.ok && trail.data.events.some((e) => e.type === 'reminder.approved' && e.data.reviewSwitchedOff === true)).toBe(true);
  });

  it('switching review off with "cancel" cancels every held step: nothing is sent, and each invoice moves on', async () => {
    const { to, due, reviewOff } = await heldLedger();
    expect(reviewOff('cancel').ok).toBe(true);
    await thread.backend.dispatch();
    await thread.backend.dispatch();
    for (const n of ['INV-1019', 'INV-1001', 'INV-1002'])
      expect(due(n)).toMatchObject({
        state: 'CANCELLED',
        reason: expect.stringMatching(/review was switched off by .+, who chose to cancel the held emails/),
      });
    expect(await sesMailbox((a) => to.includes(a))).toHaveLength(0);
  });
});

describe('Settings > Schedule, obeyed by the planner and the dispatcher', () => {
  it('a step added and one moved reach the invoice already on the ladder; rules the ladder keeps are named on their row and nothing is saved', async () => {
    const made = settingsEnv();
    const { run, ports } = made;
    const row = made.sheet.rows.findIndex((r) => r[0] === 'INV-1019');
    const to = `orchard-${randomUUID().slice(0, 8)}@valley.example`;
    made.sheet.rows[row]![2] = to;
    const steps = () => {
      const activity = run(() => invoiceActivity(ports, 'INV-1019'));
      if (!activity.ok) throw new Error(activity.error.message);
      return activity.data.reminders.steps;
    };
    // Due today: the due-date reminder goes, and the +15 reminder waits for 9 December.
    expect(run(() => syncLedger(ports, { trigger: 'edit', rows: [row + 1], startedAt: thread.backend.clock.now() })).ok).toBe(true);
    await thread.backend.dispatch();
    expect(steps().find((s) => s.stepId === 'overdue-15')).toMatchObject({ state: 'PENDING', sendAt: '2026-12-09T14:00:00.000Z' });

    const before = run(() => teamSettings(ports));
    if (!before.ok) throw new Error(before.error.message);
    const form = { ...before.data.values, templates: {} };
    const ladder = form.schedule.steps;
    const at = (id: string) => ladder.findIndex((s) => s.id === id);

    // Refused, each on its row: a referral before any final notice, a day that is not a number, steps out of order.
    const referralFirst = [ladder[at('referral-75')]!, ...ladder.filter((s) => s.id !== 'referral-75')];
    const bad = run(() => saveTeamSettings(ports, { ...form, schedule: { ...form.schedule, steps: referralFirst } }));
    expect(!bad.ok && bad.error.fields).toMatchObject({ 'schedule.steps.0.does': 'a referral must come after a final notice letter' });
    const blank = run(() =>
      saveTeamSettings(ports, {
        ...form,
        schedule: {
          ...form.schedule,
          steps: ladder.map((s, i) => (i === 3 ? { ...s, days: Number.NaN } : s)),
          repeat: true,
          repeatEveryDays: 3,
          finalNoticeDays: 0,
          promiseGraceDays: 45,
        },
      }),
    );
    expect(!blank.ok && blank.error.fields).toEqual({
      'schedule.steps.3.days': 'must be a whole number of days, 0 or more',
      'schedule.repeatEveryDays': 'must be 7 days or more: never harass',
      'schedule.finalNoticeDays': 'must be 1 day or more',
      'schedule.promiseGraceDays': 'must be 30 days or fewer',
    });
    const tooMany = run(() =>
      saveTeamSettings(ports, {
        ...form,
        schedule: {
          ...form.schedule,
          steps: [
            ...ladder,
            ...Array.from({ length: 13 }, (_, i) => ({
              id: '',
              when: 'after' as const,
              days: 100 + i,
              does: 'call' as const,
              templateId: '',
              label: '',
            })),
          ],
        },
      }),
    );
    expect(!tooMany.ok && tooMany.error.fields).toEqual({ 'schedule.steps': 'must hold at most 20 steps' });
    const unordered = run(() =>
      saveTeamSettings(ports, {
        ...form,
        schedule: { ...form.schedule, steps: ladder.map((s) => (s.id === 'overdue-30' ? { ...s, days: 10 } : s)) },
      }),
    );
    expect(!unordered.ok && unordered.error.fields).toEqual({ 'schedule.steps.3.days': 'steps must be in order of their day' });
    const still = run(() => teamSettings(ports));
    expect(still.ok && still.data.values.schedule).toEqual(form.schedule);

    // A nudge on day 5 with an email of its own, and the +15 reminder moved to day 20.
    const nudge = { id: '', when: 'after', days: 5, does: 'email', templateId: '', label: 'Friendly nudge' } as const;
    const edited = [...ladder.slice(0, 2), nudge, ...ladder.slice(2).map((s) => (s.id === 'overdue-15' ? { ...s, days: 20 } : s))];
    const saved = run(() => saveTeamSettings(ports, { ...form, schedule: { ...form.schedule, steps: edited } }));
    if (!saved.ok) throw new Error(JSON.stringify(saved.error));
    expect(saved.data.values.schedule.steps[2]).toMatchObject({ id: 'email-5', templateId: 'email-5', label: 'Friendly nudge' });
    expect(saved.data.emailSteps.map((e) => e.label)).toContain('Friendly nudge');

    // The next dispatcher run re-plans the ledger: the nudge waits for Monday 30 November (the 29th is a Sunday).
    await thread.backend.dispatch();
    expect(steps().find((s) => s.stepId === 'email-5')).toMatchObject({ state: 'PENDING', sendAt: '2026-11-30T14:00:00.000Z' });
    expect(steps().find((s) => s.stepId === 'overdue-15')).toMatchObject({ state: 'PLANNED', on: '2026-12-14' });

    // Moved to day 8 before it went: the waiting email moves with it.
    const later = run(() =>
      saveTeamSettings(ports, {
        ...form,
        schedule: {
          ...saved.data.values.schedule,
          steps: saved.data.values.schedule.steps.map((s) => (s.id === 'email-5' ? { ...s, days: 8 } : s)),
        },
      }),
    );
    if (!later.ok) throw new Error(JSON.stringify(later.error));
    await thread.backend.dispatch();
    expect(steps().find((s) => s.stepId === 'email-5')).toMatchObject({ state: 'PENDING', sendAt: '2026-12-02T14:00:00.000Z' });

    // Nothing on the 30th; on 2 December the nudge arrives, in the standard overdue wording it was given.
    thread.backend.clock.advance(Date.parse('2026-11-30T15:00:00Z') - thread.backend.clock.now());
    await thread.backend.dispatch();
    expect(await sesMailbox((address) => address === to)).toHaveLength(1);
    thread.backend.clock.advance(Date.parse('2026-12-02T15:00:00Z') - thread.backend.clock.now());
    await thread.backend.dispatch();
    const mail = await sesMailbox((address) => address === to);
    expect(mail).toHaveLength(2);
    expect(JSON.stringify(mail[1])).toContain('Invoice INV-1019 is 8 days overdue');
  });
});

describe('Settings > Team: the pay-online link, from the form to the email', () => {
  it('a bad link is named and nothing is saved; a good one reaches the sidebar and the email; emptied, it is gone', async () => {
    // The tests before this one moved the shared clock days ahead: a token from the file's start has expired.
    thread.token = await thread.backend.token('alice');
    const made = settingsEnv();
    const { run, ports } = made;
    const row = made.sheet.rows.findIndex((r) => r[0] === 'INV-1019');
    const to = `payer-${randomUUID().slice(0, 8)}@valley.example`;
    made.sheet.rows[row]![2] = to;
    const before = run(() => teamSettings(ports));
    if (!before.ok) throw new Error(before.error.message);
    const form = { ...before.data.values, templates: {} };
    expect(form.paymentLink).toBe('');

    const refused = run(() => saveTeamSettings(ports, { ...form, paymentLink: 'http://pay.valley.example/?i={{invoice_number}}' }));
    expect(refused).toMatchObject({ ok: false, error: { fields: { paymentLink: expect.stringMatching(/must start with https:\/\//) } } });
    const unknown = run(() => saveTeamSettings(ports, { ...form, paymentLink: 'https://pay.valley.example/?i={{invoice}}' }));
    expect(unknown).toMatchObject({ ok: false, error: { fields: { paymentLink: expect.stringMatching(/\{\{invoice\}\}/) } } });
    const still = run(() => teamSettings(ports));
    expect(still.ok && still.data.values.paymentLink).toBe('');

    const template = ' https://pay.valley.example/pay?invoice={{invoice_number}}&amount={{amount}} ';
    const saved = run(() => saveTeamSettings(ports, { ...form, paymentLink: template }));
    expect(saved.ok && saved.data.values.paymentLink).toBe(template.trim());
    expect(run(() => syncLedger(ports, { trigger: 'edit', rows: [row + 1], startedAt: thread.backend.clock.now() })).ok).toBe(true);
    const activity = run(() => invoiceActivity(ports, 'INV-1019'));
    if (!activity.ok) throw new Error(activity.error.message);
    const link = activity.data.reminders.paymentLink;
    expect(link).toMatch(/^https:\/\/pay\.valley\.example\/pay\?invoice=INV-1019&amount=\d+\.\d\d$/);
    await thread.backend.dispatch();
    const [email] = await sesMailbox((address) => address === to);
    expect(email?.body.text).toContain(`Pay online: ${link}`);

    const emptied = run(() => saveTeamSettings(ports, { ...form, paymentLink: '  ' }));
    expect(emptied.ok && emptied.data.values.paymentLink).toBe('');
    const after = run(() => invoiceActivity(ports, 'INV-1019'));
    expect(after.ok && after.data.reminders.paymentLink).toBeUndefined();
  });
});
