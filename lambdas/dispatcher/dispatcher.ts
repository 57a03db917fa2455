import { createHash } from 'node:crypto';
import type { LedgerSettings } from '../../shared/api/contract';
import { defaultLedgerSettings } from '../../shared/default-settings';
import { type EmailInvoice, renderReminderEmail, type RenderedEmail } from '../../shared/email/render-email';
import { renderLetterEmail } from '../../shared/email/render-letter-email';
import type { CalendarDate } from '../../shared/time/calendar-date';
import { capFreesAt, nextSendSlot } from '../../shared/escalation/contact-cap';
import { debtorLocale } from '../../shared/locale/debtor-locale';
import { isWithinBusinessHours, nextAllowedSendSlot } from '../../shared/time/business-hours';
import type { Mailer } from '../mail/mailer';
import { replyAddress, tenantAlias } from '../mail/reply-address';
import { sendDueDigests } from './daily-digest';
import type { Pacer } from '../mail/pacer';
import type { UnreadableItem } from './ports/deadline-index';
import type { DispatchStore } from './ports/dispatch-store';
import type { SendContext } from './ports/send-log';
import type { LedgerScope } from '../store/keys';
import type { InvoiceRecord, ReminderRecord, SendBatchRecord } from '../store/records';
import type { ChangeContext } from '../services/invoice-updates';
import { ledgerToday, stepMovedTo, THANK_YOU_STEP, whyNotDispatch } from '../services/reminder-planner';
import { debtorOf, emailInvoiceOf, templateFor } from '../services/reminder-email';
import { statementOfAccount } from '../services/statement-of-account';
import type { StatementContent } from '../../shared/statements/compose-statement';
import type { StatementRenderer } from '../letters/statement-pdf';
import type { TenantStore } from '../services/ports/tenant-store';
import type { SendingDomains } from '../services/ports/sending-domains';
import { DISPATCHER_RECHECK_PENDING_MS, fromAddressOf, withFreshSender } from '../services/sending-identity-service';
import type { TenantRecord } from '../store/tenant-records';
import type { Actor, ServiceDeps } from '../services/service-deps';
import { memoizedHolds } from '../services/settings-service';
import { afterSent, finishFollowUp, FOLLOW_UP_GRACE_MS } from './after-sent';
import { acrossShards, attemptEvent, clearLease, dispatcherActor, dispatchEvent, iso, scopeOf } from './dispatch-records';
import { guard, type GuardDeps, isInfrastructureError, reasonOf, SimulatedCrash } from './run-guard';
import { sweepLedgers } from './ledger-sweep';
import { sweepUnfinished } from './sweeps';
import { fairQueue, fairShares } from './fair-queue';
import { type Shard, shardedDispatch } from './tenant-shards';
import { mapLimited } from '../map-limited';
import { FirstAnswer } from './first-answer';
import type { Together, WriteTogether } from './ports/write-together';

/** Where a test may stop the dispatcher dead, as a crash or a timeout would. */
export type CrashPoint =
  'after-claim' | 'after-checks' | 'after-attempt-record' | 'after-send' | 'after-mark' | 'after-audit' | 'after-cap';

export interface DispatcherConfig {
  fromAddress: string;
  /** Reply-To when a ledger has no saved settings; the From address when absent. */
  defaultReplyTo?: string;
  /** How long a claim holds before another run may treat it as abandoned. */
  leaseMs: number;
  /** How long an unconfirmed send waits for SES's event before a person must look. */
  settleMs: number;
  /** Stop taking new work when less than this remains of the invocation. */
  safetyMs: number;
  /**
   * Debtors sent to at once, sharing the run's pacer (1 when absent: one after another). An email
   * is four or five DynamoDB round trips and an SES call; lanes keep SES's rate, not their
   * latency, the limit.
   */
  lanes?: number;
  /**
   * This worker's shard of the teams, when the work is fanned out to several (each with a run
   * lock of its own and its part of the account's rate); every team's when absent.
   */
  shard?: Shard;
  /**
   * Emails one team may send in one run at least (DEFAULT_TENANT_EMAILS_PER_RUN when absent): a
   * team's budget is its share of what the run can send (the pacer's rate x the run's time,
   * divided among the teams with work), never less. The rest go at the next run, first.
   */
  tenantEmailsPerRun?: number;
  /**
   * Where replies are received (SES receiving, the inbound function), if they are: each email's
   * Reply-To is then reply+<token>@ this domain, so a debtor's answer reaches the invoice it is
   * about; the team's own address stays in the email's text and gets each reply forwarded.
   */
  replyDomain?: string;
}

export interface DispatcherDeps extends ServiceDeps, GuardDeps {
  dispatch: DispatchStore;
  mailer: Mailer;
  pacer: Pacer;
  /**
   * Renders the statement of account a step attaches (pdfmake lives in the letters function:
   * in AWS this invokes it, locally it renders in process). Absent, such a step is skipped, saying why.
   */
  statements?: StatementRenderer;
  /** The hosted service's teams: a suspended team's reminders are not sent. Absent when self-hosted. */
  tenants?: Pick<TenantStore, 'getTenant' | 'putTenant'>;
  /** Hosted: the email service's domain identities; a team whose own domain is verified sends from it. */
  sendingDomains?: SendingDomains;
  newId: () => string;
  config: DispatcherConfig;
  faults?: (point: CrashPoint) => void;
  /** Makes a send's follow-up (SENT, email.sent, the cap, the next step) one request; one write at a time when absent. */
  together?: WriteTogether;
}

export interface RunSummary {
  emails: number;
  sent: number;
  skipped: number;
  moved: number;
  retried: number;
  failed: number;
  dryRun: number;
  unknown: number;
  needsReview: number;
  leftForNextRun: number;
  /** Debtors another run was handling: left to that run. */
  busy: number;
  /** Outcomes whose follow-up (email.sent, cap, next step) an earlier run left and this one finished. */
  followedUp: number;
  /** Open invoices the ledger sweep found with no next step planned, and planned. */
  replanned: number;
  digests: number;
  /** Sends SES refused for every message (access, paused, daily quota): the run sent nothing after the first. */
  blocked: number;
  /** Why SES refuses every message, in words, when it does: the rest of the run is left for later. */
  blockedBy?: string;
  /** Items, debtors or ledgers this run could not handle: logged with their keys; the alarm counts them. */
  problems: number;
  /** Emails sent per tenant in this run: added to the reputation counters once, at the end. */
  sendsByTenant: Map<string, number>;
}

function emptySummary(): RunSummary {
  return {
    emails: 0,
    sent: 0,
    skipped: 0,
    moved: 0,
    retried: 0,
    failed: 0,
    dryRun: 0,
    unknown: 0,
    needsReview: 0,
    blocked: 0,
    leftForNextRun: 0,
    busy: 0,
    followedUp: 0,
    replanned: 0,
    digests: 0,
    problems: 0,
    sendsByTenant: new Map(),
  };
}

/** Adds the counts of work whose writes were made together (counted apart, in case they were not). */
function addCounts(into: RunSummary, from: RunSummary): void {
  for (const key of Object.keys(from) as (keyof RunSummary)[]) {
    const value = from[key];
    if (typeof value === 'number') (into[key] as number) += value;
  }
}

/** SES tag values allow only [A-Za-z0-9_.@-]: the tenant travels hex-encoded. */
export const encodeTag = (value: string) => Buffer.from(value, 'utf8').toString('hex');
export const decodeTag = (value: string) => Buffer.from(value, 'hex').toString('utf8');

/** 1, 2, 4 ... 60 minutes: throttling and outages leave reminders PENDING, spaced out. */
export function backoffMs(attempts: number): number {
  return Math.min(60, 2 ** attempts) * 60_000;
}

