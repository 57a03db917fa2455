/**
 * Many teams on one backend, against dynalite and aws-ses-v2-local (each in its own process): one
 * team with a backlog and many teams with a few customers due, all due at once; the dispatcher
 * runs every `intervalS` seconds (as its schedule would, each run with that much time) until all
 * is sent. Prints per team the delay from due to sent, the busiest second against SES's rate,
 * and duplicates. Figures, not pass/fail; the README states what they should show.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { ManualClock } from '../../lambdas/clock';
import { runDispatcher } from '../../lambdas/dispatcher/dispatcher';
import type { Mailer } from '../../lambdas/mail/mailer';
import { Pacer, RATE_SHARE } from '../../lambdas/mail/pacer';
import { sendingSesClient } from '../../lambdas/mail/ses-client';
import { fixedSendRate, SesMailer } from '../../lambdas/mail/ses-mailer';
import { syncInvoices } from '../../lambdas/services/sync-service';
import { DynamoDbDispatchStore } from '../../lambdas/store/dynamodb-dispatch-store';
import { DynamoDbWriteTogether } from '../../lambdas/store/dynamodb-write-together';
import { CalendarDate } from '../../shared/time/calendar-date';
import { busiestSecond } from './dispatcher-bench';
import { benchTables, dynaliteScript, sesScript, startInChild } from './servers';

export interface FairnessPlan {
  teams: number;
  /** Customers due for the team with a backlog. */
  backlog: number;
  /** Customers due for each other team. */
  each: number;
  rate: number;
  lanes: number;
  intervalS: number;
}

export interface FairnessFigures extends FairnessPlan {
  reminders: number;
  emails: number;
  runs: number;
  seconds: number;
  /** Seconds from due to sent of each small team's last email: the median team's and the worst team's. */
  smallTeamsMedianS: number;
  smallTeamsWorstS: number;
  /** The backlog team's first and last email. */
  backlogFirstS: number;
  backlogLastS: number;
  maxInAnySecond: number;
  duplicates: number;
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
};

export async function benchFairness(plan: FairnessPlan): Promise<FairnessFigures> {
  const dynamo = await startInChild('dynalite', dynaliteScript);
  const sesLocal = await startInChild('aws-ses-v2-local', sesScript);
  const raw = new DynamoDBClient({
    endpoint: dynamo.url,
    region: 'local',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    maxAttempts: 10,
  });
  try {
    const { tables, client, main, audit } = await benchTables(raw, 'fair');
    const clock = new ManualClock(Date.parse('2026-11-24T15:00:00Z'));
    const team = (t: number) => `t${String(t).padStart(4, '0')}`;
    let reminders = 0;
    process.stdout.write(`  seeding ${plan.teams} teams…`);
    for (let t = plan.backlog > 0 ? 0 : 1; t < plan.teams; t += 1) {
      const count = t === 0 ? plan.backlog : plan.each;
      const actor = {
        principal: { sub: `s${t}`, email: `owner@${team(t)}.example`, tenant: `d:${team(t)}.example` },
        source: 'sync' as const,
      };
      for (let i = 0; i < count; i += 500) {
        const invoices = Array.from({ length: Math.min(500, count - i) }, (_, k) => ({
          row: i + k + 2,
          invoiceNumber: `F-${i + k}`,
          customer: `Customer ${i + k}`,
          contactEmail: `d${i + k}@${team(t)}.bench.example`,
          dueDate: CalendarDate.parse('2026-11-11'),
          amount: { minor: 10000, currency: 'USD' },
          balance: { minor: 10000, currency: 'USD' },
          status: 'open' as const,
          timeZone: 'America/New_York',
        }));
        await syncInvoices({ main, audit, clock }, actor, { requestId: `seed-${t}-${i}`, ledgerId: 'bench-ledger', invoices });
      }
      reminders += count;
    }
    process.stdout.write(` ${reminders} due; sending…`);
    const ses = sendingSesClient({ endpoint: sesLocal.url, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    const sesMailer = new SesMailer(ses, 'bench');
    const sent: { to: string; at: number }[] = [];
    const mailer: Mailer = {
      send: (email) => {
        sent.push({ to: email.to, at: performance.now() });
        return sesMailer.send(email);
      },
    };
    const pacer = new Pacer(fixedSendRate(plan.rate));
    const deps = {
      main,
      audit,
      clock,
      dispatch: new DynamoDbDispatchStore(client, tables.main),
      together: new DynamoDbWriteTogether(client, tables),
      mailer,
      pacer,
      newId: randomUUID,
      config: { fromAddress: 'ar@service.example', leaseMs: 5 * 60_000, settleMs: 86_400_000, safetyMs: 1000, lanes: plan.lanes },
    };
    // Everything fell due as the first run began.
    const dueAt = performance.now();
    let runs = 0;
    let emails = 0;
    while (emails < reminders && runs < 1000) {
      const runStart = dueAt + runs * plan.intervalS * 1000;
      const wait = runStart - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const endsAt = runStart + plan.intervalS * 1000;
      const summary = await runDispatcher(deps, () => endsAt - performance.now());
      emails += summary.emails;
      runs += 1;
      clock.advance(plan.intervalS * 1000);
      process.stdout.write(` ${runs}:${summary.emails}`);
    }
    const seconds = (performance.now() - dueAt) / 1000;
    const byTeam = new Map<string, number[]>();
    for (const s of sent) {
      const t = s.to.split('@')[1]?.split('.')[0] ?? '';
      byTeam.set(t, [...(byTeam.get(t) ?? []), (s.at - dueAt) / 1000]);
    }
    const small = [...byTeam].filter(([t]) => t !== team(0)).map(([, delays]) => Math.max(...delays));
    const backlog = byTeam.get(team(0)) ?? [Number.NaN];
    const store = (await (await fetch(`${sesLocal.url}/store`)).json()) as { emails: { destination: { to: string[] } }[] };
    const to = store.emails.map((e) => e.destination.to[0] ?? '');
    console.log(` ${emails} emails in ${round(seconds)} s`);
    return {
      ...plan,
      reminders,
      emails,
      runs,
      seconds: round(seconds),
      smallTeamsMedianS: round(median(small)),
      smallTeamsWorstS: round(Math.max(...small)),
      backlogFirstS: round(Math.min(...backlog)),
      backlogLastS: round(Math.max(...backlog)),
      maxInAnySecond: busiestSecond(sent.map((s) => s.at)),
      duplicates: to.length - new Set(to).size,
    };
  } finally {
    raw.destroy();
    dynamo.stop();
    sesLocal.stop();
  }
}

export function fairnessTable(rows: readonly FairnessFigures[]): string {
  return [
    `| teams | due (backlog team + each other) | SES max rate (paced at ${RATE_SHARE}x) | lanes | run every | runs | emails | seconds | other teams' last email after due: median / worst | worst - median | backlog team's first / last | most in any 1 s | duplicates |`,
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.backlog > 0 ? r.teams : r.teams - 1} | ${r.reminders} (${r.backlog > 0 ? r.backlog : 'none'} + ${r.teams - 1} x ${r.each}) | ${r.rate}/s | ${r.lanes} | ${r.intervalS} s | ${r.runs} | ${r.emails} | ${r.seconds} | ${r.smallTeamsMedianS} s / ${r.smallTeamsWorstS} s | ${round(r.smallTeamsWorstS - r.smallTeamsMedianS)} s | ${r.backlog > 0 ? `${r.backlogFirstS} s / ${r.backlogLastS} s` : '-'} | ${r.maxInAnySecond} | ${r.duplicates} |`,
    ),
  ].join('\n');
}
