/**
 * npm run bench: figures, not pass/fail. Writes bench-results/latest.json and latest.md.
 * Options: --sizes=1000,10000 (due reminders for the throughput runs, at a rate high enough that
 * the local servers are the limit), --pace=150@14 (reminders @ SES max rate for the pacing run;
 * 14/s is SES's usual starting production quota), --requests=1000 (per API route),
 * --fairness=1000x3+1003@14/300 (teams x customers due each + the backlog team's @ SES max rate /
 * run interval in seconds, run with the backlog team and without it; --fairness=off skips it),
 * --only=<section> (ledger, addon, lambdas, api, dispatcher or fairness: that section alone).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { addonTable, benchAddon } from './bench/addon-bench';
import { apiTable, benchApi } from './bench/api-bench';
import { benchDispatcher, dispatcherTable } from './bench/dispatcher-bench';
import { benchFairness, fairnessTable } from './bench/fairness-bench';
import { benchLambdas, lambdaTable } from './bench/lambda-bench';
import { benchLedger, ledgerTable } from './bench/ledger-bench';

const arg = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const sizes = arg('sizes', '1000,10000').split(',').map(Number);
const [paceSize, paceRate] = arg('pace', '150@14').split('@').map(Number);
const perRoute = Number(arg('requests', '1000'));
const machine = `${cpus()[0]?.model ?? 'unknown CPU'} x${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const sections: [string, string][] = [];
const show = (title: string, table: string) => {
  sections.push([title, table]);
  console.log(`\n## ${title}\n\n${table}`);
};

const only = arg('only', 'all');
const fairnessArg = arg('fairness', '1000x3+1003@14/300');
const part = (name: string) => only === 'all' || only === name;

console.log(`Dunning Desk benchmarks on ${machine}`);
const ledger = part('ledger') ? benchLedger([1000, 10000, 50000, 100000]) : [];
if (part('ledger')) show('Ledger: read + parse + age in Node', ledgerTable(ledger));
const addon = part('addon') ? benchAddon([1000, 10000, 50000, 100000]) : [];
if (part('addon')) show('Add-on on the Apps Script emulation: service calls and sync payload', addonTable(addon));
const lambdas = part('lambdas') ? await benchLambdas() : [];
if (part('lambdas')) show('Lambdas: bundle size and cold init', lambdaTable(lambdas));
const api = part('api') ? await benchApi(perRoute) : [];
if (part('api')) show('API against dynalite', apiTable(api));
let dispatcher: Awaited<ReturnType<typeof benchDispatcher>> = [];
if (part('dispatcher')) {
  console.log('\nDispatcher (dynalite + aws-ses-v2-local, each in its own process):');
  dispatcher = await benchDispatcher([
    { size: paceSize ?? 150, rate: paceRate ?? 14, dispatchers: [1, 2] },
    ...sizes.map((size) => ({ size, rate: 1000, dispatchers: [1, 2] })),
  ]);
  show('Dispatcher', dispatcherTable(dispatcher));
}
const fairPlan = /^(\d+)x(\d+)\+(\d+)@(\d+)\/(\d+)$/.exec(fairnessArg);
const fairness: Awaited<ReturnType<typeof benchFairness>>[] = [];
if (part('fairness') && fairPlan) {
  const [, teams, each, backlog, rate, interval] = fairPlan.map(Number);
  console.log('\nMany teams, one dispatcher (dynalite + aws-ses-v2-local), with the backlog team and without it:');
  for (const withBacklog of [backlog ?? 1003, 0])
    fairness.push(
      await benchFairness({
        teams: teams ?? 1000,
        each: each ?? 3,
        backlog: withBacklog,
        rate: rate ?? 14,
        intervalS: interval ?? 300,
        lanes: 8,
      }),
    );
  show('Many teams: fairness and the account rate', fairnessTable(fairness));
}

await mkdir('bench-results', { recursive: true });
// One section alone leaves the full run's files as they were.
const stem = only === 'all' ? 'bench-results/latest' : `bench-results/latest-${only}`;
await writeFile(
  `${stem}.json`,
  JSON.stringify({ machine, date: new Date().toISOString(), ledger, addon, lambdas, api, dispatcher, fairness }, null, 2),
);
await writeFile(
  `${stem}.md`,
  `${new Date().toISOString().slice(0, 10)}, ${machine}\n\n${sections.map(([t, table]) => `## ${t}\n\n${table}`).join('\n\n')}\n`,
);
console.log(`\nWritten: ${stem}.json, ${stem}.md`);
