import { recordBrokenPromise, unrecordedBrokenPromise } from '../services/broken-promises';
import { planReminders } from '../services/reminder-planner';
import { changeContext } from '../services/settings-service';
import { LEDGER_SWEEP_EVERY_MS } from '../services/sync-service';
import type { LedgerScope } from '../store/keys';
import type { ReminderRecord } from '../store/records';
import { replan } from './after-sent';
import { acrossShards, dispatcherActor, iso } from './dispatch-records';
import type { DispatcherDeps, RunSummary } from './dispatcher';
import { guard } from './run-guard';

/** Reminders a run is sending or settling: their invoice is left to that run. */
const IN_FLIGHT: readonly ReminderRecord['state'][] = ['SENDING', 'UNKNOWN'];
const PAGE = 200;

/**
 * "No invoice without its next step": every few hours (and at once after the team changes the
 * settings) each ledger's open invoices are read page by page, and one whose ladder says
 * otherwise than its reminders (an email step to do with no reminder holding its place, a run
 * lost before it planned, a step the team added, moved or removed) is re-planned. A big ledger
 * is done over several runs from where the last one stopped; two runs never sweep one ledger at
 * once (the schedule is taken conditionally).
 */
export async function sweepLedgers(deps: DispatcherDeps, now: number, summary: RunSummary, remainingMs: () => number): Promise<void> {
  for (const due of await acrossShards(deps.dispatch.shards, (shard) => deps.dispatch.sweepsDue(shard, iso(now)))) {
    if (remainingMs() < deps.config.safetyMs * 2) return;
    const ledger: LedgerScope = { tenant: due.tenant, ledgerId: due.ledgerId };
    await guard(deps, summary, { ...ledger, step: 'ledger sweep' }, async () => {
      const hold = iso(now + deps.config.leaseMs);
      if ((await deps.dispatch.rescheduleLedgerSweep(ledger, hold, due.dueSk, due.cursor)) !== 'ok') return;
      const cursor = await sweepPages(deps, ledger, now, summary, remainingMs, due.cursor);
      const heldSk = `${hold}#${dueSkTail(due.dueSk)}`;
      await deps.dispatch.rescheduleLedgerSweep(ledger, cursor === undefined ? iso(now + LEDGER_SWEEP_EVERY_MS) : iso(now), heldSk, cursor);
    });
  }
}

/** The dueSk after its instant: `<iso>#<pk>#<sk>` keeps the key part when the instant moves. */
const dueSkTail = (dueSk: string) => dueSk.slice(dueSk.indexOf('#') + 1);

async function sweepPages(
  deps: DispatcherDeps,
  ledger: LedgerScope,
  now: number,
  summary: RunSummary,
  remainingMs: () => number,
  from: string | undefined,
): Promise<string | undefined> {
  const actor = dispatcherActor(ledger.tenant);
  const context = await changeContext(deps, actor, ledger);
  const pauses = new Map((await deps.main.customerHolds(ledger)).map((p) => [p.customer.toLowerCase(), p]));
  let cursor = from;
  do {
    const page = await deps.main.invoicePage(ledger, PAGE, cursor);
    for (const record of page.records) {
      const reminders = page.reminders.filter((r) => r.invoiceNumber === record.invoiceNumber);
      if (reminders.some((r) => IN_FLIGHT.includes(r.state))) continue;
      const broken = unrecordedBrokenPromise(record, context.settings, now);
      if (broken) {
        await guard(deps, summary, { ...ledger, invoiceNumber: record.invoiceNumber, step: 'broken promise' }, () =>
          recordBrokenPromise(deps, actor, { ...ledger, invoiceNumber: record.invoiceNumber }, context, record, broken),
        );
        continue;
      }
      // A waiting reminder stays unless the ladder says otherwise now (a step added before it, moved, removed).
      const plan = planReminders({
        record,
        reminders,
        settings: context.settings,
        customerHold: pauses.get(record.snapshot.customer.toLowerCase()),
        nowMs: now,
      });
      if (plan.ops.length === 0) continue;
      await guard(deps, summary, { ...ledger, invoiceNumber: record.invoiceNumber, step: 'ledger sweep' }, async () => {
        await replan(deps, actor, { ...ledger, invoiceNumber: record.invoiceNumber }, context, record);
        summary.replanned += 1;
      });
    }
    cursor = page.next;
  } while (cursor !== undefined && remainingMs() > deps.config.safetyMs * 2);
  return cursor;
}