/** A refusal that is not throttling, repeated this often, is not going to pass by itself. */
export const MAX_REFUSALS = 10;
/**
 * Tries of a reminder while SES refuses every message (1+2+4+8 minutes apart): then a person
 * decides, with the cause in words. Other reminders wait untried meanwhile, so this counts runs
 * in which SES was asked, not reminders: a blocked account is asked once per run.
 */
export const MAX_BLOCKED_TRIES = 5;

/**
 * One dispatcher run. Send-once rests on the order of writes: a debtor is leased and its
 * reminders claimed (PENDING -> SENDING, conditional on state and version) before SES is called;
 * the send batch (what the email says) is written before the call; SES gets
 * one attempt, and an answer that may have been lost makes the reminders UNKNOWN, never PENDING.
 * After SES accepts, one idempotent routine marks, audits, counts the cap and plans the next step
 * (afterSent), and whatever a crash leaves unfinished the next run's sweep completes. Each ledger,
 * debtor and item is handled in its own guard: one bad one is reported and the run goes on.
 */
export async function runDispatcher(deps: DispatcherDeps, remainingMs: () => number): Promise<RunSummary> {
  const summary = emptySummary();
  // A shard's worker sees only its own teams' due work: reminders, sweeps and digests.
  const { shard } = deps.config;
  const run = { ...deps, faults: crashing(deps.faults), ...(shard && { dispatch: shardedDispatch(deps.dispatch, shard) }) };
  const now = deps.clock.now();
  const owner = deps.newId();
  await guard(run, summary, { step: 'sweep' }, () => sweepUnfinished(run, now, summary));
  await guard(run, summary, { step: 'ledger sweeps' }, () => sweepLedgers(run, now, summary, remainingMs));
  await guard(run, summary, { step: 'digests' }, async () => {
    summary.digests = await sendDueDigests({ ...run, fromAddress: deps.config.fromAddress }, now);
  });

  const due: ReminderRecord[] = [];
  const unreadable: UnreadableItem[] = [];
  due.push(...(await acrossShards(run.dispatch.shards, (index) => run.dispatch.deadlines('DUE', index, iso(now), unreadable))));
  for (const item of unreadable) {
    summary.problems += 1;
    summary.failed += 1;
    deps.logger?.error('unreadable reminder taken out of the schedule', { ...item });
    await guard(run, summary, { ...item }, () => run.dispatch.quarantine(item, iso(now)));
  }

  // Replies name their tenant by an alias: written before any of its emails goes, once a run. A
  // tenant whose alias could not be written gets the team's own Reply-To this run, so no reply is lost.
  const replyTenants = new Set<string>();
  if (deps.config.replyDomain)
    for (const tenant of new Set(due.map((r) => r.tenant)))
      await guard(run, summary, { tenant, step: 'reply alias' }, async () => {
        await deps.dispatch.rememberReplyAlias(tenantAlias(tenant), tenant);
        replyTenants.add(tenant);
      });

  const ledgerRun: LedgerRun = {
    owner,
    now,
    remainingMs,
    replyTenants,
    teams: await teamsOf(run, due, now, summary),
    firstAnswer: new FirstAnswer(),
  };
  const work = await prepareLedgers(run, due, ledgerRun, summary);
  await sendFairly(run, work, ledgerRun, summary);
  for (const [tenant, sends] of summary.sendsByTenant) await deps.dispatch.addStats(tenant, iso(now).slice(0, 10), { sends });
  return summary;
}

/**
 * Hosted: each team with reminders due, read once a run, with its sending domain's state asked of
 * SES again if stale (15 minutes while pending, a day once verified), and what its plan still
 * allows it to send today. A team that cannot be read here is read again with its ledger, where
 * a failure holds that ledger alone.
 */
async function teamsOf(deps: DispatcherDeps, due: readonly ReminderRecord[], now: number, summary: RunSummary) {
  const teams = new Map<string, Team>();
  const { tenants } = deps;
  if (!tenants) return teams;
  await mapLimited([...new Set(due.map((r) => r.tenant))], Math.max(1, deps.config.lanes ?? 1), (tenant) =>
    guard(deps, summary, { tenant, step: 'team' }, async () => {
      const team = await tenants.getTenant(tenant);
      if (!team) return;
      const { sends } = await deps.dispatch.stats(tenant, [iso(now).slice(0, 10)]);
      teams.set(tenant, { record: await freshSender(deps, team), emailsLeftToday: team.limits.emailsPerDay - sends });
    }),
  );
  return teams;
}

/**
 * The team with its sending domain's state asked of SES again if stale. SES failing to answer
 * (it allows one such call a second) keeps the state on record: the team's emails go as before.
 */
async function freshSender(deps: DispatcherDeps, team: TenantRecord): Promise<TenantRecord> {
  const { tenants, sendingDomains } = deps;
  if (!tenants || !sendingDomains) return team;
  try {
    return await withFreshSender({ tenants, clock: deps.clock, domains: sendingDomains }, team, {
      pendingMs: DISPATCHER_RECHECK_PENDING_MS,
    });
  } catch (error) {
    deps.logger?.error("could not ask SES for a team's sending domain; its state on record stands", {
      tenant: team.tenantId,
      reason: reasonOf(error),
    });
    return team;
  }
}

/** What the run hands each ledger: who it is, its clock and time left, and what it learnt of the tenants. */
interface LedgerRun {
  owner: string;
  now: number;
  remainingMs: () => number;
  replyTenants: ReadonlySet<string>;
  teams: ReadonlyMap<string, Team>;
  /** The run's calls to SES wait for its first answer: a refusal of every message costs one try a run, whatever the lanes. */
  firstAnswer: FirstAnswer;
}

/** A hosted team as a run sees it: its record, and how many more emails its plan allows today (UTC). */
interface Team {
  record: TenantRecord;
  emailsLeftToday: number;
}

/** How long past the invocation's end a lock is still honoured: clock skew and the release itself. */
const LOCK_MARGIN_MS = 30_000;

/**
 * One run at a time, without reserved concurrency (which a new account's concurrency quota may
 * not allow): a run takes the lock in DynamoDB for the rest of its invocation, or exits at once
 * if another run holds it. A run that dies keeps it until its lease ends; then the next run
 * takes it over. Send-once never depended on this (claims are conditional writes, and two runs
 * at once are tested without it); pacing at 0.9 x the account's send rate does.
 */
export async function runDispatcherAlone(
  deps: DispatcherDeps,
  remainingMs: () => number,
): Promise<RunSummary | { lockedBy: string; until: string }> {
  const now = deps.clock.now();
  const owner = deps.newId();
  const { shard } = deps.config;
  // A shard's worker has a lock of its own: workers of other shards run beside it.
  const lockName = shard && `shard-${shard.index}-of-${shard.of}`;
  const lock = await deps.dispatch.takeRunLock(owner, iso(now), iso(now + remainingMs() + LOCK_MARGIN_MS), lockName);
  if (!lock.taken) return { lockedBy: lock.heldBy, until: lock.until };
  try {
    return await runDispatcher(deps, remainingMs);
  } finally {
    // A release that fails must not turn a finished run into a failed one: the lease ends it.
    await deps.dispatch
      .releaseRunLock(owner, lockName)
      .catch((error: unknown) => deps.logger?.error('could not release the run lock; it lapses with its lease', { error: String(error) }));
  }
}

function crashing(faults: DispatcherDeps['faults']): DispatcherDeps['faults'] {
  if (!faults) return undefined;
  return (point) => {
    try {
      faults(point);
    } catch (error) {
      throw new SimulatedCrash(reasonOf(error));
    }
  };
}

/**
 * Every ledger with due reminders prepared, `lanes` at a time, the ledger waiting longest first.
 * Preparing takes at most half of the run's time, so the sending always has the other half; a
 * ledger not reached waits for the next run, where, being older, it comes first. A ledger that
 * cannot be prepared at all is held (holdLedger).
 */
