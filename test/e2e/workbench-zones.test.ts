/**
 * The headline promise at the edge most teams live at: `npm start` with the clock at 03:00Z on
 * a weekday (night in New York, noon in Tokyo), the spreadsheet in that zone, and customers
 * whose rows name no zone. The clock is moved with the page's own buttons, which run the hourly
 * sync and the dispatcher at every hour crossed, as production's schedules do. Every email the
 * local SES received must have gone inside 09:00-17:00 on a weekday in the customer's zone (the
 * ledger's, taken from the spreadsheet), and the sidebar must state the same times.
 */
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { demoLedgerRows } from '../../addon/local/workbench/demo-ledger';
import { weekday } from '../../shared/time/calendar-date';
import { calendarDateIn, wallTimeAt } from '../../shared/time/time-zone';
import { when } from '../../addon/sidebar/zoned-time';
import { launchChromium } from '../support/browser';
import { type LocalProduct, startLocalProduct } from '../support/local-product';

jest.setTimeout(240_000);

interface MailboxEntry {
  id: string;
  to: string[];
  subject: string;
  sentAt: string | null;
}

interface Case {
  zone: string;
  zoneName: string;
  start: string;
  days: number;
  /** Changed in Settings > Sending before the clock moves: emails then start later and skip a holiday. */
  policy?: { startTime: string; holiday: string };
  /** The overdue reminder's subject, retyped in Settings > Emails before the clock moves, with a contact cap of 1 email a week. */
  overdueSubject?: string;
}

/** Shows one tab of the Settings dialog, once the backend's part has loaded. */
async function openTab(dialog: FrameLocator, name: string): Promise<void> {
  await dialog.getByRole('tab', { name, exact: true }).click();
  await dialog.locator('#team:not([hidden])').waitFor({ timeout: 20_000 });
}

const CASES: Case[] = [
  // Monday 22:00 in New York: the old planner put these customers' emails at 04:00 their time.
  {
    zone: 'America/New_York',
    zoneName: 'New York',
    start: '2026-12-08T03:00:00Z',
    days: 14,
    overdueSubject: 'Still open: {{invoice_number}}, {{days_overdue}} days after {{due_date}}',
  },
  // Tuesday noon in Tokyo; the team then starts emailing at 10:30 and closes on Thursday the 10th.
  { zone: 'Asia/Tokyo', zoneName: 'Tokyo', start: '2026-12-08T03:00:00Z', days: 7, policy: { startTime: '10:30', holiday: '2026-12-10' } },
];

