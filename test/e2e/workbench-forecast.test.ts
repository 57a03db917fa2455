/**
 * The cash forecast on the aging report, used as a clerk would: a small ledger of our own (a
 * CSV for `npm start`), a week of chasing, a payment typed into the sheet, a promise taken on
 * the phone, then the report. Its weekly figures are compared with ones worked out by hand
 * below from the method the report prints, not from the forecast's code.
 */
import { openWorkbench, workbenchIdle } from '../support/workbench-session';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { LocalProduct } from '../support/local-product';

jest.setTimeout(240_000);

const HEADER =
  'Invoice Number,Customer,Contact Email,Invoice Date,Due Date,Terms (days),Amount,Amount Paid,Balance,Status,Currency,Time Zone';
const LEDGER = [
  HEADER,
  'A-1,Acme Tools,ap@acmetools.example,2026-09-26,2026-10-26,30,1000.00,0.00,1000.00,Open,USD,America/New_York',
  'A-2,Acme Tools,ap@acmetools.example,2026-10-31,2026-11-30,30,500.00,0.00,500.00,Open,USD,America/New_York',
  'B-1,Beta Bakery,ap@betabakery.example,2026-10-21,2026-11-20,30,300.00,0.00,300.00,Open,USD,America/New_York',
  'B-2,Beta Bakery,ap@betabakery.example,2026-11-10,2026-12-10,30,200.00,0.00,200.00,Open,USD,America/New_York',
  'C-1,Cobalt Print,ap@cobaltprint.example,2026-09-15,2026-10-15,30,400.00,0.00,400.00,Open,USD,America/New_York',
  'D-1,Delta Dental,ap@deltadental.example,2027-01-30,2027-03-01,30,250.00,0.00,250.00,Open,USD,America/New_York',
].join('\n');

let dir: string;
let product: LocalProduct;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dd-forecast-'));
  const csv = join(dir, 'ledger.csv');
  await writeFile(csv, `${LEDGER}\n`);
  // Monday 2 November 2026, 10:00 in New York.
  ({ browser, product, page } = await openWorkbench(['--fresh', '--data', dir, '--csv', csv, '--now', '2026-11-02T15:00:00Z']));
});
afterAll(async () => {
  await browser?.close();
  await product?.stop();
  await rm(dir, { recursive: true, force: true });
});

const idle = () => workbenchIdle(page);
async function menu(functionName: string): Promise<void> {
  await page.click(`button[data-function="${functionName}"]`);
  await idle();
}
/** Types into a cell of the grid as a person does: double-click, type, Enter. */
async function type(row: number, header: string, value: string): Promise<void> {
  const column = HEADER.split(',').indexOf(header) + 1;
  await page.dblclick(`#grid tr[data-row="${row}"] td[data-column="${column}"]`);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(value);
  await page.keyboard.press('Enter');
  await idle();
}

describe('the cash forecast, in Chromium', () => {
  it('gives the weeks a person works out by hand: a late payer shifted by their days late, a promise on its day, the overdue and the later apart', async () => {
    await menu('syncNowFromMenu');
    // A week of chasing; then Acme pays A-1 on Monday 9 November, 14 days after it was due.
    await page.click('button[data-hours="168"]');
    await idle();
    await type(2, 'Amount Paid', '1000.00');
    await type(2, 'Balance', '0.00');
    await type(2, 'Status', 'Paid');
    await menu('syncNowFromMenu');
    // Beta Bakery promises on the phone to pay B-1 in full on 27 November.
    await menu('showSidebar');
    const frame = page.frameLocator('#sidebar-frame');
    await page.click('#grid tr[data-row="4"] td[data-column="2"]');
    await frame.locator('#invoice-title', { hasText: 'B-1' }).waitFor({ timeout: 20_000 });
    await frame.locator('#has-promise').check();
    await frame.locator('[id="promise.date"]').fill('2026-11-27');
    await frame.locator('[id="promise.amount"]').fill('300.00');
    await frame.locator('#log-title ~ .actions button[type="submit"]').click();
    await frame.locator('.saved', { hasText: 'Saved.' }).waitFor({ timeout: 20_000 });

    await menu('buildAgingReportFromMenu');
    await page.click('#tabs button:has-text("Aging report")');
    await page.waitForFunction(() => document.querySelectorAll('#charts svg').length >= 2);
    const label = (await page.locator('#charts svg').nth(1).getAttribute('aria-label')) ?? '';
    const weeks = [...label.matchAll(/([A-Z][a-z]{2} \d{1,2}) ([\d.]+)/g)].map((m) => [m[1], Number(m[2])]);
    // By hand, the forecast made on Monday 9 November, weeks from that day:
    //   A-2, due 30 Nov, Acme pays 14 days late on average  -> 14 Dec, week 6: 500
    //   B-1, promised for 27 Nov in full, Beta has no promise on record (weight 1) -> week 3: 300
    //   B-2, due 10 Dec, Beta has no payment on record (0 days late) -> week 5: 200
    //   C-1, due 15 Oct, Cobalt has no record: its day has passed -> overdue 400
    //   D-1, due 1 Mar 2027, after the 12th week (25-31 Jan) -> later 250
    expect(weeks).toEqual([
      ['Nov 9', 0],
      ['Nov 16', 0],
      ['Nov 23', 300],
      ['Nov 30', 0],
      ['Dec 7', 200],
      ['Dec 14', 500],
      ['Dec 21', 0],
      ['Dec 28', 0],
      ['Jan 4', 0],
      ['Jan 11', 0],
      ['Jan 18', 0],
      ['Jan 25', 0],
    ]);
    expect(label).toMatch(/^Expected receipts per week \(USD\): Overdue 400\.00,/);
    const grid = (await page.textContent('#grid')) ?? '';
    expect(grid).toMatch(/Later than 12 weeks\s*250\.00/);
    expect(grid).toMatch(/Open balance\s*1,650\.00/);
    // The charts, once the toasts (8 s each) are gone.
    await page.waitForFunction(() => document.querySelectorAll('.toast').length === 0, undefined, { timeout: 20_000 });
    await page.locator('#charts').scrollIntoViewIfNeeded();
    await page.locator('#charts').screenshot({ path: 'docs/screenshots/report-forecast.png' });
  });
});