async function prepareLedgers(deps: DispatcherDeps, due: readonly ReminderRecord[], run: LedgerRun, summary: RunSummary) {
  const stopAt = (run.remainingMs() + deps.config.safetyMs) / 2;
  const ledgers = [...groupBy(due, (r) => JSON.stringify([r.tenant, r.ledgerId])).values()].sort((a, b) => oldestDue(a) - oldestDue(b));
  const work: DebtorWork[] = [];
  await mapLimited(ledgers, Math.max(1, deps.config.lanes ?? 1), async (reminders) => {
    const first = reminders[0];
    if (!first) return;
    if (run.remainingMs() < stopAt) {
      summary.leftForNextRun += reminders.length;
      return;
    }
    const ledger: LedgerScope = { tenant: first.tenant, ledgerId: first.ledgerId };
    await guard(
      deps,
      summary,
      { ...ledger, reminders: reminders.length },
      async () => {
        work.push(...(await prepareLedger(deps, ledger, reminders, run)));
      },
      (reason) => holdLedger(deps, reminders, reason, run.now, summary),
    );
  });
  return work;
}

/** One debtor's due reminders in one ledger, with what sending to them needs: a run's unit of work. */
interface DebtorWork {
  tenant: string;
  oldestDueMs: number;
  ledger: LedgerScope;
  /** The address, or undefined when the invoice has none (each such invoice is its own item). */
  email: string | undefined;
  /** Thanks, chasing and each emailed letter never share an email: one group each, sent in turn. */
  groups: ReminderRecord[][];
  customers: string[];
  shared: Omit<Target, 'email' | 'customers' | 'lease'>;
  /** What the first email's decisions start from, read for the whole ledger at once (when sends are written together). */
  read?: SendContext;
}

/**
 * A ledger's settings, reputation and team, read once, and its due reminders grouped by the
 * debtor they go to (a first, unclaimed read of the invoices, for the address only: decisions use
 * the read after the claim).
 */
async function prepareLedger(
  deps: DispatcherDeps,
  ledger: LedgerScope,
  reminders: ReminderRecord[],
  run: LedgerRun,
): Promise<DebtorWork[]> {
  const settings =
    (await deps.main.getSettings(ledger))?.settings ?? defaultLedgerSettings(deps.config.defaultReplyTo ?? deps.config.fromAddress);
  const context: ChangeContext = { settings, customerHold: memoizedHolds(deps.main, ledger) };
  const reputation = await deps.main.getReputation(ledger.tenant);
  const known = run.teams.get(ledger.tenant);
  // Hosted, a team this run could not read has no plan to hold its sends to: its ledgers wait (holdLedger).
  if (deps.tenants && !known) throw new Error("the team's record could not be read, or the team is no longer on record");
  const team = known?.record;
  const suspended =
    team?.status === 'suspended'
      ? `the team's use of Dunning Desk is suspended${team.suspendedReason ? ` (${team.suspendedReason})` : ''}`
      : undefined;
  const preview = await deps.dispatch.sendContext(ledger, [...new Set(reminders.map((r) => r.invoiceNumber))], undefined, []);
  const shared = {
    ledger,
    actor: dispatcherActor(ledger.tenant),
    context,
    tenantPaused: reputation?.paused ? reputation.reason : suspended,
    now: run.now,
    repliesCaptured: run.replyTenants.has(ledger.tenant),
    fromAddress: fromAddressOf(team, deps.config.fromAddress),
  };
  const byDebtor = groupBy(reminders, (r) => preview.invoices.get(r.invoiceNumber)?.snapshot.contactEmail ?? `no-email:${r.invoiceNumber}`);
  const work = [...byDebtor].map(([recipient, theirs]) => ({
    tenant: ledger.tenant,
    oldestDueMs: oldestDue(theirs),
    ledger,
    email: recipient.startsWith('no-email:') ? undefined : recipient,
    groups: [...groupBy(theirs, emailKind).values()],
    customers: [...new Set(theirs.flatMap((r) => preview.invoices.get(r.invoiceNumber)?.snapshot.customer ?? []))],
    shared,
  }));
  return deps.together ? withReads(deps, ledger, preview, work) : work;
}

/**
 * Each debtor's logs, suppression and holds read with everyone's (a BatchGet for a hundred keys),
 * beside the invoices already read: what its first email is decided from when its writes are
 * made together, on the condition that each is still as read then.
 */
async function withReads(deps: DispatcherDeps, ledger: LedgerScope, preview: SendContext, work: DebtorWork[]): Promise<DebtorWork[]> {
  const emails = work.flatMap((w) => (w.email ? [w.email] : []));
  const around = await deps.dispatch.debtorsContext(ledger, emails, [...new Set(work.flatMap((w) => w.customers))]);
  return work.map((w) => {
    const numbers = new Set(w.groups.flat().map((r) => r.invoiceNumber));
    const debtorLog = w.email && around.debtorLogs.get(w.email.toLowerCase());
    const suppression = w.email && around.suppressions.get(w.email.toLowerCase());
    const read: SendContext = {
      invoices: new Map([...preview.invoices].filter(([n]) => numbers.has(n))),
      unreadable: new Map([...preview.unreadable].filter(([n]) => numbers.has(n))),
      customerHolds: new Map([...around.customerHolds].filter(([c]) => w.customers.some((x) => x.toLowerCase() === c))),
      ...(debtorLog && { debtorLog }),
      ...(suppression && { suppression }),
    };
    return { ...w, read };
  });
}

/**
 * The run's sends, fairly and in parallel: the queue from fairQueue, taken by `lanes` workers
 * that share the run's one pacer (so the account's rate holds whatever the lanes). A debtor is
 * one lane's from lease to release. A simulated crash stops every lane from taking more work
 * and is thrown once the work in hand is done, as the run's end.
 */
async function sendFairly(deps: DispatcherDeps, work: readonly DebtorWork[], run: LedgerRun, summary: RunSummary): Promise<void> {
  // Each team's share of what this run can send: the pacer's rate for the time it has.
  const capacity = ((await deps.pacer.perSecond()) * Math.max(0, run.remainingMs() - deps.config.safetyMs)) / 1000;
  const demands = new Map<string, number>();
  for (const w of work) demands.set(w.tenant, (demands.get(w.tenant) ?? 0) + 1);
  const shares = fairShares(demands, capacity, deps.config.tenantEmailsPerRun ?? DEFAULT_TENANT_EMAILS_PER_RUN);
  const { queue, deferred } = fairQueue(work, shares);
  for (const item of deferred) summary.leftForNextRun += item.groups.flat().length;
  const started = new Map<string, number>();
  let crash: Error | undefined;
  await mapLimited(queue, Math.max(1, deps.config.lanes ?? 1), async (item) => {
    if (crash) {
      summary.leftForNextRun += item.groups.flat().length;
      return;
    }
    try {
      await sendToDebtor(deps, item, run, summary, started);
    } catch (error) {
      // Only a simulated crash passes sendToDebtor's guards; anything else is made an Error to be thrown alike.
      crash = error instanceof Error ? error : new Error(String(error));
    }
  });
  if (crash) throw crash;
}

/** The least a team may send in a run with work, however many teams share it. */
export const DEFAULT_TENANT_EMAILS_PER_RUN = 20;