describe.each(CASES)(
  'the workbench with the spreadsheet in $zone, started at 03:00Z',
  ({ zone, zoneName, start, days, policy, overdueSubject }) => {
    let product: LocalProduct;
    let browser: Browser;
    let page: Page;
    let sidebar: FrameLocator;
    // The demo ledger as npm start wrote it: who is in which zone (none named: the ledger's).
    const demoToday = calendarDateIn(Date.parse(start), zone);
    const rows = demoLedgerRows(demoToday);
    const header = rows[0] ?? [];
    const [emailCol, zoneCol, numberCol] = [header.indexOf('Contact Email'), header.indexOf('Time Zone'), header.indexOf('Invoice Number')];
    const zoneOf = new Map(rows.slice(1).map((r) => [r[emailCol] ?? '', r[zoneCol] || zone]));

    beforeAll(async () => {
      browser = await launchChromium();
      product = await startLocalProduct(['--fresh', '--now', start, '--zone', zone]);
      page = await browser.newPage({ viewport: { width: 1480, height: 900 }, timezoneId: zone });
      await page.goto(product.workbenchUrl);
      await page.waitForSelector('#grid tr[data-row="2"]');
      sidebar = page.frameLocator('#sidebar-frame');
    });
    afterAll(async () => {
      await browser?.close();
      await product?.stop();
    });

    const idle = () => page.waitForFunction(() => document.getElementById('busy')?.textContent === '', undefined, { timeout: 200_000 });
    const token = async () => ((await (await fetch(`${product.workbenchUrl}/api/token`)).json()) as { token: string }).token;
    const mailbox = async () => ((await (await fetch(`${product.workbenchUrl}/api/mailbox`)).json()) as { emails: MailboxEntry[] }).emails;
    /** Dunning Desk > Settings from the menu, on one of its tabs. */
    const openSettings = async (tab: string) => {
      await page.click('button[data-function="showSettings"]');
      await idle();
      const dialog = page.frameLocator('#dialog-frame');
      await openTab(dialog, tab);
      return dialog;
    };

    /** Opens the sidebar on the first invoice of a customer without a zone that has an email scheduled. */
    async function openZonelessInvoice(invoice: string): Promise<string> {
      const row = rows.findIndex((r) => r[numberCol] === invoice) + 1;
      await page.click(`#grid tr[data-row="${row}"] td[data-column="2"]`);
      await sidebar.locator('#content h2', { hasText: invoice }).waitFor({ timeout: 20_000 });
      await sidebar.locator('.ladder').waitFor({ timeout: 20_000 });
      return (await sidebar.locator('.ladder').textContent()) ?? '';
    }

    it(`plans a zoneless customer's emails on ${zoneName} business hours, and the sidebar says whose clock it is`, async () => {
      expect(product.output()).toContain(`spreadsheet in ${zone}`);
      // What a clerk does after Settings: Sync now, so the backend plans the ladder at once.
      await page.click('button[data-function="syncNowFromMenu"]');
      await idle();
      await page.click('button[data-function="showSidebar"]');
      await idle();
      const ladder = await openZonelessInvoice('INV-2044');
      // The steps that will send (or did): a skipped one shows when it was skipped, not a send time.
      const sending = (await sidebar.locator('.ladder li').allTextContents()).filter(
        (step) => /Scheduled|Planned|Sent/.test(step) && step.includes('email ·'),
      );
      // Same zone for the user (the script's) and the customer (the ledger's): one time, named.
      const times = sending.flatMap((step) => [...step.matchAll(/(\d{2}):(\d{2}) ([A-Za-z ]+) time, yours and theirs/g)]);
      expect(times.length).toBeGreaterThan(0);
      for (const [, hour, , name] of times) {
        expect(name).toBe(zoneName);
        expect(Number(hour)).toBeGreaterThanOrEqual(9);
        expect(Number(hour)).toBeLessThan(17);
      }
      expect(ladder).not.toMatch(/your time \(/);
    });

    if (overdueSubject) {
      it('Settings > Emails previews a retyped subject with the dispatcher’s renderer, names an unknown placeholder, and saves it with a cap of 1 a week', async () => {
        const dialog = await openSettings('Emails');
        await dialog.locator('#emailStep').selectOption('overdue');
        await dialog.locator('#emailSubject').fill('Hi {{first_name}}');
        await dialog.locator('#email-preview .field-error', { hasText: 'uses {{first_name}}' }).waitFor();
        await dialog.locator('#emailSubject').fill(overdueSubject);
        await expect(dialog.locator('#email-preview').textContent()).resolves.toMatch(
          /Subject: Still open: INV-1042, 15 days after [A-Z][a-z]+ \d{1,2}, \d{4}/ /* a New York reader: month first */,
        );
        await openTab(dialog, 'Sending');
        await dialog.locator('#capEmails').fill('1');
        await dialog.locator('#capDays').fill('7');
        await dialog.locator('#team-save').click();
        await dialog.locator('#team-status', { hasText: 'Saved: the dispatcher' }).waitFor({ timeout: 20_000 });
        await openTab(dialog, 'Emails');
        await page.locator('#dialog .modal-box').screenshot({ path: 'docs/screenshots/settings-emails.png' });
        await page.click('#dialog-close');
      });
    }

    if (policy) {
      it('Settings > Schedule edits the ladder as rows: a broken rule is named on its row, and a new step is saved with an email of its own', async () => {
        const dialog = await openSettings('Schedule');
        const steps = dialog.locator('.ladder-step');
        await expect(steps.count()).resolves.toBe(8);
        // The referral moved above the final notice: two rules broken, each named on its row, nothing saved.
        await dialog.getByRole('button', { name: 'Move step 8 up' }).click();
        await dialog.locator('#team-save').click();
        await dialog
          .locator('[data-field="schedule.steps.6.does"] .field-error', { hasText: 'a referral must come after a final notice letter' })
          .waitFor({ timeout: 20_000 });
        await expect(dialog.locator('[data-field="schedule.steps.7.days"] .field-error').textContent()).resolves.toBe(
          'steps must be in order of their day',
        );
        await expect(dialog.locator('#tab-schedule.has-error').count()).resolves.toBe(1);
        await dialog.getByRole('button', { name: 'Move step 7 down' }).click();
        // A last email on day 90, worded on its own; the keyboard reaches every box.
        await dialog.locator('#add-step').click();
        await expect(steps.count()).resolves.toBe(9);
        await expect(dialog.locator('#step-8-days').evaluate((node) => node === document.activeElement)).resolves.toBe(true);
        await page.keyboard.press('Control+A');
        await page.keyboard.type('90');
        await dialog.locator('#step-8-email').selectOption({ label: 'A new email of its own (word it under Emails once saved)' });
        await dialog.locator('#step-8-label').fill('Last word before the agency');
        await dialog.locator('#team-save').click();
        await dialog.locator('#team-status', { hasText: 'Saved: the dispatcher' }).waitFor({ timeout: 20_000 });
        await expect(dialog.locator('#tab-schedule.has-error').count()).resolves.toBe(0);
        await expect(dialog.locator('.ladder-step').nth(8).getAttribute('data-step-id')).resolves.toBe('email-90');
        await dialog.locator('#tabs').evaluate(() => window.scrollTo(0, 0));
        await page.locator('#dialog .modal-box').screenshot({ path: 'docs/screenshots/settings-schedule.png' });
        // Arrow keys move between tabs; the new email is there to be worded.
        await dialog.locator('#tab-schedule').focus();
        await page.keyboard.press('ArrowRight');
        await expect(dialog.locator('#tab-emails').getAttribute('aria-selected')).resolves.toBe('true');
        await expect(dialog.locator('#emailStep option').allTextContents()).resolves.toContain('Last word before the agency');
        await page.click('#dialog-close');
        const saved = (await (
          await fetch(`${product.apiUrl}/v1/settings?ledgerId=workbench-ledger-0001`, {
            headers: { authorization: `Bearer ${await token()}` },
          })
        ).json()) as { ladder: { steps: { id: string; offsetDays: number }[] } };
        expect(saved.ladder.steps.at(-1)).toMatchObject({ id: 'email-90', offsetDays: 90 });
      });

      it('Settings > Sending shows the spreadsheet’s zone, refuses bad values field by field, and saves the team’s hours and holidays', async () => {
        const dialog = await openSettings('Sending');
        await expect(dialog.locator('#timeZone').inputValue()).resolves.toBe(zone);
        await expect(dialog.locator('#startTime').inputValue()).resolves.toBe('09:00');
        // UTC is allowed, but said plainly: 09:00-17:00 UTC is the evening and night in Tokyo.
        await dialog.locator('#timeZone').fill('UTC');
        await expect(dialog.locator('#zone-warning').textContent()).resolves.toContain(
          `a customer without a Time zone gets email at 18:00-02:00 in ${zone}`,
        );
        // Refused: a zone that is not one, a cap of none, a date that does not exist.
        await dialog.locator('#timeZone').fill('Mars/Olympus');
        await dialog.locator('#capEmails').fill('0');
        await dialog.locator('#holidays').fill('2026-02-30');
        await dialog.locator('#team-save').click();
        await dialog.locator('[data-field="timeZone"] .field-error', { hasText: 'IANA time zone' }).waitFor({ timeout: 20_000 });
        await expect(dialog.locator('[data-field="capEmails"] .field-error').textContent()).resolves.toMatch(/1/);
        await expect(dialog.locator('[data-field="holidays"] .field-error').textContent()).resolves.toContain('"2026-02-30"');
        await expect(dialog.locator('#team-error').textContent()).resolves.toContain('Nothing was saved');
        // Then the team's real policy, with keyboard-typed values.
        await dialog.locator('#timeZone').fill(zone);
        await dialog.locator('#capEmails').fill('2');
        await dialog.locator('#holidays').fill(policy.holiday);
        // Japan's public holidays of 2027 from the backend's holiday data, added below the team's own day.
        await dialog.locator('#presetCountry').selectOption('JP');
        await dialog.locator('#presetYear').selectOption('2027');
        await dialog.locator('#add-holidays').click();
        await dialog.locator('#preset-status', { hasText: 'Added' }).waitFor({ timeout: 20_000 });
        await expect(dialog.locator('#preset-status').textContent()).resolves.toMatch(
          /of Japan in 2027: New Year's Day \(1 January 2027\)/,
        );
        await expect(dialog.locator('#holidays').inputValue()).resolves.toMatch(new RegExp(`^${policy.holiday}\n2027-01-01\n`));
        await dialog.locator('#startTime').fill(policy.startTime);
        // Closing now would lose the edits: the dialog names the tab that holds them, and marks it.
        await expect(dialog.locator('#tab-sending.unsaved').count()).resolves.toBe(1);
        const asked = new Promise<string>((resolve) => page.once('dialog', (d) => void d.dismiss().then(() => resolve(d.message()))));
        await dialog.locator('#team-close').click();
        await expect(asked).resolves.toMatch(/edits on the Sending tab that are not saved/);
        await dialog.locator('#team-save').click();
        await dialog.locator('#team-status', { hasText: 'Saved: the dispatcher' }).waitFor({ timeout: 20_000 });
        await expect(dialog.locator('#tab-sending.unsaved').count()).resolves.toBe(0);
        await page.locator('#dialog .modal-box').screenshot({ path: 'docs/screenshots/settings-sending.png' });
        await page.click('#dialog-close');
        const saved = (await (
          await fetch(`${product.apiUrl}/v1/settings?ledgerId=workbench-ledger-0001`, {
            headers: { authorization: `Bearer ${await token()}` },
          })
        ).json()) as { timeZone: string; businessHours: { startMinute: number; holidays: string[] } };
        expect(saved).toMatchObject({ timeZone: zone, businessHours: { startMinute: 10 * 60 + 30 } });
        expect(saved.businessHours.holidays).toEqual(expect.arrayContaining([policy.holiday, '2027-01-01', '2027-05-03']));
      });
    }

    it(`over ${days} days moved with the page's buttons, sends every email inside 09:00-17:00 on a weekday in the customer's zone`, async () => {
      for (let week = 0; week < days / 7; week += 1) {
        await page.click('button[data-hours="168"]');
        await idle();
      }
      const emails = await mailbox();
      expect(emails.length).toBeGreaterThanOrEqual(5);
      const sendDays = new Set<string>();
      for (const email of emails) {
        const to = (email.to[0] ?? '').replace(/^.*<|>$/g, '');
        const theirZone = zoneOf.get(to);
        expect({ to, known: theirZone !== undefined, sentAt: email.sentAt !== null }).toEqual({ to, known: true, sentAt: true });
        const local = wallTimeAt(Date.parse(email.sentAt ?? ''), theirZone ?? zone);
        const at = { to, subject: email.subject, sentAt: email.sentAt, local: `${local.date} ${Math.floor(local.minuteOfDay / 60)}h` };
        // The team's policy binds the ledger's zone; a customer in a zone of their own keeps the same hours there.
        const opens = policy ? Number(policy.startTime.slice(0, 2)) * 60 + Number(policy.startTime.slice(3)) : 9 * 60;
        const open =
          local.minuteOfDay >= opens &&
          local.minuteOfDay < 17 * 60 &&
          [1, 2, 3, 4, 5].includes(weekday(local.date)) &&
          local.date !== policy?.holiday;
        expect({ ...at, open }).toEqual({ ...at, open: true });
        sendDays.add(local.date);
      }
      // Not one burst: the ladder went on across the days the clock crossed.
      expect(sendDays.size).toBeGreaterThanOrEqual(2);
      // The team's wording, typed in the dialog, is what arrived, and its cap held: one email a week to anyone.
      if (overdueSubject) {
        const byAddress = new Map<string, number[]>();
        for (const e of emails) byAddress.set(e.to.join(), [...(byAddress.get(e.to.join()) ?? []), Date.parse(e.sentAt ?? '')]);
        for (const [to, times] of byAddress) {
          const sorted = times.sort((a, b) => a - b);
          const closest = Math.min(Infinity, ...sorted.slice(1).map((t, i) => t - (sorted[i] ?? 0)));
          expect({ to, atLeastAWeekApart: closest >= 7 * 86_400_000 }).toEqual({ to, atLeastAWeekApart: true });
        }
      }
      // Dates in each reader's order: month first for a New York customer, day first for the London one.
      if (overdueSubject)
        expect(emails.map((e) => e.subject)).toContainEqual(
          expect.stringMatching(/^Still open: INV-2044, \d+ days after [A-Z][a-z]+ \d{1,2}, 2026$/),
        );
      if (overdueSubject)
        expect(emails.map((e) => e.subject)).toContainEqual(
          expect.stringMatching(/^Still open: INV-2055, \d+ days after \d{1,2} [A-Z][a-z]+ 2026$/),
        );
      await page.locator('#mailbox').screenshot({ path: `docs/screenshots/mailbox-${zoneName.toLowerCase().replace(/ /g, '-')}.png` });
    });

    it('shows in the sidebar the same send times the mailbox recorded', async () => {
      const emails = await mailbox();
      const to = 'billing@summitevents.example';
      const theirs = emails.filter((e) => e.to.some((t) => t.includes(to)) && e.sentAt);
      expect(theirs.length).toBeGreaterThan(0);
      await sidebar.locator('#refresh').click();
      const ladder = await openZonelessInvoice('INV-2044');
      const sentSteps = ladder.split(/(?=Sent|Scheduled|Planned|For you|Skipped)/).filter((part) => part.startsWith('Sent'));
      expect(sentSteps.length).toBeGreaterThan(0);
      // Each email the mailbox holds for this invoice's customer, at the time the sidebar shows.
      for (const email of theirs.filter((e) => e.subject.includes('INV-2044')))
        expect(ladder).toContain(`${when(email.sentAt ?? '', zone)} ${zoneName} time`);
    });
  },
);
