import type { LedgerSettings, SheetFacts } from '../../shared/api/contract';
import { defaultLedgerSettings } from '../../shared/default-settings';
import { nextDigestAt } from './digest-schedule';
import type { CustomerHoldStore } from './ports/customer-hold-store';
import type { LedgerScope } from '../store/keys';
import type { CustomerHoldRecord } from '../store/records';
import type { ChangeContext } from './invoice-updates';
import { type Actor, auditBody, LEDGER_CHAIN, type ServiceDeps } from './service-deps';
import { type HeldStepsChoice, heldStepsToSettle, settleHeldSteps } from './step-decisions';
import type { InvoiceStore } from './ports/invoice-store';
import type { LedgerSchedule } from './ports/ledger-schedule';
import type { ReminderStore } from './ports/reminder-store';
import type { SettingsStore } from './ports/settings-store';

/** The main table's ports this module uses. */
type Stores = SettingsStore & LedgerSchedule & InvoiceStore & ReminderStore & CustomerHoldStore;

/**
 * A ledger's settings, or (before any are kept) the defaults: reply-to is the person asking,
 * and the zone and currency are the spreadsheet's when the add-on says them, so a team is
 * never contacted on UTC hours because nobody thought to set a zone.
 */
export function settingsOrDefaults(stored: LedgerSettings | undefined, actor: Actor, sheet?: Partial<SheetFacts>): LedgerSettings {
  return stored ?? defaultLedgerSettings(actor.principal.email, sheet?.timeZone, sheet?.currency);
}

export async function loadSettings(
  deps: ServiceDeps<SettingsStore>,
  actor: Actor,
  scope: LedgerScope,
  sheet?: Partial<SheetFacts>,
): Promise<LedgerSettings> {
  return settingsOrDefaults((await deps.main.getSettings(scope))?.settings, actor, sheet);
}

/** What decides each invoice's next step and its send time: a change to any of it re-plans the ledger. */
const planningPart = (s: LedgerSettings) => JSON.stringify([s.ladder, s.businessHours, s.timeZone, s.reviewBeforeSend]);

export async function saveSettings(
  deps: ServiceDeps<Stores>,
  actor: Actor,
  scope: LedgerScope,
  settings: LedgerSettings,
  heldChoice?: HeldStepsChoice,
): Promise<LedgerSettings> {
  const at = new Date(deps.clock.now()).toISOString();
  // Settings that could not be read are being mended: everything may plan differently now. None
  // kept yet (a first sync) plans nothing differently: the sync that saves them plans its invoices.
  const before = await deps.main.getSettings(scope).then(
    (r) => r?.settings ?? 'none',
    () => 'unreadable' as const,
  );
  const held = await heldStepsToSettle(deps, scope, typeof before === 'string' ? undefined : before, settings, heldChoice);
  await deps.main.putSettings(scope, { settings, updatedAt: at });
  const settled =
    held && heldChoice
      ? {
          heldSteps: heldChoice,
          settled: await settleHeldSteps(deps, actor, await changeContext(deps, actor, scope, settings), held, heldChoice, at),
        }
      : {};
  await deps.main.scheduleDigest(scope, settings.dailyDigestTo ? nextDigestAt(settings, deps.clock.now()) : undefined);
  // Every waiting reminder is checked against the new ladder and hours by the next dispatcher run.
  if (before === 'unreadable' || (before !== 'none' && planningPart(before) !== planningPart(settings)))
    await deps.main.restartLedgerSweep(scope, at);
  await deps.audit.append({ ...scope, invoiceNumber: LEDGER_CHAIN }, auditBody(actor, 'settings.changed', { settings, ...settled }, at));
  return settings;
}

/** Settings (loaded unless the caller already has them) and a per-request memo of customer pauses. */
export async function changeContext(
  deps: ServiceDeps<SettingsStore & CustomerHoldStore>,
  actor: Actor,
  scope: LedgerScope,
  loaded?: LedgerSettings,
): Promise<ChangeContext> {
  const settings = loaded ?? (await loadSettings(deps, actor, scope));
  return { settings, customerHold: memoizedHolds(deps.main, scope) };
}

/** Customer pauses of one ledger, each read at most once per request or dispatcher run. */
export function memoizedHolds(main: CustomerHoldStore, scope: LedgerScope): ChangeContext['customerHold'] {
  const pauses = new Map<string, Promise<CustomerHoldRecord | undefined>>();
  return (customer) => {
    const key = customer.toLowerCase();
    let found = pauses.get(key);
    if (!found) pauses.set(key, (found = main.getCustomerHold(scope, customer)));
    return found;
  };
}