/** One debtor's groups in turn: the run's time, SES's refusal of all and the team's day's allowance checked before each. */
async function sendToDebtor(
  deps: DispatcherDeps,
  item: DebtorWork,
  { owner, now, remainingMs, teams, firstAnswer }: LedgerRun,
  summary: RunSummary,
  started: Map<string, number>,
): Promise<void> {
  const { ledger, email, customers, shared } = item;
  const known = teams.get(ledger.tenant);
  // The ledger's read serves the first email; the next ones read afresh (the first changed the log).
  let read = item.read;
  for (const group of item.groups) {
    // SES refuses every message for now: asking again for each debtor would only burn their tries.
    if (remainingMs() < deps.config.safetyMs || summary.blockedBy) {
      summary.leftForNextRun += group.length;
      continue;
    }
    // Counted as the email starts (lanes run at once), given back if none went.
    const begun = started.get(ledger.tenant) ?? 0;
    if (known && begun >= known.emailsLeftToday) {
      const perDay = known.record.limits.emailsPerDay.toLocaleString('en-US');
      const why = `the team's plan sends at most ${perDay} emails a day; it goes tomorrow`;
      await guard(deps, summary, { ...ledger, step: 'plan' }, () => postpone(deps, group, why, startOfNextUtcDay(now), now, summary));
      continue;
    }
    started.set(ledger.tenant, begun + 1);
    const emailed = { yes: false };
    const where = { ...ledger, to: email ?? '(none)', invoices: group.map((r) => r.invoiceNumber).join(',') };
    await guard(deps, summary, where, async () => {
      try {
        const target = { ...shared, email, customers, lease: { owner, released: false }, emailed, firstAnswer, ...(read && { read }) };
        read = undefined;
        await leaseAndSend(deps, target, group, summary);
      } finally {
        if (!emailed.yes) started.set(ledger.tenant, (started.get(ledger.tenant) ?? 1) - 1);
      }
    });
  }
}

/**
 * Holds the debtor's lease around the claim and the send: another run at the same address waits
 * for the next. Its writes together where they can be (leaseAndSendTogether), else one at a time.
 */
async function leaseAndSend(deps: DispatcherDeps, target: Target, group: ReminderRecord[], summary: RunSummary): Promise<void> {
  const { ledger, email, now, lease } = target;
  if (email && deps.together && (await leaseAndSendTogether(deps, deps.together, { ...target, email }, group, summary))) return;
  if (email && (await deps.dispatch.leaseDebtor(ledger, email, lease.owner, now, now + deps.config.leaseMs)) === 'held') {
    summary.busy += group.length;
    return;
  }
  try {
    await claimAndSend(deps, target, group, lease.owner, summary);
  } catch (error) {
    // A crash keeps its lease until it expires; any other failure frees the debtor at once.
    if (email && !lease.released && !(error instanceof SimulatedCrash)) await deps.dispatch.releaseDebtor(ledger, email, lease.owner);
    throw error;
  }
  // After a send, counting it for the cap ended the lease in the same write.
  if (email && !lease.released) await deps.dispatch.releaseDebtor(ledger, email, lease.owner);
}

/**
 * A ledger this run cannot handle at all (its settings unreadable, say): its due reminders wait
 * an hour with the reason on them, visible in the sidebar, and go once the cause is mended.
 */
async function holdLedger(
  deps: DispatcherDeps,
  reminders: ReminderRecord[],
  reason: string,
  now: number,
  summary: RunSummary,
): Promise<void> {
  await postpone(deps, reminders, reason, now + 3600_000, now, summary);
}

/** Due reminders left PENDING until `untilMs`, the reason on each (shown in the sidebar) and audited once, not every time. */
async function postpone(
  deps: DispatcherDeps,
  reminders: readonly ReminderRecord[],
  reason: string,
  untilMs: number,
  now: number,
  summary: RunSummary,
): Promise<void> {
  const waiting = `waiting: ${reason}`;
  for (const r of reminders) {
    const next: ReminderRecord = { ...r, sendAt: iso(untilMs), reason: waiting, updatedAt: iso(now) };
    if ((await deps.main.putReminder(next, ['PENDING'], r.updatedAt)) !== 'ok') continue;
    summary.moved += 1;
    // Said once in the audit trail, not every hour it goes on.
    if (r.reason !== waiting)
      await deps.audit.append(
        scopeOf(r),
        dispatchEvent(dispatcherActor(r.tenant), now, 'reminder.moved', { stepId: r.stepId, to: next.sendAt, reason }),
      );
  }
}

interface Target {
  ledger: LedgerScope;
  actor: Actor;
  context: ChangeContext;
  tenantPaused: string | undefined;
  email: string | undefined;
  customers: string[];
  now: number;
  /** This run's lease on the address; `released` once a write has ended it. */
  lease: { owner: string; released: boolean };
  /** Set once SES accepted this target's email. */
  emailed?: { yes: boolean };
  /** The run's first answer from SES, which every call waits for (absent: SES is asked at once). */
  firstAnswer?: FirstAnswer;
  /** The tenant's reply alias is stored: the email's Reply-To may name the reply domain. */
  repliesCaptured: boolean;
  /** The team's own address once its domain is verified (hosted), else the service's. */
  fromAddress: string;
  /** The debtor's invoices, log, holds and suppression as read with the ledger's, if they were. */
  read?: SendContext;
}

/**
 * The lease, the claims and everything up to the send batch in one request (`together`), decided
 * from the debtor's invoices, log, holds and suppression as read with the ledger's (or just
 * before, for a debtor's second email): the lease is taken only if the log is still as read (the
 * cap was decided on it), each claim only if its reminder is, and the rest only if each invoice,
 * hold and suppression is, so what the read decided is what holds when the writes land. Then
 * SES, then the follow-up in one more. False when it could not be done so (a condition failed,
 * or a problem on the way): nothing was written, and the caller takes the steps one write at a time.
 */
async function leaseAndSendTogether(
  deps: DispatcherDeps,
  together: WriteTogether,
  target: Target & { email: string },
  group: ReminderRecord[],
  summary: RunSummary,
): Promise<boolean> {
  const { ledger, email, now, lease } = target;
  const batchId = deps.newId();
  const numbers = [...new Set(group.map((r) => r.invoiceNumber))];
  const read = target.read ?? (await deps.dispatch.sendContext(ledger, numbers, email, target.customers));
  // Counted apart: if the writes are not made, the steps one at a time count what they do.
  const counted = emptySummary();
  let once: Together<{ claimed: ReminderRecord[]; prepared: PreparedEmail | undefined }>;
  try {
    once = await together.run(async (stores) => {
      const gathered: DispatcherDeps = { ...deps, ...stores };
      for (const n of numbers)
        if (!read.unreadable.has(n)) stores.asRead.invoice({ ...ledger, invoiceNumber: n }, read.invoices.get(n)?.version);
      for (const c of target.customers) stores.asRead.customerHold(ledger, c, read.customerHolds.has(c.toLowerCase()));
      stores.asRead.suppression(ledger.tenant, email, read.suppression !== undefined);
      const version = read.debtorLog?.version;
      await stores.dispatch.leaseDebtor(ledger, email, lease.owner, now, now + deps.config.leaseMs, version ?? 'absent');
      const claimed = await claim(gathered, group, lease.owner, batchId, now);
      deps.faults?.('after-claim');
      // The log as the lease leaves it: the cap's count after the send is conditional on it.
      const debtorLog = { sentAt: [], batches: [], ...read.debtorLog, version: version ?? 0, leaseOwner: lease.owner };
      return { claimed, prepared: await prepareEmail(gathered, target, claimed, batchId, { ...read, debtorLog }, counted) };
    });
  } catch (error) {
    if (error instanceof SimulatedCrash) throw error;
    return false;
  }
  if (once.outcome === 'unknown') {
    // All made or none: the send batch, one of them, says which. Made, this run holds the debtor
    // and the claims and goes on to SES; none made, the steps go one at a time.
    const batch = once.value.prepared && (await deps.dispatch.getBatch(ledger.tenant, once.value.prepared.batch.batchId));
    if (!batch) return false;
  } else if (once.outcome !== 'done') return false;
  addCounts(summary, counted);
  const { claimed, prepared } = once.value;
  try {
    if (prepared)
      await releasedIfUnsent(deps, target, claimed, summary, (progress) => sendPrepared(deps, target, prepared, progress, summary));
  } catch (error) {
    // As one write at a time: a crash keeps its lease until it expires; any other failure frees the debtor.
    if (!lease.released && !(error instanceof SimulatedCrash)) await deps.dispatch.releaseDebtor(ledger, email, lease.owner);
    throw error;
  }
  if (!lease.released) await deps.dispatch.releaseDebtor(ledger, email, lease.owner);
  return true;
}

