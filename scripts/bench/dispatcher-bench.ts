/**
 * The dispatcher against dynalite and aws-ses-v2-local (each in its own process): for each size,
 * N invoices due now, one debtor each, sent at a configured SES rate; then the same with two
 * dispatchers at once. Prints DynamoDB requests per email, emails per second against the rate,
 * CPU ms per email (this process only) and duplicates.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { ManualClock } from '../../lambdas/clock';
import { runDispatcher, type RunSummary } from '../../lambdas/dispatcher/dispatcher';
import { Pacer, RATE_SHARE } from '../../lambdas/mail/pacer';
import type { Mailer } from '../../lambdas/mail/mailer';
import { fixedSendRate, SesMailer } from '../../lambdas/mail/ses-mailer';
import { syncInvoices } from '../../lambdas/services/sync-service';
import { DynamoDbAuditStore } from '../../lambdas/store/dynamodb-audit-store';
import { DynamoDbDispatchStore } from '../../lambdas/store/dynamodb-dispatch-store';
import { DynamoDbWriteTogether } from '../../lambdas/store/dynamodb-write-together';
import { sendingSesClient } from '../../lambdas/mail/ses-client';
import { CalendarDate } from '../../shared/time/calendar-date';
import { benchTables, dynaliteScript, sesScript, startInChild } from './servers';

export interface DispatcherFigures {
  reminders: number;
  dispatchers: number;
  configuredRate: number;
  emails: number;
  seconds: number;
  emailsPerSecond: number;
  shareOfRate: number;
  dynamoRequestsPerEmail: number;
  /** The same, by DynamoDB operation ("UpdateItem"), per email. */
  requestsByOperation: Record<string, number>;
  cpuMsPerEmail: number;
  duplicates: number;
  /** The most emails SES accepted in any one-second window: must never exceed the rate. */
  maxInAnySecond: number;
}

