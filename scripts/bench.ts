/**
 * npm run bench: figures, not pass/fail. Writes bench-results/latest.json and latest.md.
 * Options: --sizes=1000,10000 (due reminders for the throughput runs, at a rate high enough that
 * the local servers are the limit), --pace=150@14 (reminders @ SES max rate for the pacing run;
 * 14/s is SES's usual starting production quota), --requests=1000 (per API route).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { addonTable, benchAddon } from './bench/addon-bench';
import { apiTable, benchApi } from './bench/api-bench';
import { benchDispatcher, dispatcherTable } from './bench/dispatcher-bench';
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

console.log(`Dunning Desk benchmarks on ${machine}`);
const ledger = benchLedger([1000, 10000, 50000, 100000]);
show('Ledger: read + parse + age in Node', ledgerTable(ledger));
const addon = benchAddon([1000, 10000, 50000, 100000]);
show('Add-on on the Apps Script emulation: service calls and sync payload', addonTable(addon));
const lambdas = await benchLambdas();
show('Lambdas: bundle size and cold init', lambdaTable(lambdas));
const api = await benchApi(perRoute);
show('API against dynalite', apiTable(api));
console.log('\nDispatcher (dynalite + aws-ses-v2-local, each in its own process):');
const dispatcher = await benchDispatcher([
  { size: paceSize ?? 150, rate: paceRate ?? 14, dispatchers: [1, 2] },
  ...sizes.map((size) => ({ size, rate: 1000, dispatchers: [1, 2] })),
]);
show('Dispatcher', dispatcherTable(dispatcher));

await mkdir('bench-results', { recursive: true });
await writeFile(
  'bench-results/latest.json',
  JSON.stringify({ machine, date: new Date().toISOString(), ledger, addon, lambdas, api, dispatcher }, null, 2),
);
await writeFile(
  'bench-results/latest.md',
  `${new Date().toISOString().slice(0, 10)}, ${machine}\n\n${sections.map(([t, table]) => `## ${t}\n\n${table}`).join('\n\n')}\n`,
);
console.log('\nWritten: bench-results/latest.json, bench-results/latest.md');