/** Each reminder of the group from PENDING to SENDING, held by this run for this batch; those whose claim took. */
async function claim(deps: DispatcherDeps, group: readonly ReminderRecord[], owner: string, batchId: string, now: number) {
  const claimed: ReminderRecord[] = [];
  for (const r of group) {
    const held: ReminderRecord = {
      ...r,
      state: 'SENDING',
      owner,
      leaseUntil: iso(now + deps.config.leaseMs),
      batchId,
      updatedAt: iso(now),
    };
    delete held.followUpAt;
    if ((await deps.main.putReminder(held, ['PENDING'], r.updatedAt)) === 'ok') claimed.push(held);
  }
  return claimed;
}

async function claimAndSend(
  deps: DispatcherDeps,
  target: Target,
  group: ReminderRecord[],
  owner: string,
  summary: RunSummary,
): Promise<void> {
  const batchId = deps.newId();
  const claimed = await claim(deps, group, owner, batchId, target.now);
  deps.faults?.('after-claim');
  if (claimed.length === 0) return;
  await releasedIfUnsent(deps, target, claimed, summary, (progress) => handleDebtor(deps, target, claimed, batchId, progress, summary));
}

/** Runs a claimed group's send; if it fails before SES was called, its reminders are released with the reason, never left SENDING. */
async function releasedIfUnsent(
  deps: DispatcherDeps,
  target: Target,
  claimed: readonly ReminderRecord[],
  summary: RunSummary,
  send: (progress: { sesCalled: boolean }) => Promise<void>,
): Promise<void> {
  const { now } = target;
  const progress = { sesCalled: false };
  try {
    await send(progress);
  } catch (error) {
    if (error instanceof SimulatedCrash || progress.sesCalled) throw error;
    // Nothing went to SES: the claimed reminders are released with the reason, never left SENDING.
    const reason = reasonOf(error);
    for (const reminder of claimed) {
      if (isInfrastructureError(error)) {
        const attempts = (reminder.attempts ?? 0) + 1;
        const next: ReminderRecord = {
          ...reminder,
          state: 'PENDING',
          sendAt: iso(now + backoffMs(attempts)),
          attempts,
          reason: `retrying: ${reason}`,
        };
        await finish(deps, target.actor, reminder, next, {
          type: 'reminder.retry_scheduled',
          data: { stepId: reminder.stepId, at: next.sendAt, reason },
        });
        summary.retried += 1;
      } else {
        const why = `it could not be prepared: ${reason}`;
        await finish(
          deps,
          target.actor,
          reminder,
          { ...reminder, state: 'FAILED', reason: why },
          { type: 'reminder.failed', data: { stepId: reminder.stepId, reason: why } },
        );
        summary.failed += 1;
      }
    }
    throw error;
  }
}

/** A reminder that may go, its invoice, and the invoice's reminders as read after the claim. */
type Sendable = { reminder: ReminderRecord; invoice: InvoiceRecord; reminders: ReminderRecord[] };

/** An email ready to go: its send batch written, what it says, and what the follow-up needs. */
interface PreparedEmail {
  email: string;
  batch: SendBatchRecord;
  composed: Extract<Awaited<ReturnType<typeof composeEmail>>, { ok: true }>;
  claimed: ReminderRecord[];
  sendable: Sendable[];
  debtorLog: SendContext['debtorLog'];
  replanWith: ChangeContext;
}

/**
 * One debtor's claimed reminders, as one email: re-read, decide, render, record the attempt,
 * send, record the outcome. Each step that ends the email's journey (a skip, a move, a dry run,
 * a refusal) records why, reminder by reminder, and the crash points between the steps are the
 * ones the send-once tests stop the dispatcher at.
 */
async function handleDebtor(
  deps: DispatcherDeps,
  target: Target,
  claimed: ReminderRecord[],
  batchId: string,
  progress: { sesCalled: boolean },
  summary: RunSummary,
): Promise<void> {
  const { ledger, email, customers } = target;
  // The re-read after the claim: what the sheet says now is what decides.
  const ctx = await deps.dispatch.sendContext(ledger, [...new Set(claimed.map((r) => r.invoiceNumber))], email, customers);
  const prepared = await prepareEmail(deps, target, claimed, batchId, ctx, summary);
  if (prepared) await sendPrepared(deps, target, prepared, progress, summary);
}

/** Decides, renders and records the attempt (the send batch); undefined when nothing is to go, each reminder's outcome recorded. */
async function prepareEmail(
  deps: DispatcherDeps,
  target: Target,
  claimed: ReminderRecord[],
  batchId: string,
  ctx: SendContext,
  summary: RunSummary,
): Promise<PreparedEmail | undefined> {
  const { context, email, customers } = target;
  // Holds of the customers grouped on were in the BatchGet; a customer renamed since is looked up.
  const holdOf = async (customer: string) =>
    ctx.customerHolds.get(customer.toLowerCase()) ?? (customers.includes(customer) ? undefined : await context.customerHold(customer));
  const replanWith: ChangeContext = { settings: context.settings, customerHold: holdOf };

  const sendable = await decideEach(deps, target, claimed, ctx, replanWith, summary);
  if (sendable.length === 0 || !email) return undefined;
  if (await movedByPolicy(deps, target, email, sendable, ctx, summary)) return undefined;
  deps.faults?.('after-checks');

  const composed = await composeEmail(deps, context.settings, sendable, ledgerToday(context.settings, target.now));
  if (!composed.ok) {
    await notComposed(deps, target, sendable, composed, summary);
    return undefined;
  }
  const { rendered, attachment } = composed;
  const about = {
    subject: rendered.subject,
    invoices: sendable.map(({ invoice }) => invoice.invoiceNumber),
    ...(attachment && {
      attachment: { fileName: attachment.filename, sha256: attachment.sha256, bytes: attachment.content.length, kind: attachment.kind },
    }),
  };
  if (context.settings.dryRun) {
    const reason = 'dry run: rendered, not sent';
    await endEach(
      deps,
      target,
      sendable,
      summary,
      'dryRun',
      (reminder) => ({
        next: { ...reminder, state: 'SKIPPED', reason },
        event: { type: 'reminder.dry_run', data: { stepId: reminder.stepId, to: email, ...about, text: rendered.text } },
      }),
      replanWith,
    );
    return undefined;
  }

  if (attachment?.statement) await recordStatement(deps, target, email, batchId, sendable, attachment);
  const batch = await recordAttempt(deps, target, email, batchId, sendable, about);
  deps.faults?.('after-attempt-record');
  return { email, batch, composed, claimed, sendable, debtorLog: ctx.debtorLog, replanWith };
}

