/* eslint-disable @typescript-eslint/require-await -- the ports are async because DynamoDB is; memory answers at once */
import type { ReminderState } from '../../../shared/api/contract';
import type { IdempotencyBegin } from '../../../lambdas/services/ports/idempotency-store';
import type { InvoicePage } from '../../../lambdas/services/ports/invoice-store';
import type { MainStore } from '../../../lambdas/services/ports/main-store';
import { type InvoiceScope, keys, type LedgerScope } from '../../../lambdas/store/keys';
import * as schemas from '../../../lambdas/store/records';
import { SortedTable } from './sorted-table';

/** As the DynamoDB adapter: a crashed request holds its id this long, an answer is kept a day. */
const IDEMPOTENCY_LOCK_MS = 60_000;
const IDEMPOTENCY_TTL_S = 24 * 3600;
const seconds = (ms: number) => Math.floor(ms / 1000);

interface RequestItem {
  fingerprint: string;
  status: 'IN_PROGRESS' | 'DONE';
  lockedUntil: number;
  /** In seconds, as DynamoDB's TTL attribute is. */
  expiresAt: number;
  response?: { status: number; body: string };
}

/**
 * The main table's ports held in memory, for tests that run a service thousands of times
 * (property tests over long histories) where dynalite's per-request cost would dominate. It keeps
 * the DynamoDB adapter's keys, order, conditions and quirks (a page that fills its limit says
 * more may follow, as DynamoDB's LastEvaluatedKey does), parses every record it returns with the
 * same zod schemas, and hands out copies, so a caller mutating a result changes nothing stored.
 * `test/integration/store-contract.test.ts` runs the same assertions against both adapters.
 */
export class InMemoryMainStore implements MainStore {
  private readonly table = new SortedTable();
  private readonly requests = new Map<string, RequestItem>();
  private readonly tracked = new Map<string, number>();
  /** When each ledger's sweep and digest are next due (the deadline index's entries), by ledger key. */
  readonly sweeps = new Map<string, string>();
  readonly digests = new Map<string, string>();

  /** Test set-up for what other stores write here: the SES-event handler's suppressions and sender pause. */
  suppress(tenant: string, record: schemas.SuppressionRecord): void {
    this.table.put(keys.tenant(tenant), keys.suppressionSk(record.email), schemas.SuppressionRecord.parse(record));
  }
  pauseSender(tenant: string, record: schemas.ReputationRecord): void {
    this.table.put(keys.tenant(tenant), keys.reputationSk(), schemas.ReputationRecord.parse(record));
  }

  async getInvoices(scope: LedgerScope, invoiceNumbers: readonly string[]): Promise<Map<string, schemas.InvoiceRecord>> {
    const found = invoiceNumbers.map((n) => this.table.get(keys.ledger(scope), keys.invoiceSk(n)));
    return new Map(found.flatMap((item) => (item ? [schemas.InvoiceRecord.parse(item)] : [])).map((r) => [r.invoiceNumber, r]));
  }

  async getInvoice(scope: InvoiceScope): Promise<schemas.InvoiceRecord | undefined> {
    const item = this.table.get(keys.ledger(scope), keys.invoiceSk(scope.invoiceNumber));
    return item === undefined ? undefined : schemas.InvoiceRecord.parse(item);
  }

  async putInvoice(record: schemas.InvoiceRecord, expectedVersion: number | undefined): Promise<'ok' | 'conflict'> {
    const [pk, sk] = [keys.ledger(record), keys.invoiceSk(record.invoiceNumber)];
    const current = this.table.get(pk, sk) as schemas.InvoiceRecord | undefined;
    if (expectedVersion === undefined ? current !== undefined : current?.version !== expectedVersion) return 'conflict';
    this.table.put(pk, sk, record);
    return 'ok';
  }

  async customerInvoices(scope: LedgerScope, customer: string): Promise<schemas.InvoiceRecord[]> {
    return this.table
      .query(keys.ledger(scope), 'INV#')
      .map((item) => schemas.InvoiceRecord.parse(item))
      .filter((r) => r.snapshot.customer.toLowerCase() === customer.toLowerCase());
  }

