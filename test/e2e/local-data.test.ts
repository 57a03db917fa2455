/**
 * `npm start` keeps the backend's data and the clock between runs, and reads a user's own
 * ledger with --csv. No browser: the workbench's HTTP API and the local API are enough.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LedgerStatusResponse } from '../../shared/api/contract';
import { type LocalProduct, startLocalProduct } from '../support/local-product';

jest.setTimeout(120_000);

let dataDir: string;
let csv: string;
let running: LocalProduct | undefined;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'dd-start-data-'));
  // A user's own CSV: the sample's first 40 invoices (what is kept between runs, not how much, is the point).
  csv = join(dataDir, 'our-ledger.csv');
  const lines = (await readFile('test/fixtures/ledger-sample.csv', 'utf8')).split(/\r?\n/);
  await writeFile(csv, `${lines.slice(0, 41).join('\n')}\n`);
});
afterAll(async () => {
  await running?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const post = async (url: string, body: unknown) =>
  (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<
    Record<string, unknown>
  >;

async function statusCount(product: LocalProduct): Promise<number> {
  let count = 0;
  let cursor: string | undefined;
  do {
    const res = await fetch(
      `${product.apiUrl}/v1/ledger/status?ledgerId=workbench-ledger-0001${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      { headers: { authorization: `Bearer ${product.token}` } },
    );
    const page = LedgerStatusResponse.parse(await res.json());
    count += page.invoices.length;
    cursor = page.nextCursor;
  } while (cursor);
  return count;
}

describe('npm start with a data folder and a CSV ledger', () => {
  it('runs on the CSV given, keeps what was synced and where the clock was, and resumes there', async () => {
    running = await startLocalProduct(['--data', dataDir, '--csv', csv, '--now', '2026-11-24T15:00:00Z']);
    const sheet = (await (await fetch(`${running.workbenchUrl}/api/sheet?name=Ledger`)).json()) as { cells: { value: string }[][] };
    expect(sheet.cells[1]?.[0]?.value).toBe('INV-1000');
    const synced = await post(`${running.workbenchUrl}/api/menu`, { functionName: 'syncNowFromMenu' });
    expect(JSON.stringify(synced.toasts)).toMatch(/Sent 40 changed invoices/);
    const moved = await post(`${running.workbenchUrl}/api/clock`, { hours: 48 });
    expect(moved.now).toBe('2026-11-26T15:00:00.000Z');
    await expect(running.stop()).resolves.toBe(0);
    expect(JSON.parse(await readFile(join(dataDir, 'workbench.json'), 'utf8'))).toMatchObject({
      clockMs: Date.parse('2026-11-26T15:00:00Z'),
    });

    running = await startLocalProduct(['--data', dataDir, '--csv', csv]);
    expect(running.output()).toMatch(/Clock\s+2026-11-26T15:00:00.000Z \(where the last run left it\)/);
    // Nothing synced in this run: the backend answers from the data kept on disk.
    expect(await statusCount(running)).toBe(40);
    await expect(running.stop()).resolves.toBe(0);
    running = undefined;
  });

  it('says clearly when the CSV cannot be read', async () => {
    await expect(startLocalProduct(['--fresh', '--csv', 'test/fixtures/no-such-ledger.csv'])).rejects.toThrow(/no-such-ledger\.csv/);
  });
});
