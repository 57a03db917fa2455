import { escapeHtml } from '../../shared/email/render-email';
import { clockTime, wallTimeAt } from '../../shared/time/time-zone';
import { nextDigestAt } from '../services/digest-schedule';
import type { DynamoDbDispatchStore } from '../store/dynamodb-dispatch-store';
import type { LedgerScope } from '../store/keys';
import type { Mailer } from '../mail/mailer';
import type { Pacer } from '../mail/pacer';
import type { MainStore } from '../store/dynamodb-main-store';
import type { AuditStore } from '../store/dynamodb-audit-store';
import { LEDGER_CHAIN } from '../services/service-deps';
import { acrossShards } from './dispatch-records';

export interface DigestDeps {
  main: MainStore;
  audit: AuditStore;
  dispatch: DynamoDbDispatchStore;
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
    if ((await deps.main.scheduleDigest(ledger, nextDigestAt(settings, nowMs + 60_000), due.dueSk)) !== 'ok') continue;
    const upcoming = await deps.dispatch.upcoming(ledger, new Date(nowMs + 24 * 3600_000).toISOString());
    // Times on the team's clock, the ledger's zone, as the Settings dialog shows it.
    const broken = await brokenSince(deps, ledger, nowMs - 24 * 3600_000);
    const lines = upcoming.map((r) => `- ${onClock(r.sendAt, settings.timeZone)}  ${r.invoiceNumber}  ${r.label}${r.state === 'AWAITING_APPROVAL' ? '  (waiting for your approval)' : ''}`);
    const text = [
      `What Dunning Desk will send for "${settings.ledgerName}" in the next 24 hours (times in ${settings.timeZone}):`,
      '',
      ...(lines.length > 0 ? lines : ['Nothing is scheduled.']),
      '',
      ...(broken.length > 0
        ? ['Promises to pay not kept since yesterday (the next step for each is a call):', ...broken.map((b) => `- ${b.invoiceNumber}  ${b.customer}  promised by ${b.promisedFor}`), '']
        : []),
      'To hold any of these, open the invoice in the sidebar and pause or cancel the step.',
    ].join('\n');
    await deps.pacer.take(1);
    const result = await deps.mailer.send({
      from: { name: 'Dunning Desk', address: deps.fromAddress },
      replyTo: settings.replyTo,
      to: settings.dailyDigestTo,
      subject: `Dunning Desk: ${upcoming.length} reminder${upcoming.length === 1 ? '' : 's'} to go out in the next 24 hours`,
      text,
      html: `<pre style="font:13px/1.5 monospace">${escapeHtml(text)}</pre>`,
      tags: { dd_kind: 'digest' },
    });
    if (result.ok) sent += 1;
  }
  return sent;
}

/** The broken promises the ledger sweep recorded on the ledger's chain since `sinceMs`, oldest first. */
async function brokenSince(deps: DigestDeps, ledger: LedgerScope, sinceMs: number): Promise<{ invoiceNumber: string; customer: string; promisedFor: string }[]> {
  const found: { invoiceNumber: string; customer: string; promisedFor: string }[] = [];
  let before: number | undefined;
  for (;;) {
    const page = await deps.audit.page({ ...ledger, invoiceNumber: LEDGER_CHAIN }, 50, before);
    for (const e of page.events) {
      if (Date.parse(e.at) < sinceMs) return found.reverse();
      if (e.type === 'promise.broken') found.push({ invoiceNumber: String(e.data.invoiceNumber), customer: String(e.data.customer), promisedFor: String(e.data.promisedFor) });
    }
    if (page.nextBeforeSeq === undefined) return found.reverse();
    before = page.nextBeforeSeq;
  }
}

/** "2026-12-08 09:00": an instant as the clocks in `timeZone` show it. */
function onClock(isoInstant: string, timeZone: string): string {
  const { date, minuteOfDay } = wallTimeAt(Date.parse(isoInstant), timeZone);
  return `${date} ${clockTime(minuteOfDay)}`;
}
