import { type ChildProcess, spawn } from 'node:child_process';

export interface LocalProduct {
  workbenchUrl: string;
  apiUrl: string;
  sesUrl: string;
  /** The sign-in token it printed (valid one hour of its clock from the start). */
  token: string;
  output(): string;
  /** Ctrl-C; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * `npm start` as a person runs it (the same script, through tsx), every port chosen by the
 * system, and the dispatcher's timer slowed so only the workbench's clock moves send
 * reminders. `args` are its flags (e.g. --fresh, --now, --csv, --data). The URLs are read
 * from what it prints.
 */
export async function startLocalProduct(args: string[]): Promise<LocalProduct> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts', ...args], {
    env: {
      ...process.env,
      API_PORT: '0',
      DYNAMODB_PORT: '0',
      ISSUER_PORT: '0',
      SES_PORT: '0',
      WORKBENCH_PORT: '0',
      DISPATCH_EVERY_MS: '3600000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const url = (label: string) => new RegExp(`${label}\\s+(http://127\\.0\\.0\\.1:\\d+)`).exec(out)?.[1];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not come up within 60 s:\n${out}`)), 60_000);
    const check = () => {
      if (out.includes('Press Ctrl-C to stop.')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (code ${code}) before it was ready:\n${out}`));
    });
  });
  child.removeAllListeners('exit');
  const [workbenchUrl, apiUrl, sesUrl] = [url('Workbench'), url('API'), url('SES mailbox')];
  const token = /export TOKEN=(\S+)/.exec(out)?.[1];
  if (!workbenchUrl || !apiUrl || !sesUrl || !token) throw new Error(`npm start did not print every URL and the token:\n${out}`);
  return {
    workbenchUrl,
    apiUrl,
    sesUrl,
    token,
    output: () => out,
    stop: () =>
      new Promise<number | null>((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGINT');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