  async invoicePage(scope: LedgerScope, limit: number, after?: string): Promise<InvoicePage> {
    const pk = keys.ledger(scope);
    const records = this.table
      .query(pk, 'INV#', after === undefined ? undefined : keys.invoiceSk(after))
      .slice(0, limit)
      .map((item) => schemas.InvoiceRecord.parse(item));
    const reminders = records.flatMap((r) => this.table.query(pk, keys.remindersOfInvoicePrefix(r.invoiceNumber)));
    const last = records[records.length - 1];
    return {
      records,
      reminders: reminders.map((item) => schemas.ReminderRecord.parse(item)),
      ...(records.length === limit && last && { next: last.invoiceNumber }),
    };
  }

  async getSettings(scope: LedgerScope): Promise<schemas.SettingsRecord | undefined> {
    const item = this.table.get(keys.ledger(scope), keys.settingsSk());
    return item === undefined ? undefined : schemas.SettingsRecord.parse(item);
  }

  async putSettings(scope: LedgerScope, record: schemas.SettingsRecord): Promise<void> {
    this.table.put(keys.ledger(scope), keys.settingsSk(), record);
  }

  async getCustomerHold(scope: LedgerScope, customer: string): Promise<schemas.CustomerHoldRecord | undefined> {
    const item = this.table.get(keys.ledger(scope), keys.customerSk(customer));
    return item === undefined ? undefined : schemas.CustomerHoldRecord.parse(item);
  }

  async customerHolds(scope: LedgerScope): Promise<schemas.CustomerHoldRecord[]> {
    return this.table.query(keys.ledger(scope), 'CUST#').map((item) => schemas.CustomerHoldRecord.parse(item));
  }

  async putCustomerHold(record: schemas.CustomerHoldRecord): Promise<void> {
    this.table.put(keys.ledger(record), keys.customerSk(record.customer), record);
  }

  async deleteCustomerHold(scope: LedgerScope, customer: string): Promise<void> {
    this.table.delete(keys.ledger(scope), keys.customerSk(customer));
  }

  async reminders(scope: InvoiceScope): Promise<schemas.ReminderRecord[]> {
    return this.table
      .query(keys.ledger(scope), keys.remindersOfInvoicePrefix(scope.invoiceNumber))
      .map((item) => schemas.ReminderRecord.parse(item));
  }

  async putReminder(
    record: schemas.ReminderRecord,
    expected: readonly ReminderState[] | 'absent',
    ifUpdatedAt?: string,
  ): Promise<'ok' | 'conflict'> {
    const [pk, sk] = [keys.ledger(record), keys.reminderSk(record.invoiceNumber, record.stepId)];
    const current = this.table.get(pk, sk) as schemas.ReminderRecord | undefined;
    const holds =
      expected === 'absent'
        ? current === undefined
        : current !== undefined && expected.includes(current.state) && (ifUpdatedAt === undefined || current.updatedAt === ifUpdatedAt);
    if (!holds) return 'conflict';
    this.table.put(pk, sk, record);
    return 'ok';
  }

  async getReminder(scope: InvoiceScope, stepId: string): Promise<schemas.ReminderRecord | undefined> {
    const item = this.table.get(keys.ledger(scope), keys.reminderSk(scope.invoiceNumber, stepId));
    return item === undefined ? undefined : schemas.ReminderRecord.parse(item);
  }

  async suppressions(tenant: string, emails: readonly string[]): Promise<Map<string, schemas.SuppressionRecord>> {
    const unique = [...new Set(emails.map((e) => e.toLowerCase()))];
    const found = unique.flatMap((email) => {
      const item = this.table.get(keys.tenant(tenant), keys.suppressionSk(email));
      return item ? [schemas.SuppressionRecord.parse(item)] : [];
    });
    return new Map(found.map((r) => [r.email.toLowerCase(), r]));
  }