/** SES, once, then what its answer says: the follow-up of a send, a refusal's outcome, or untried. */
async function sendPrepared(
  deps: DispatcherDeps,
  target: Target,
  prepared: PreparedEmail,
  progress: { sesCalled: boolean },
  summary: RunSummary,
): Promise<void> {
  const { email, batch, composed, claimed, sendable, replanWith } = prepared;
  const result = await callSes(deps, target, outgoing(deps, target, email, batch.batchId, composed), progress);
  if (!result.ok && result.kind === 'not-asked') {
    for (const { reminder } of sendable) await leaveUntried(deps, reminder, result.message, summary);
    return;
  }
  deps.faults?.('after-send');

  if (!result.ok) {
    for (const { reminder } of sendable) await afterRefusal(deps, target.actor, reminder, batch, result, target.now, summary);
    return;
  }
  summary.emails += 1;
  if (target.emailed) target.emailed.yes = true;
  const { marked, released } = await afterSent(
    deps,
    target.actor,
    batch,
    { messageId: result.messageId, by: 'dispatcher' },
    () => Promise.resolve(replanWith),
    {
      claimed,
      invoices: new Map(sendable.map(({ invoice }) => [invoice.invoiceNumber, invoice])),
      reminders: new Map(sendable.map(({ invoice, reminders }) => [invoice.invoiceNumber, reminders])),
      debtorLog: { log: prepared.debtorLog },
      leaseOwner: target.lease.owner,
    },
  );
  target.lease.released = released;
  summary.sent += marked;
  summary.sendsByTenant.set(target.ledger.tenant, (summary.sendsByTenant.get(target.ledger.tenant) ?? 0) + 1);
}

/** SES asked once, at the pacer's rate, after the run's first answer (which may say not to ask at all). */
async function callSes(deps: DispatcherDeps, target: Target, email: Parameters<Mailer['send']>[0], progress: { sesCalled: boolean }) {
  await deps.pacer.take(1);
  const ask = () => {
    progress.sesCalled = true;
    return deps.mailer.send(email);
  };
  return target.firstAnswer ? target.firstAnswer.send(ask) : ask();
}

/** An email that could not be made: tried again later if that may pass (a renderer's failure), else skipped with the reason. */
async function notComposed(
  deps: DispatcherDeps,
  target: Target,
  sendable: readonly Sendable[],
  { reason, retry }: { reason: string; retry?: boolean },
  summary: RunSummary,
): Promise<void> {
  if (retry) {
    for (const { reminder } of sendable) await afterRenderFailure(deps, target.actor, reminder, reason, target.now, summary);
    return;
  }
  await endEach(deps, target, sendable, summary, 'skipped', (reminder) => ({
    next: { ...reminder, state: 'SKIPPED', reason },
    event: { type: 'reminder.skipped', data: { stepId: reminder.stepId, reason } },
  }));
}

/**
 * Each claimed reminder against the invoice as it is now: an unreadable record fails, a changed
 * address moves it back to be grouped anew, a reason not to send skips it (paid, disputed,
 * promised, held, suppressed, paused), a step the team moved later waits; the rest may go.
 */
async function decideEach(
  deps: DispatcherDeps,
  target: Target,
  claimed: readonly ReminderRecord[],
  ctx: SendContext,
  replanWith: ChangeContext,
  summary: RunSummary,
): Promise<Sendable[]> {
  const { ledger, actor, context, email, now } = target;
  const sendable: Sendable[] = [];
  for (const reminder of claimed) {
    const unreadable = ctx.unreadable.get(reminder.invoiceNumber);
    if (unreadable) {
      const reason = `the invoice's stored record cannot be used (${unreadable}); correct the row in the sheet and sync`;
      await failWithProblem(deps, actor, reminder, reason, summary);
      deps.logger?.error('unreadable invoice record', { ...ledger, invoiceNumber: reminder.invoiceNumber, reason: unreadable });
      continue;
    }
    const invoice = ctx.invoices.get(reminder.invoiceNumber);
    if (invoice?.snapshot.contactEmail && invoice.snapshot.contactEmail !== email) {
      // The address changed since this run grouped it: back to PENDING, to be grouped anew.
      const moveReason = 'the contact email changed; it goes to the new address on the next run';
      await finish(
        deps,
        actor,
        reminder,
        { ...reminder, state: 'PENDING', sendAt: iso(now), reason: `moved: ${moveReason}` },
        { type: 'reminder.moved', data: { stepId: reminder.stepId, to: iso(now), reason: moveReason } },
      );
      summary.moved += 1;
      continue;
    }
    // This one as claimed: its claim may be among writes not yet made (leaseAndSendTogether).
    const reminders = invoice
      ? (await deps.main.reminders(scopeOf(reminder))).map((r) => (r.stepId === reminder.stepId ? reminder : r))
      : [];
    const planInput = {
      record: invoice,
      reminders,
      settings: context.settings,
      customerHold: invoice ? await replanWith.customerHold(invoice.snapshot.customer) : undefined,
      nowMs: now,
    };
    const reason = whyNotDispatch(planInput, reminder, {
      suppression: ctx.suppression,
      accountPause: target.tenantPaused && `sending is paused for this account: ${target.tenantPaused}`,
    });
    const later = !reason && invoice ? stepMovedTo({ ...planInput, record: invoice }, reminder) : undefined;
    if (reason) {
      await finish(
        deps,
        actor,
        reminder,
        { ...reminder, state: 'SKIPPED', reason },
        { type: 'reminder.skipped', data: { stepId: reminder.stepId, reason } },
        replanWith,
      );
      summary.skipped += 1;
    } else if (later !== undefined) {
      // Planned before the team moved this step to a later day: it waits for that day.
      const moveReason = 'the team moved this step of the ladder to a later day';
      await finish(
        deps,
        actor,
        reminder,
        { ...reminder, state: 'PENDING', sendAt: iso(later), reason: `moved: ${moveReason}` },
        { type: 'reminder.moved', data: { stepId: reminder.stepId, to: iso(later), reason: moveReason } },
      );
      summary.moved += 1;
    } else if (invoice) sendable.push({ reminder, invoice, reminders });
  }
  return sendable;
}

/**
 * The team's policy for this debtor now: outside business hours in the debtor's zone, or over
 * the contact cap, the email moves to the next slot both allow (unless a person sent it anyway).
 * True when it moved.
 */
async function movedByPolicy(
  deps: DispatcherDeps,
  target: Target,
  email: string,
  sendable: readonly Sendable[],
  ctx: SendContext,
  summary: RunSummary,
): Promise<boolean> {
  const { settings } = target.context;
  const { now } = target;
  const lead = sendable[0];
  if (!lead) return false;
  const hours = { ...settings.businessHours, timeZone: lead.invoice.snapshot.timeZone ?? settings.timeZone };
  const override = sendable.every((s) => s.reminder.override);
  const sentAt = ctx.debtorLog?.sentAt ?? [];
  let moveTo: number | undefined;
  let moveReason = '';
  if (!override && !isWithinBusinessHours(now, hours)) {
    moveTo = nextSendSlot(nextAllowedSendSlot(now, hours), sentAt, settings.cap, hours);
    moveReason = `outside business hours in ${hours.timeZone}`;
  } else if (!override && capFreesAt(sentAt, now, settings.cap) > now) {
    moveTo = nextSendSlot(now, sentAt, settings.cap, hours);
    moveReason = `${email} already had ${settings.cap.maxEmails} automated emails in ${settings.cap.windowDays} days`;
  }
  if (moveTo === undefined) return false;
  const to = iso(moveTo);
  await endEach(deps, target, sendable, summary, 'moved', (reminder) => ({
    next: { ...reminder, state: 'PENDING', sendAt: to, reason: `moved: ${moveReason}` },
    event: { type: 'reminder.moved', data: { stepId: reminder.stepId, to, reason: moveReason } },
  }));
  return true;
}

