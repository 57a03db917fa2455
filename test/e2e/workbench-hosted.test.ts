/**
 * The hosted service on `npm start -- --hosted`, as the first person of a team meets it: the
 * sidebar says the team has not signed up and signs it up; then the invoice's history loads.
 */
import { openWorkbench, workbenchIdle } from '../support/workbench-session';
import type { Browser, Page } from 'playwright-core';
import type { LocalProduct } from '../support/local-product';

jest.setTimeout(180_000);

let product: LocalProduct;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  ({ browser, product, page } = await openWorkbench(['--fresh', '--hosted', '--now', '2026-11-24T15:00:00Z']));
});
afterAll(async () => {
  await browser?.close();
  await product?.stop();
});

const idle = () => workbenchIdle(page);

/** Settings open on its Team and letters tab, as a clerk gets there from the menu. */
async function openTeamSettings() {
  await page.click('button[data-function="showSettings"]');
  await idle();
  const dialog = page.frameLocator('#dialog-frame');
  await dialog.getByRole('tab', { name: 'Team and letters', exact: true }).click();
  return dialog;
}

describe('the hosted service in Chromium', () => {
  it('offers the sign-up in the sidebar to a team that has none, signs it up, and then works as before', async () => {
    await page.click('button[data-function="showSidebar"]');
    await idle();
    const frame = page.frameLocator('#sidebar-frame');
    await page.click('#grid tr[data-row="2"] td[data-column="2"]');
    await frame.locator('#sign-up-title').waitFor({ timeout: 20_000 });
    await expect(frame.locator('form[aria-labelledby="sign-up-title"]').textContent()).resolves.toContain(
      'you@dunningdesk.example has no Dunning Desk team yet',
    );
    // Nothing typed: refused, saying why.
    await frame.locator('#sign-up').click();
    await frame.locator('.form-error', { hasText: 'name' }).waitFor({ timeout: 20_000 });
    await frame.locator('#team-name').fill('Dunning Desk Demo Co');
    await frame.locator('#team-domain').check();
    await page.locator('#sidebar').screenshot({ path: 'docs/screenshots/sidebar-sign-up.png' });
    await frame.locator('#sign-up').click();
    await frame.locator('#sign-up-title').waitFor({ state: 'detached', timeout: 20_000 });
    // Signed up: the backend knows the team; Sync now, and the invoice's history and next step load.
    await page.click('button[data-function="syncNowFromMenu"]');
    await idle();
    await frame.locator('#refresh').click();
    await frame.locator('.ladder').waitFor({ timeout: 20_000 });
    const team = (await (await fetch(`${product.apiUrl}/v1/tenant`, { headers: { authorization: `Bearer ${product.token}` } })).json()) as {
      tenantId: string;
      name: string;
      owners: string[];
    };
    expect(team).toMatchObject({ tenantId: 'd:dunningdesk.example', name: 'Dunning Desk Demo Co', owners: ['you@dunningdesk.example'] });
  });

  it('lets the owner invite someone from Settings, and remove them after a question naming them; inviting again is the way back', async () => {
    const dialog = await openTeamSettings();
    await dialog.locator('#team-people:not([hidden])').waitFor({ timeout: 20_000 });
    await expect(dialog.locator('#people-summary').textContent()).resolves.toBe(
      'Dunning Desk Demo Co, on the free plan: everyone signed in with dunningdesk.example is in.',
    );
    await expect(dialog.locator('#team-plan').textContent()).resolves.toBe(
      'The free plan tracks up to 2,000 invoices in a ledger and sends up to 200 emails a day (the rest go the next day); the team may make 5 requests a second.',
    );
    await dialog.locator('#invite-email').fill('bob@globex.example');
    await dialog.locator('#invite').click();
    await dialog.locator('#people-list li[data-email="bob@globex.example"]', { hasText: 'invited by you@dunningdesk.example' }).waitFor({
      timeout: 20_000,
    });
    const asked = new Promise<string>((resolve) => page.once('dialog', (d) => void d.accept().then(() => resolve(d.message()))));
    await dialog.getByRole('button', { name: 'Remove: bob@globex.example' }).click();
    await expect(asked).resolves.toMatch(/^Remove bob@globex\.example from the team\?/);
    await dialog.locator('#people-list li.removed[data-email="bob@globex.example"]').waitFor({ timeout: 20_000 });
    await expect(dialog.locator('#people-status').textContent()).resolves.toBe('Removed bob@globex.example.');
    // Not an edit of the settings: closing asks nothing.
    await expect(dialog.locator('#tab-team.unsaved').count()).resolves.toBe(0);
    await dialog.locator('#team-people').scrollIntoViewIfNeeded();
    await page.locator('#dialog .modal-box').screenshot({ path: 'docs/screenshots/settings-people.png' });
    await dialog.getByRole('button', { name: 'Invite again: bob@globex.example' }).click();
    await dialog.locator('#people-list li:not(.removed)[data-email="bob@globex.example"]').waitFor({ timeout: 20_000 });
    await page.click('#dialog-close');
  });

  it("sets up the team's own sending domain from Settings: records shown, published, checked, and the next emails come from it", async () => {
    const dialog = await openTeamSettings();
    await dialog.locator('#team-sender:not([hidden])').waitFor({ timeout: 20_000 });
    await expect(dialog.locator('#sender-summary').textContent()).resolves.toBe(
      'Emails come from ar@dunningdesk.example, with your sender name, and replies go to your Reply-To. To send from your own domain, name an address at it.',
    );
    // The service's own domain is refused, naming the field.
    await dialog.locator('#sender-address').fill('billing@dunningdesk.example');
    await dialog.locator('#sender-use').click();
    await dialog.locator('#sender-status', { hasText: /dunningdesk\.example is the service's own domain/ }).waitFor({ timeout: 20_000 });

    await dialog.locator('#sender-address').fill('accounts@demo-co.example');
    await dialog.locator('#sender-use').click();
    await dialog.locator('#sender-records:not([hidden]) tbody tr').nth(2).waitFor({ timeout: 20_000 });
    await expect(dialog.locator('#sender-records tbody tr td:nth-child(2)').allTextContents()).resolves.toEqual([
      expect.stringMatching(/^[0-9a-f]{32}\._domainkey\.demo-co\.example$/),
      expect.stringMatching(/^[0-9a-f]{32}\._domainkey\.demo-co\.example$/),
      expect.stringMatching(/^[0-9a-f]{32}\._domainkey\.demo-co\.example$/),
    ]);
    await expect(dialog.locator('#sender-summary').textContent()).resolves.toMatch(/^Waiting for demo-co\.example's DNS/);
    await dialog.locator('#team-sender').scrollIntoViewIfNeeded();
    await page.locator('#dialog .modal-box').screenshot({ path: 'docs/screenshots/settings-sending-domain.png' });
    // Not found yet: said so, nothing else changes.
    await dialog.locator('#sender-check').click();
    await dialog
      .locator('#sender-status', { hasText: 'Not found yet; the records can take a while to publish.' })
      .waitFor({ timeout: 20_000 });

    // The team adds the records at its DNS host (the workbench stands in), comes back and checks.
    await page.click('#dialog-close');
    await page.click('#publish-dns');
    await idle();
    await openTeamSettings();
    await dialog.locator('#sender-check:not([hidden])').waitFor({ timeout: 20_000 });
    await dialog.locator('#sender-check').click();
    await dialog
      .locator('#sender-status', { hasText: 'Verified: emails now come from accounts@demo-co.example.' })
      .waitFor({ timeout: 20_000 });
    await expect(dialog.locator('#sender-records').isHidden()).resolves.toBe(true);
    await page.click('#dialog-close');

    // A week on, the dispatcher's emails come from the team's own address.
    const before = await storedFroms();
    await page.click('button[data-hours="168"]');
    await idle();
    const after = (await storedFroms()).slice(before.length);
    expect(after.length).toBeGreaterThan(0);
    for (const from of after) expect(from).toContain('<accounts@demo-co.example>');
  });
});

async function storedFroms(): Promise<string[]> {
  const store = (await (await fetch(`${product.sesUrl}/store`)).json()) as { emails: { from: string }[] };
  return store.emails.map((e) => e.from);
}
