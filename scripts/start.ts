/**
 * npm start: runs Dunning Desk locally on embedded defaults and prints where each part is.
 * Ports: API_PORT (8787), DYNAMODB_PORT (8000), ISSUER_PORT (8788), SES_PORT (8005),
 * WORKBENCH_PORT (8790), 0 for any free one; DISPATCH_EVERY_MS (60000).
 * Flags: --csv path/to/ledger.csv (your ledger instead of the demo), --now 2026-11-24T15:00:00Z
 * (start the clock there), --zone Asia/Tokyo (the spreadsheet's time zone; America/New_York by
 * default), --data DIR (where the backend's data and the clock are kept between
 * runs; .dunning-desk by default), --fresh (nothing kept: DynamoDB in memory), --hosted (the
 * hosted service: your team signs up from the sidebar first). Ctrl-C stops
 * everything and saves the clock.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as z from 'zod';
import { startWorkbench } from '../addon/local/workbench/start-workbench';
import { LOCAL_USER, startLocalStack } from '../lambdas/local/local-stack';
import { SharedClock } from '../lambdas/local/shared-clock';
import { parseCsv } from '../shared/ledger/parse-csv';
import { CalendarDate } from '../shared/time/calendar-date';
import { calendarDateIn, isValidTimeZone } from '../shared/time/time-zone';

const { values: flags } = parseArgs({
  options: {
    csv: { type: 'string' },
    now: { type: 'string' },
    data: { type: 'string' },
    fresh: { type: 'boolean' },
    zone: { type: 'string' },
    hosted: { type: 'boolean' },
  },
});
if (flags.zone !== undefined && !isValidTimeZone(flags.zone))
  throw new Error(`--zone: "${flags.zone}" is not an IANA time zone such as America/New_York`);
const spreadsheetZone = flags.zone ?? 'America/New_York';

// Kept between runs: DynamoDB's data, where the clock was, and the day the demo was written
// around, so a restart sees the same invoices at the time it left them.
const dataDir = flags.fresh ? undefined : resolve(flags.data ?? '.dunning-desk');
const stateFile = dataDir && join(dataDir, 'workbench.json');
const SavedState = z.object({ clockMs: z.number(), demoToday: CalendarDate });
let saved: z.infer<typeof SavedState> | undefined;
if (dataDir && stateFile) {
  mkdirSync(join(dataDir, 'dynamodb'), { recursive: true });
  if (existsSync(stateFile)) {
    const parsed = SavedState.safeParse(JSON.parse(readFileSync(stateFile, 'utf8')));
    if (!parsed.success)
      throw new Error(`${stateFile} is not what npm start saved (${z.prettifyError(parsed.error)}); delete it or run with --fresh`);
    saved = parsed.data;
  }
}
const startAt = flags.now ?? (saved ? new Date(saved.clockMs).toISOString() : new Date().toISOString());
if (Number.isNaN(Date.parse(startAt))) throw new Error(`--now: "${startAt}" is not an ISO date-time such as 2026-11-24T15:00:00Z`);
if (flags.csv !== undefined && !existsSync(flags.csv)) throw new Error(`--csv: there is no file at ${flags.csv}`);
const parsed = flags.csv === undefined ? undefined : parseCsv(readFileSync(flags.csv, 'utf8'));
if (parsed && !parsed.ok) throw new Error(`--csv: ${flags.csv}, ${parsed.error}`);
const ledgerRows = parsed?.value;
if (ledgerRows && ledgerRows.length < 2) throw new Error(`--csv: ${flags.csv} has no rows under its header`);

const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const everyMs = port('DISPATCH_EVERY_MS', 60_000);
// One clock for the API, the dispatcher and the add-on: the workbench moves it.
const clock = SharedClock.at(startAt);
const stack = await startLocalStack({
  apiPort: port('API_PORT', 8787),
  dynamoPort: port('DYNAMODB_PORT', 8000),
  issuerPort: port('ISSUER_PORT', 8788),
  sesPort: port('SES_PORT', 8005),
  dispatchEveryMs: everyMs,
  clock,
  ...(dataDir && { dataPath: join(dataDir, 'dynamodb') }),
  ...(flags.hosted && { hosted: true }),
});
const demoToday = saved?.demoToday ?? calendarDateIn(clock.now(), spreadsheetZone);
const saveState = () => {
  if (stateFile) writeFileSync(stateFile, JSON.stringify({ clockMs: clock.now(), demoToday }));
};
saveState();
const workbench = await startWorkbench(stack, clock, {
  port: port('WORKBENCH_PORT', 8790),
  demoToday,
  timeZone: spreadsheetZone,
  ...(ledgerRows && { ledgerRows }),
});
const token = await stack.issuer.token({ ...LOCAL_USER, expiresIn: 3600 });

console.log(`Dunning Desk is running locally.
  Workbench         ${workbench.url}   (the sheet, the add-on's menu and sidebar, the clock, the mailbox)
  API               ${stack.apiUrl}   (routes: docs/API.md)
  DynamoDB          ${stack.dynamoUrl}   (dynalite, ${dataDir ? `data in ${dataDir}; --fresh for none` : 'in memory'})
  Token issuer      ${stack.jwksUrl}   (stands in for Google)
  SES mailbox       ${stack.sesUrl}   (aws-ses-v2-local: every email the dispatcher sends)
  Dispatcher        every ${Math.round(everyMs / 1000)} s, and whenever the workbench moves the clock
  Ledger            ${flags.csv ?? `demo invoices due around ${demoToday}`}, spreadsheet in ${spreadsheetZone}
  Clock             ${new Date(clock.now()).toISOString()}${saved && !flags.now ? ' (where the last run left it)' : ''}

A sign-in token for ${LOCAL_USER.email}, valid one hour of the clock as Google's are
(a fresh one any time: curl -s ${workbench.url}/api/token):
  export TOKEN=${token}
Try:
  curl -s ${stack.apiUrl}/v1/ledger/status?ledgerId=workbench-ledger-0001 -H "Authorization: Bearer $TOKEN"

Press Ctrl-C to stop.`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  saveState();
  void workbench
    .stop()
    .then(() => stack.stop())
    .then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
