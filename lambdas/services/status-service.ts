import type { InvoiceStatusView, LedgerStatusQuery, LedgerStatusResponse } from '../../shared/api/contract';
import type { LedgerScope } from '../store/keys';
import type { InvoiceRecord, ReminderRecord } from '../store/records';
import { automationState, planReminders } from './reminder-planner';
import type { Actor, ServiceDeps } from './service-deps';
import { changeContext } from './settings-service';
import type { CustomerHoldStore } from './ports/customer-hold-store';
import type { InvoiceStore } from './ports/invoice-store';
import type { SendingLimits } from './ports/sending-limits';
import type { SettingsStore } from './ports/settings-store';

/** The main table's ports this module uses. */
type Stores = InvoiceStore & CustomerHoldStore & SendingLimits & SettingsStore;

function lastContactOf(logged: InvoiceRecord['lastContact'], reminders: readonly ReminderRecord[]): InvoiceStatusView['lastContact'] {
  let latest: InvoiceStatusView['lastContact'] = logged && { at: logged.at, kind: logged.channel };
  for (const r of reminders) {
    if (r.state !== 'SENT') continue;
    if (!latest || Date.parse(r.updatedAt) > Date.parse(latest.at)) latest = { at: r.updatedAt, kind: 'reminder', label: r.label };
  }
  return latest;
}

/**
 * One page of the ledger's invoices with, for each, the latest contact, the ladder's next step
 * and what automation is doing: what the add-on writes into its optional status columns.
 * Derived at read time from the same planner the dispatcher obeys, so the sheet cannot say
 * "sending" while the dispatcher would skip (an address that bounced included). A few
 * requests per page whatever its size: the invoices, their reminders, the ledger's customer
 * pauses, the addresses' suppressions, the settings and the account's reputation.
 */
export async function ledgerStatus(
  deps: ServiceDeps<Stores>,
  actor: Actor,
  scope: LedgerScope,
  query: Pick<LedgerStatusQuery, 'limit' | 'cursor'>,
): Promise<LedgerStatusResponse> {
  const { settings } = await changeContext(deps, actor, scope);
  const page = await deps.main.invoicePage(scope, query.limit, query.cursor);
  const pauses = new Map((await deps.main.customerHolds(scope)).map((p) => [p.customer.toLowerCase(), p]));
  const byInvoice = new Map<string, ReminderRecord[]>();
  for (const r of page.reminders) byInvoice.set(r.invoiceNumber, [...(byInvoice.get(r.invoiceNumber) ?? []), r]);
  const reputation = await deps.main.getReputation(scope.tenant);
  const suppressed = await deps.main.suppressions(
    scope.tenant,
    page.records.flatMap((r) => (r.snapshot.contactEmail ? [r.snapshot.contactEmail] : [])),
  );
  const accountPause = reputation?.paused ? `sending is paused for this account: ${reputation.reason}` : undefined;
  const nowMs = deps.clock.now();

  const invoices: InvoiceStatusView[] = [];
  for (const record of page.records) {
    const reminders = byInvoice.get(record.invoiceNumber) ?? [];
    const customerHold = pauses.get(record.snapshot.customer.toLowerCase());
    const plan = planReminders({ record, reminders, settings, ...(customerHold && { customerHold }), nowMs });
    const lastContact = lastContactOf(record.lastContact, reminders);
    const { next } = plan;
    const suppression = record.snapshot.contactEmail ? suppressed.get(record.snapshot.contactEmail.toLowerCase()) : undefined;
    const automation = automationState(plan, { accountPause, suppression });
    // A paused invoice has no next step until it resumes; saying one would mislead.
    const acting = automation.state === 'sending' || automation.state === 'your_turn';
    invoices.push({
      invoiceNumber: record.invoiceNumber,
      ...(lastContact && { lastContact }),
      ...(acting &&
        next.kind === 'step' && { nextStep: { label: next.step.label ?? next.step.id, action: next.step.action.kind, on: next.on } }),
      automation,
    });
  }
  return { invoices, ...(page.next !== undefined && { nextCursor: page.next }) };
}
