import type { BulkActionRequest, BulkActionResponse } from '../../shared/api/contract';
import { logContact } from './contact-service';
import { pauseInvoice } from './reminder-service';
import { type Actor, type ServiceDeps, ServiceError } from './service-deps';
import { changeContext } from './settings-service';
import { approveStep } from './step-decisions';
import type { InvoiceStore } from './ports/invoice-store';
import type { ReminderStore } from './ports/reminder-store';
import type { SettingsStore } from './ports/settings-store';
import type { SendingLimits } from './ports/sending-limits';
import type { CustomerHoldStore } from './ports/customer-hold-store';

/** The main table's ports this module uses. */
type Stores = InvoiceStore & ReminderStore & SettingsStore & SendingLimits & CustomerHoldStore;

/**
 * One action on the invoices of the rows a person selected, under the request's one id: each
 * invoice is changed through the same function its own sidebar button uses, so the audit trail
 * reads the same; an invoice that cannot take the action is named with why, and the others go on.
 */
export async function bulkAction(deps: ServiceDeps<Stores>, actor: Actor, body: BulkActionRequest): Promise<BulkActionResponse> {
  const ledger = { tenant: actor.principal.tenant, ledgerId: body.ledgerId };
  const context = await changeContext(deps, actor, ledger);
  const at = new Date(deps.clock.now()).toISOString();
  const done: string[] = [];
  const skipped: BulkActionResponse['skipped'] = [];
  for (const invoiceNumber of body.invoiceNumbers) {
    const scope = { ...ledger, invoiceNumber };
    try {
      if (body.action === 'approve') {
        const held = (await deps.main.reminders(scope)).filter((r) => r.state === 'AWAITING_APPROVAL');
        let approved = 0;
        for (const r of held) if (await approveStep(deps, actor, r, at, { selected: true })) approved += 1;
        if (approved === 0) {
          skipped.push({
            invoiceNumber,
            reason: (await deps.main.getInvoice(scope)) ? 'no email is held for review' : 'not synced from the sheet yet',
          });
          continue;
        }
      } else if (body.action === 'pause') {
        await pauseInvoice(deps, actor, scope, context, { until: body.until, note: body.note });
      } else {
        await logContact(deps, actor, {
          requestId: body.requestId,
          ledgerId: body.ledgerId,
          invoiceNumber,
          channel: 'note',
          outcome: 'other',
          notes: body.note,
        });
      }
      done.push(invoiceNumber);
    } catch (error) {
      // One invoice that cannot take it (not synced yet) must not stop the others.
      if (!(error instanceof ServiceError)) throw error;
      skipped.push({ invoiceNumber, reason: error.message });
    }
  }
  return { done, skipped };
}
