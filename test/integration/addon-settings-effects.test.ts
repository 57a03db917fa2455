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
import { invoiceActivity } from '../../addon/src/server/invoice-activity';
import { syncLedger } from '../../addon/src/sync/sync-ledger';
import { ledgerEnv } from '../support/addon-env';
import { useBackendThread } from '../support/backend-thread-client';
import { sesMailbox } from '../support/dispatcher';

jest.setTimeout(30_000);

const thread = useBackendThread();

let ledgers = 0;
function settingsEnv() {
  ledgers += 1;
  const { clock } = thread.backend;
  const made = ledgerEnv('ledger-sample.csv', { identityToken: () => thread.token, extraAllowedUrls: [`${thread.backend.url}/`], spreadsheetId: `settings-effect-${ledgers}-${Date.now()}`, now: () => clock.now(), advance: (ms) => clock.advance(ms) });
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
    const saved = run(() => saveTeamSettings(ports, { ...before.data.values, templates: {}, sending: { ...before.data.values.sending, ...change } }));
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