  async getReputation(tenant: string): Promise<schemas.ReputationRecord | undefined> {
    const item = this.table.get(keys.tenant(tenant), keys.reputationSk());
    return item === undefined ? undefined : schemas.ReputationRecord.parse(item);
  }

  async countDaily(tenant: string, what: string, day: string, limit: number): Promise<'ok' | 'over'> {
    const [pk, sk] = [keys.tenant(tenant), `COUNT#${encodeURIComponent(what)}#${day}`];
    const uses = (this.table.get(pk, sk) as { uses: number } | undefined)?.uses ?? 0;
    if (uses >= limit) return 'over';
    this.table.put(pk, sk, { uses: uses + 1 });
    return 'ok';
  }

  async putLetter(record: schemas.LetterRecord): Promise<void> {
    this.table.put(keys.ledger(record), keys.letterSk(record.invoiceNumber, record.sha256), record);
  }

  async getLetter(scope: InvoiceScope, sha256: string): Promise<schemas.LetterRecord | undefined> {
    const item = this.table.get(keys.ledger(scope), keys.letterSk(scope.invoiceNumber, sha256));
    return item === undefined ? undefined : schemas.LetterRecord.parse(item);
  }

  async trackedInvoices(scope: LedgerScope): Promise<number> {
    return Promise.resolve(this.tracked.get(keys.ledger(scope)) ?? 0);
  }

  async countTracked(scope: LedgerScope, added: number): Promise<void> {
    this.tracked.set(keys.ledger(scope), (this.tracked.get(keys.ledger(scope)) ?? 0) + added);
    return Promise.resolve();
  }

  async ensureLedgerSweep(scope: LedgerScope, atIso: string): Promise<void> {
    if (!this.sweeps.has(keys.ledger(scope))) this.sweeps.set(keys.ledger(scope), atIso);
  }

  async restartLedgerSweep(scope: LedgerScope, atIso: string): Promise<void> {
    this.sweeps.set(keys.ledger(scope), atIso);
  }

  async scheduleDigest(scope: LedgerScope, atIso: string | undefined, ifDueSk?: string): Promise<'ok' | 'conflict'> {
    const pk = keys.ledger(scope);
    if (!atIso) {
      this.digests.delete(pk);
      return 'ok';
    }
    const current = this.digests.get(pk);
    if (ifDueSk !== undefined && (current === undefined || `${current}#${pk}#${keys.digestSk()}` !== ifDueSk)) return 'conflict';
    this.digests.set(pk, atIso);
    return 'ok';
  }

  async beginRequest(tenant: string, requestId: string, fingerprint: string, nowMs: number): Promise<IdempotencyBegin> {
    const key = `${keys.tenant(tenant)}|${keys.requestSk(requestId)}`;
    const existing = this.requests.get(key);
    const free = !existing || existing.expiresAt < seconds(nowMs) || (existing.status === 'IN_PROGRESS' && existing.lockedUntil < nowMs);
    if (free) {
      this.requests.set(key, {
        fingerprint,
        status: 'IN_PROGRESS',
        lockedUntil: nowMs + IDEMPOTENCY_LOCK_MS,
        expiresAt: seconds(nowMs) + IDEMPOTENCY_TTL_S,
      });
      return { kind: 'new' };
    }
    if (existing.fingerprint !== fingerprint) return { kind: 'mismatch' };
    if (existing.status === 'DONE' && existing.response) return { kind: 'done', ...existing.response };
    return { kind: 'in_progress' };
  }

  async finishRequest(tenant: string, requestId: string, fingerprint: string, status: number, body: string, nowMs: number): Promise<void> {
    const key = `${keys.tenant(tenant)}|${keys.requestSk(requestId)}`;
    this.requests.set(key, {
      fingerprint,
      status: 'DONE',
      lockedUntil: 0,
      expiresAt: seconds(nowMs) + IDEMPOTENCY_TTL_S,
      response: { status, body },
    });
  }

  async abandonRequest(tenant: string, requestId: string): Promise<void> {
    this.requests.delete(`${keys.tenant(tenant)}|${keys.requestSk(requestId)}`);
  }
}
