/**
 * npm run bench: figures, not pass/fail. Writes bench-results/latest.json and latest.md.
 * Options: --sizes=1000,10000 (due reminders for the throughput runs, at a rate high enough that
 * the local servers are the limit), --pace=150@14 (reminders @ SES max rate for the pacing run;
 * 14/s is SES's usual starting production quota).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { benchDispatcher, dispatcherTable } from './bench/dispatcher-bench';

const arg = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const sizes = arg('sizes', '1000,10000').split(',').map(Number);
const [paceSize, paceRate] = arg('pace', '150@14').split('@').map(Number);
const machine = `${cpus()[0]?.model ?? 'unknown CPU'} x${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;

console.log(`Dunning Desk benchmarks on ${machine}\n\nDispatcher (dynalite + aws-ses-v2-local, each in its own process):`);
const dispatcher = await benchDispatcher([
  { size: paceSize ?? 150, rate: paceRate ?? 14, dispatchers: [1, 2] },
  ...sizes.map((size) => ({ size, rate: 1000, dispatchers: [1, 2] })),
]);
const md = `## Dispatcher\n\n${new Date().toISOString().slice(0, 10)}, ${machine}\n\n${dispatcherTable(dispatcher)}\n`;
console.log(`\n${dispatcherTable(dispatcher)}`);
await mkdir('bench-results', { recursive: true });
await writeFile('bench-results/latest.json', JSON.stringify({ machine, date: new Date().toISOString(), dispatcher }, null, 2));
await writeFile('bench-results/latest.md', md);
console.log('\nWritten: bench-results/latest.json, bench-results/latest.md');
