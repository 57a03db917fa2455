import { escapeHtml } from '../../shared/email/render-email';
import { nextDigestAt } from '../services/digest-schedule';
import type { DeadlineIndex } from './ports/deadline-index';
import type { LedgerScope } from '../store/keys';
import type { Mailer } from '../mail/mailer';
import type { Pacer } from '../mail/pacer';
import type { LedgerSchedule } from '../services/ports/ledger-schedule';
import type { SettingsStore } from '../services/ports/settings-store';
import type { AuditStore } from '../services/ports/audit-store';
import { LEDGER_CHAIN } from '../services/service-deps';
import { acrossShards } from './dispatch-records';
import { type BrokenPromiseLine, digestText } from './digest-text';

export interface DigestDeps {
  main: SettingsStore & LedgerSchedule;
  audit: AuditStore;
  dispatch: Pick<DeadlineIndex, 'shards' | 'digestsDue' | 'upcoming'>;
  mailer: Mailer;
  pacer: Pacer;
  fromAddress: string;
}

/**
 * For each ledger whose digest is due: take the day's digest by moving its schedule to tomorrow
 * (conditional, so two runs cannot both send it), then email the team what will go out in the
 * next 24 hours, or that nothing will. Returns how many digests went.
 */
export async function sendDueDigests(deps: DigestDeps, nowMs: number): Promise<number> {
  let sent = 0;
  const now = new Date(nowMs).toISOString();
  for (const due of await acrossShards(deps.dispatch.shards, (shard) => deps.dispatch.digestsDue(shard, now))) {
    const ledger: LedgerScope = { tenant: due.tenant, ledgerId: due.ledgerId };
    const settings = (await deps.main.getSettings(ledger))?.settings;
    if (!settings?.dailyDigestTo) {
      await deps.main.scheduleDigest(ledger, undefined);
      continue;
    }
    const nextAt = nextDigestAt(settings, nowMs + 60_000);
    if ((await deps.main.scheduleDigest(ledger, nextAt, due.dueSk)) !== 'ok') continue;
    // The window runs from this digest's own time to the next one's, so each step falls in one.
    const windowStart = Date.parse(due.dueSk.slice(0, due.dueSk.indexOf('#')));
    const { subject, text } = digestText({
      ledgerName: settings.ledgerName,
      timeZone: settings.timeZone,
      waiting: await deps.dispatch.upcoming(ledger, nextAt),
      windowStart: Number.isNaN(windowStart) ? nowMs : windowStart,
      windowEnd: Date.parse(nextAt),
      broken: await brokenSince(deps, ledger, nowMs - 24 * 3600_000),
    });
    await deps.pacer.take(1);
    const result = await deps.mailer.send({
      from: { name: 'Dunning Desk', address: deps.fromAddress },
      replyTo: settings.replyTo,
      to: settings.dailyDigestTo,
      subject,
      text,
      html: `<pre style="font:13px/1.5 monospace">${escapeHtml(text)}</pre>`,
      tags: { dd_kind: 'digest' },
    });
    if (result.ok) sent += 1;
  }
  return sent;
}

/** The broken promises the ledger sweep recorded on the ledger's chain since `sinceMs`, oldest first. */
async function brokenSince(deps: DigestDeps, ledger: LedgerScope, sinceMs: number): Promise<BrokenPromiseLine[]> {
  const found: BrokenPromiseLine[] = [];
  let before: number | undefined;
  for (;;) {
    const page = await deps.audit.page({ ...ledger, invoiceNumber: LEDGER_CHAIN }, 50, before);
    for (const e of page.events) {
      if (Date.parse(e.at) < sinceMs) return found.reverse();
      if (e.type === 'promise.broken')
        found.push({
          invoiceNumber: String(e.data.invoiceNumber),
          customer: String(e.data.customer),
          promisedFor: String(e.data.promisedFor),
        });
    }
    if (page.nextBeforeSeq === undefined) return found.reverse();
    before = page.nextBeforeSeq;
  }
}