/** The email as SES gets it: the team's name and reply-to, the rendered parts, tags that bring SES's events back to the batch. */
function outgoing(
  deps: DispatcherDeps,
  target: Target,
  email: string,
  batchId: string,
  { rendered, attachment }: Extract<Awaited<ReturnType<typeof composeEmail>>, { ok: true }>,
): Parameters<Mailer['send']>[0] {
  const { settings } = target.context;
  const { replyDomain } = deps.config;
  return {
    from: { name: settings.senderName, address: target.fromAddress },
    replyTo: replyDomain && target.repliesCaptured ? replyAddress(replyDomain, target.ledger.tenant, batchId) : settings.replyTo,
    to: email,
    ...rendered,
    ...(attachment && {
      attachments: [{ filename: attachment.filename, content: attachment.content, contentType: 'application/pdf' as const }],
    }),
    tags: { dd_tenant: encodeTag(target.ledger.tenant), dd_batch: batchId },
  };
}

/** Ends every reminder of the email the same way, each with its own audit event, and counts them. */
async function endEach(
  deps: DispatcherDeps,
  target: Target,
  sendable: readonly Sendable[],
  summary: RunSummary,
  counted: 'skipped' | 'moved' | 'dryRun',
  outcome: (reminder: ReminderRecord) => { next: ReminderRecord; event: { type: string; data: Record<string, unknown> } },
  replanWith?: ChangeContext,
): Promise<void> {
  for (const { reminder } of sendable) {
    const { next, event } = outcome(reminder);
    await finish(deps, target.actor, reminder, next, event, replanWith);
    summary[counted] += 1;
  }
}

/**
 * Before SES is called: which reminders this email carries and what it says, so that however
 * the call ends (even a timeout that kills the function) the record shows what was attempted.
 * The audit trail gets it as email.sent once SES accepts, or as email.attempted when it is not
 * known to have gone (afterRefusal, and the sweep of a run that died after this write).
 */
async function recordAttempt(
  deps: DispatcherDeps,
  target: Target,
  email: string,
  batchId: string,
  sendable: readonly Sendable[],
  about: SendBatchRecord['about'],
): Promise<SendBatchRecord> {
  const { ledger, now } = target;
  const batch: SendBatchRecord = {
    tenant: ledger.tenant,
    batchId,
    to: email,
    about,
    attemptedAt: now,
    reminders: sendable.map(({ reminder }) => ({
      ledgerId: ledger.ledgerId,
      invoiceNumber: reminder.invoiceNumber,
      stepId: reminder.stepId,
    })),
  };
  await deps.dispatch.putBatch(batch, Math.floor(now / 1000) + 30 * 86400);
  return batch;
}

/**
 * A claimed reminder this run did not send because another lane learnt first that SES refuses
 * every message: PENDING again as it was, untried (SES was not called for it), for the next run.
 */
async function leaveUntried(deps: DispatcherDeps, reminder: ReminderRecord, why: string, summary: RunSummary): Promise<void> {
  const { batchId: _b, ...rest } = clearLease(reminder);
  const next: ReminderRecord = { ...rest, state: 'PENDING', reason: `waiting: the email service refuses every message for now: ${why}` };
  if ((await deps.main.putReminder({ ...next, updatedAt: iso(deps.clock.now()) }, ['SENDING'], reminder.updatedAt)) === 'ok')
    summary.leftForNextRun += 1;
}

/** What a failed send means for its reminder: only a definite refusal is ever tried again. */
async function afterRefusal(
  deps: DispatcherDeps,
  actor: Actor,
  reminder: ReminderRecord,
  batch: SendBatchRecord,
  result: Extract<Awaited<ReturnType<Mailer['send']>>, { ok: false }>,
  now: number,
  summary: RunSummary,
): Promise<void> {
  const email = batch.to;
  await deps.audit.append(scopeOf(reminder), attemptEvent(actor, now, batch, reminder.stepId));
  const attempts = (reminder.attempts ?? 0) + 1;
  if (result.kind === 'unknown') {
    const reason = `the email service's answer was lost (${result.message}); waiting for its confirmation before anything is sent again`;
    await finish(
      deps,
      actor,
      reminder,
      { ...reminder, state: 'UNKNOWN', reviewAt: iso(now + deps.config.settleMs), reason },
      { type: 'reminder.unknown', data: { stepId: reminder.stepId, to: email, reason } },
    );
    summary.unknown += 1;
  } else if (result.kind === 'permanent' || (result.kind === 'transient' && attempts >= MAX_REFUSALS)) {
    const reason = result.kind === 'permanent' ? result.message : `the email service refused it ${attempts} times: ${result.message}`;
    await finish(
      deps,
      actor,
      reminder,
      { ...reminder, state: 'FAILED', reason },
      { type: 'reminder.failed', data: { stepId: reminder.stepId, to: email, reason } },
    );
    summary.failed += 1;
  } else if (result.kind === 'blocked') {
    summary.blocked += 1;
    summary.blockedBy = result.message;
    deps.logger?.error('the email service refuses every message', {
      tenant: reminder.tenant,
      ledgerId: reminder.ledgerId,
      reason: result.message,
      attempts,
    });
    if (attempts >= MAX_BLOCKED_TRIES) {
      const reason = `not sent, after ${attempts} tries: ${result.message}. Whoever runs your Dunning Desk backend must mend that; then "Send again" sends it.`;
      await finish(
        deps,
        actor,
        reminder,
        { ...reminder, state: 'NEEDS_REVIEW', attempts, notSent: true, reason },
        { type: 'reminder.needs_review', data: { stepId: reminder.stepId, to: email, reason } },
      );
      summary.needsReview += 1;
    } else {
      const retryAt = iso(now + backoffMs(attempts));
      const reason = `the email service refuses every message for now: ${result.message}`;
      await finish(
        deps,
        actor,
        reminder,
        { ...reminder, state: 'PENDING', sendAt: retryAt, attempts, reason: `retrying: ${reason}` },
        { type: 'reminder.retry_scheduled', data: { stepId: reminder.stepId, at: retryAt, reason } },
      );
      summary.retried += 1;
    }
  } else {
    const retryAt = iso(now + backoffMs(attempts));
    const reason =
      result.kind === 'throttled'
        ? 'the email service asked us to slow down'
        : `the email service did not accept it yet (${result.message})`;
    await finish(
      deps,
      actor,
      reminder,
      { ...reminder, state: 'PENDING', sendAt: retryAt, attempts, reason: `retrying: ${reason}` },
      { type: 'reminder.retry_scheduled', data: { stepId: reminder.stepId, at: retryAt, reason } },
    );
    summary.retried += 1;
  }
}

/** The earliest send time among reminders, epoch ms (a loop: a ledger may have more than a spread's arguments). */
const oldestDue = (reminders: readonly ReminderRecord[]) => reminders.reduce((min, r) => Math.min(min, Date.parse(r.sendAt)), Infinity);

const startOfNextUtcDay = (ms: number) => (Math.floor(ms / 86_400_000) + 1) * 86_400_000;

/** Which reminders may share one email: chasing with chasing; thanks, and each letter, alone. */
function emailKind(r: ReminderRecord): string {
  if (r.stepId === THANK_YOU_STEP) return 'thanks';
  return r.letter ? `letter:${r.letter.sha256}` : 'reminder';
}

interface Attachment {
  filename: string;
  content: Uint8Array;
  sha256: string;
  kind: 'letter' | 'statement';
  /** A statement's figures, for its statement.made record. */
  statement?: { content: StatementContent; madeFor: string };
}

/** `retry`: the email could not be made for now (the statement's renderer failed), so it is tried again later. */
type Composed = { ok: true; rendered: RenderedEmail; attachment?: Attachment } | { ok: false; reason: string; retry?: boolean };

/**
 * The email for a group: a letter's covering note with the PDF exactly as it was made (its hash
 * checked against the one recorded), or the reminder template listing the group's invoices.
 */
