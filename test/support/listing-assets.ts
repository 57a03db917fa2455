import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';

/** Where the Marketplace listing's images are written: docs/PUBLISHING.md lists them. */
export const LISTING = 'docs/listing';

/** The Marketplace's screenshot size: the page is shot at exactly this viewport. */
export const SCREENSHOT = { width: 1280, height: 800 };

/** A listing screenshot of the page as it is, at 1280 x 800, then the page's own size again. */
export async function listingScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(LISTING, { recursive: true });
  const before = page.viewportSize();
  await page.setViewportSize(SCREENSHOT);
  // Passing notices would cover the chart; the listing shows the product, not the moment.
  await page.screenshot({ path: `${LISTING}/${name}`, style: '#toasts { visibility: hidden; }' });
  if (before) await page.setViewportSize(before);
}

/**
 * The icon (docs/listing/icon.svg) drawn by Chromium at the sizes the Marketplace asks for (32
 * and 128 px), and the 220 x 140 card banner: the images come from the one drawing.
 */
export async function drawListingIcons(browser: Browser): Promise<void> {
  const svg = readFileSync(`${LISTING}/icon.svg`, 'utf8');
  const page = await browser.newPage();
  try {
    for (const size of [32, 128]) {
      await page.setViewportSize({ width: size, height: size });
      await page.setContent(`<html><body style="margin:0">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`);
      await page.locator('svg').screenshot({ path: `${LISTING}/icon-${size}.png`, omitBackground: true });
    }
    await page.setViewportSize({ width: 220, height: 140 });
    await page.setContent(`<html><body style="margin:0;width:220px;height:140px;background:#1a5fb4;display:flex;align-items:center;gap:10px;padding:0 14px;box-sizing:border-box;font:600 22px Arial,sans-serif;color:#fff">
      ${svg.replace('<svg ', '<svg width="64" height="64" ')}<span>Dunning<br>Desk</span></body></html>`);
    await page.screenshot({ path: `${LISTING}/banner-220x140.png` });
  } finally {
    await page.close();
  }
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(path: string): { width: number; height: number } {
  const bytes = readFileSync(path);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}
