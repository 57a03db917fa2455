import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { type LocalProduct, startLocalProduct } from './local-product';

/**
 * `npm start` with these flags, and Chromium on its workbench, the ledger drawn: what every
 * browser test of the workbench begins with. Close it in afterAll.
 */
export async function openWorkbench(flags: string[]): Promise<{ browser: Browser; product: LocalProduct; page: Page }> {
  const browser = await launchChromium();
  const product = await startLocalProduct(flags);
  const page = await browser.newPage({ viewport: { width: 1480, height: 900 } });
  await page.goto(product.workbenchUrl);
  await page.waitForSelector('#grid tr[data-row="2"]');
  return { browser, product, page };
}

/** Until the workbench says it is busy with nothing (a menu item, a clock move, a sync). */
export function workbenchIdle(page: Page, timeout = 200_000): Promise<unknown> {
  return page.waitForFunction(() => document.getElementById('busy')?.textContent === '', undefined, { timeout });
}