async function composeEmail(
  deps: DispatcherDeps,
  settings: LedgerSettings,
  sendable: { reminder: ReminderRecord; invoice: InvoiceRecord }[],
  today: CalendarDate,
): Promise<Composed> {
  const lead = sendable[0];
  if (!lead) throw new Error('an email needs at least one reminder');
  const { letter } = lead.reminder;
  const locale = debtorLocale(lead.invoice.snapshot.timeZone, settings.timeZone);
  if (letter) {
    const stored = await deps.main.getLetter(scopeOf(lead.reminder), letter.sha256);
    if (!stored || sha256Hex(stored.pdf) !== letter.sha256)
      return { ok: false, reason: "the letter's PDF is no longer kept (letters can be emailed for 30 days); make it again" };
    return {
      ok: true,
      rendered: renderLetterEmail(settings, debtorOf(lead.invoice), letter, locale),
      attachment: { filename: letter.fileName, content: stored.pdf, sha256: letter.sha256, kind: 'letter' },
    };
  }
  const firmest = sendable.reduce((a, b) => (stepIndex(settings, b.reminder.stepId) > stepIndex(settings, a.reminder.stepId) ? b : a));
  const invoices: EmailInvoice[] = sendable.map(({ invoice }) => emailInvoiceOf(invoice, today, settings));
  const kind = lead.reminder.stepId === THANK_YOU_STEP ? 'thanks' : 'reminder';
  const template = templateFor(settings, firmest.reminder.templateId);
  const statement =
    kind === 'reminder' && template.attachStatement ? await statementToAttach(deps, settings, lead.invoice, today) : undefined;
  if (statement && !statement.ok) return statement;
  const attachment = statement?.attachment;
  return {
    ok: true,
    rendered: renderReminderEmail(template, settings, debtorOf(lead.invoice), invoices, locale, kind, {
      ...(attachment && { statement: attachment.filename }),
    }),
    ...(attachment && { attachment }),
  };
}

/**
 * The customer's statement of account as of the day the email goes, for a step whose email
 * attaches it: made from the invoices as synced now, rendered to the same bytes the sidebar's
 * statement would have. A statement that cannot be made (nothing open in the currency, too many
 * invoices) skips the email with the reason; a renderer that fails leaves it to be tried again.
 */
async function statementToAttach(
  deps: DispatcherDeps,
  settings: LedgerSettings,
  lead: InvoiceRecord,
  today: CalendarDate,
): Promise<{ ok: true; attachment: Attachment } | { ok: false; reason: string; retry?: boolean }> {
  if (!deps.statements) return { ok: false, reason: 'this email attaches the statement of account, which this dispatcher cannot make' };
  const ledger = { tenant: lead.tenant, ledgerId: lead.ledgerId };
  const made = statementOfAccount(settings, lead, await deps.main.customerInvoices(ledger, lead.snapshot.customer), today);
  if (!made.ok) return { ok: false, reason: `the statement of account this email attaches could not be made: ${made.error}` };
  let content: Uint8Array;
  try {
    content = await deps.statements(made.value.content);
  } catch (error) {
    return { ok: false, retry: true, reason: `the statement of account this email attaches could not be rendered (${reasonOf(error)})` };
  }
  return {
    ok: true,
    attachment: {
      filename: made.value.fileName,
      content,
      sha256: sha256Hex(content),
      kind: 'statement',
      statement: { content: made.value.content, madeFor: lead.invoiceNumber },
    },
  };
}

/**
 * The statement an email attaches, recorded as made on every invoice it lists (not only those
 * the email is about) before SES is called, with its hash and figures and the batch it went
 * in: the same record the sidebar's statement leaves, so the evidence pack lists both alike.
 */
async function recordStatement(
  deps: DispatcherDeps,
  target: Target,
  email: string,
  batchId: string,
  sendable: readonly Sendable[],
  attachment: Attachment,
): Promise<void> {
  const { statement } = attachment;
  const lead = sendable[0];
  if (!statement || !lead) return;
  const { content, madeFor } = statement;
  const data = {
    fileName: attachment.filename,
    sha256: attachment.sha256,
    bytes: attachment.content.length,
    templateVersion: content.templateVersion,
    asOf: content.asOf,
    totalDue: content.totalDue,
    invoices: content.invoiceNumbers,
    madeFor,
    emailedIn: batchId,
    to: email,
  };
  const ledger = { tenant: lead.reminder.tenant, ledgerId: lead.reminder.ledgerId };
  for (const invoiceNumber of content.invoiceNumbers)
    await deps.audit.append(
      { ...ledger, invoiceNumber },
      dispatchEvent(target.actor, target.now, 'statement.made', data, `statement.made:${batchId}`),
    );
}

/** A reminder that cannot go, FAILED with the reason; counted as a problem, which the run's alarm reads. */
async function failWithProblem(deps: DispatcherDeps, actor: Actor, reminder: ReminderRecord, reason: string, summary: RunSummary) {
  await finish(
    deps,
    actor,
    reminder,
    { ...reminder, state: 'FAILED', reason },
    { type: 'reminder.failed', data: { stepId: reminder.stepId, reason } },
  );
  summary.failed += 1;
  summary.problems += 1;
}

/** A statement's renderer failed: the email is tried again later, as a refusal by SES would be, and fails after as many tries. */
async function afterRenderFailure(
  deps: DispatcherDeps,
  actor: Actor,
  reminder: ReminderRecord,
  why: string,
  now: number,
  summary: RunSummary,
): Promise<void> {
  const attempts = (reminder.attempts ?? 0) + 1;
  if (attempts >= MAX_REFUSALS) {
    await failWithProblem(deps, actor, reminder, `not sent after ${attempts} tries: ${why}`, summary);
    return;
  }
  const retryAt = iso(now + backoffMs(attempts));
  await finish(
    deps,
    actor,
    reminder,
    { ...reminder, state: 'PENDING', sendAt: retryAt, attempts, reason: `retrying: ${why}` },
    { type: 'reminder.retry_scheduled', data: { stepId: reminder.stepId, at: retryAt, reason: why } },
  );
  summary.retried += 1;
  deps.logger?.error('statement not rendered', { tenant: reminder.tenant, ledgerId: reminder.ledgerId, reason: why, attempts });
}

const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function stepIndex(settings: LedgerSettings, stepId: string): number {
  const i = settings.ladder.steps.findIndex((s) => s.id === stepId);
  return i < 0 ? settings.ladder.steps.length : i;
}

/**
 * Moves a claimed reminder out of SENDING (only if this run still holds it) and audits it under
 * an id of its own, so a lost answer does not record it twice. With `replanWith`, the invoice's
 * next step is planned too; the follow-up deadline set with the outcome lets the next run's
 * sweep plan it if this run dies first.
 */
async function finish(
  deps: DispatcherDeps,
  actor: Actor,
  claimed: ReminderRecord,
  next: ReminderRecord,
  audit: { type: string; data: Record<string, unknown> },
  replanWith?: ChangeContext,
): Promise<void> {
  const now = deps.clock.now();
  const outcome: ReminderRecord = {
    ...clearLease(next),
    updatedAt: iso(now),
    ...(replanWith && { followUpAt: iso(now + FOLLOW_UP_GRACE_MS) }),
  };
  if (next.state !== 'PENDING' && next.state !== 'UNKNOWN') delete outcome.reviewAt;
  if (next.state === 'UNKNOWN' && next.reviewAt) outcome.reviewAt = next.reviewAt;
  if ((await deps.main.putReminder(outcome, ['SENDING'], claimed.updatedAt)) !== 'ok') return;
  await deps.audit.append(
    scopeOf(claimed),
    dispatchEvent(actor, now, audit.type, audit.data, `${audit.type}:${claimed.batchId ?? claimed.updatedAt}:${claimed.stepId}`),
  );
  if (replanWith) await finishFollowUp(deps, actor, outcome, () => Promise.resolve(replanWith));
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k) ?? [];
    list.push(item);
    groups.set(k, list);
  }
  return groups;
}
