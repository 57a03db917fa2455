import type { LedgerSettings } from '../../shared/api/contract';
import { defaultLedgerSettings } from '../../shared/default-settings';
import { nextDigestAt } from './digest-schedule';
import type { MainStore } from '../store/dynamodb-main-store';
import type { LedgerScope } from '../store/keys';
import type { CustomerPauseRecord } from '../store/records';
import type { ChangeContext } from './invoice-updates';
import { type Actor, auditBody, LEDGER_CHAIN, type ServiceDeps } from './service-deps';

export async function loadSettings(deps: ServiceDeps, actor: Actor, scope: LedgerScope): Promise<LedgerSettings> {
  return (await deps.main.getSettings(scope))?.settings ?? defaultLedgerSettings(actor.principal.email);
}

export async function saveSettings(deps: ServiceDeps, actor: Actor, scope: LedgerScope, settings: LedgerSettings): Promise<LedgerSettings> {
  const at = new Date(deps.clock.now()).toISOString();
  await deps.main.putSettings(scope, { settings, updatedAt: at });
  await deps.main.scheduleDigest(scope, settings.dailyDigestTo ? nextDigestAt(settings, deps.clock.now()) : undefined);
  await deps.audit.append({ ...scope, invoiceNumber: LEDGER_CHAIN }, auditBody(actor, 'settings.changed', { settings }, at));
  return settings;
}

/** Settings (loaded unless the caller already has them) and a per-request memo of customer pauses. */
export async function changeContext(deps: ServiceDeps, actor: Actor, scope: LedgerScope, loaded?: LedgerSettings): Promise<ChangeContext> {
  const settings = loaded ?? (await loadSettings(deps, actor, scope));
  return { settings, customerPause: memoizedPauses(deps.main, scope) };
}

/** Customer pauses of one ledger, each read at most once per request or dispatcher run. */
export function memoizedPauses(main: MainStore, scope: LedgerScope): ChangeContext['customerPause'] {
  const pauses = new Map<string, Promise<CustomerPauseRecord | undefined>>();
  return (customer) => {
    const key = customer.toLowerCase();
    let found = pauses.get(key);
    if (!found) pauses.set(key, (found = main.getCustomerPause(scope, customer)));
    return found;
  };
}