/** Largest number of instants (ms) within any 1,000 ms window. */
export function busiestSecond(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let start = 0, end = 0; end < sorted.length; end += 1) {
    while ((sorted[end] ?? 0) - (sorted[start] ?? 0) >= 1000) start += 1;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

const actor = { principal: { sub: 'bench', email: 'bench@acme.example', tenant: 'd:acme.example' }, source: 'sync' as const };

export async function benchDispatcher(
  runs: readonly { size: number; rate: number; dispatchers: readonly number[] }[],
): Promise<DispatcherFigures[]> {
  const dynamo = await startInChild('dynalite', dynaliteScript);
  const sesLocal = await startInChild('aws-ses-v2-local', sesScript);
  const figures: DispatcherFigures[] = [];
  try {
    for (const { size, rate, dispatchers: counts } of runs) {
      for (const dispatchers of counts) {
        let requests = 0;
        const byOperation = new Map<string, number>();
        const raw = new DynamoDBClient({
          endpoint: dynamo.url,
          region: 'local',
          credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
          maxAttempts: 10,
        });
        raw.middlewareStack.add(
          (next, context) => (args) => {
            requests += 1;
            const operation = String(context.commandName ?? 'unknown').replace(/Command$/, '');
            byOperation.set(operation, (byOperation.get(operation) ?? 0) + 1);
            return next(args);
          },
          { step: 'finalizeRequest', name: 'countRequests' },
        );
        const { suffix, tables, client, main, audit } = await benchTables(raw, 'bench');
        const clock = new ManualClock(Date.parse('2026-11-24T15:00:00Z'));
        const ledgerId = `bench-ledger-${suffix}`;
        const tag = randomUUID().slice(0, 6);
        process.stdout.write(`  seeding ${size} due reminders (${dispatchers} dispatcher${dispatchers > 1 ? 's' : ''})…`);
        for (let i = 0; i < size; i += 500) {
          const invoices = Array.from({ length: Math.min(500, size - i) }, (_, k) => ({
            row: i + k + 2,
            invoiceNumber: `B-${i + k}`,
            customer: `Customer ${i + k}`,
            contactEmail: `d${i + k}-${tag}@debtor.example`,
            dueDate: CalendarDate.parse('2026-11-11'),
            amount: { minor: 10000, currency: 'USD' },
            balance: { minor: 10000, currency: 'USD' },
            status: 'open' as const,
            timeZone: 'America/New_York',
          }));
          await syncInvoices({ main, audit, clock }, actor, { requestId: `seed-${i}`, ledgerId, invoices });
        }
        process.stdout.write(' sending…');
        const ses = sendingSesClient({
          endpoint: sesLocal.url,
          region: 'us-east-1',
          credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
        });
        const accepted: number[] = [];
        const sesMailer = new SesMailer(ses, 'bench');
        const mailer: Mailer = {
          send: async (email) => {
            const result = await sesMailer.send(email);
            if (result.ok) accepted.push(performance.now());
            return result;
          },
        };
        // Dispatchers running at once share one account's rate: each paces at its share. Each has
        // an audit store of its own, as a dispatcher Lambda has: the seeding's cache of chain heads
        // would spare it the head query it makes in AWS.
        const makeDeps = () => ({
          main,
          audit: new DynamoDbAuditStore(client, tables.audit),
          clock,
          dispatch: new DynamoDbDispatchStore(client, tables.main),
          together: new DynamoDbWriteTogether(client, tables),
          mailer,
          pacer: new Pacer(fixedSendRate(rate / dispatchers)),
          newId: randomUUID,
          config: { fromAddress: 'ar@acme.example', leaseMs: 30 * 60_000, settleMs: 86_400_000, safetyMs: 1000 },
        });
        requests = 0;
        byOperation.clear();
        const cpuBefore = process.cpuUsage();
        const started = performance.now();
        const runs: RunSummary[] = await Promise.all(Array.from({ length: dispatchers }, () => runDispatcher(makeDeps(), () => 3_600_000)));
        const seconds = (performance.now() - started) / 1000;
        const cpu = process.cpuUsage(cpuBefore);
        const emails = runs.reduce((n, r) => n + r.emails, 0);
        const store = (await (await fetch(`${sesLocal.url}/store`)).json()) as { emails: { destination: { to: string[] } }[] };
        const mine = store.emails.map((e) => e.destination.to[0] ?? '').filter((to) => to.endsWith(`-${tag}@debtor.example`));
        const duplicates = mine.length - new Set(mine).size;
        figures.push({
          reminders: size,
          dispatchers,
          configuredRate: rate,
          emails,
          seconds: round(seconds, 1),
          emailsPerSecond: round(emails / seconds, 1),
          shareOfRate: round(emails / seconds / rate, 2),
          dynamoRequestsPerEmail: round(requests / Math.max(1, emails), 1),
          requestsByOperation: Object.fromEntries(
            [...byOperation].sort(([, a], [, b]) => b - a).map(([operation, n]) => [operation, round(n / Math.max(1, emails), 2)]),
          ),
          cpuMsPerEmail: round((cpu.user + cpu.system) / 1000 / Math.max(1, emails), 2),
          duplicates,
          maxInAnySecond: busiestSecond(accepted),
        });
        console.log(` ${emails} emails in ${round(seconds, 1)} s`);
        raw.destroy();
      }
    }
  } finally {
    dynamo.stop();
    sesLocal.stop();
  }
  return figures;
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

export function dispatcherTable(rows: readonly DispatcherFigures[]): string {
  const head = `| due reminders | dispatchers | SES max rate (paced at ${RATE_SHARE}x) | emails | seconds | emails/s | share of rate | most in any 1 s | DynamoDB requests per email | CPU ms per email | duplicates |`;
  return [
    head,
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.reminders} | ${r.dispatchers} | ${r.configuredRate}/s | ${r.emails} | ${r.seconds} | ${r.emailsPerSecond} | ${r.shareOfRate} | ${r.maxInAnySecond} | ${r.dynamoRequestsPerEmail} | ${r.cpuMsPerEmail} | ${r.duplicates} |`,
    ),
    '',
    'DynamoDB requests per email, by operation:',
    '',
    '| due reminders | dispatchers | by operation |',
    '|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.reminders} | ${r.dispatchers} | ${Object.entries(r.requestsByOperation)
          .map(([operation, n]) => `${operation} ${n}`)
          .join(', ')} |`,
    ),
  ].join('\n');
}
