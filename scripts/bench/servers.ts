import { type ChildProcess, spawn } from 'node:child_process';

/**
 * Local servers in their own processes, so a benchmark's CPU figures are the code under test
 * alone, not dynalite's or the SES stand-in's.
 */
export async function startInChild(label: string, script: string): Promise<{ url: string; stop(): void }> {
  const child: ChildProcess = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /LISTENING (\S+)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`${label} exited with ${code}`)));
  });
  return { url, stop: () => child.kill() };
}

export const dynaliteScript = `
import dynalite from 'dynalite';
const s = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
s.listen(0, '127.0.0.1', () => console.log('LISTENING http://127.0.0.1:' + s.address().port));`;

export const sesScript = `
import pkg from 'aws-ses-v2-local';
const server = pkg.default ?? pkg; // CommonJS with a default export
const s = await server({ host: '127.0.0.1', port: 0 });
console.log('LISTENING http://127.0.0.1:' + s.address().port);`;
