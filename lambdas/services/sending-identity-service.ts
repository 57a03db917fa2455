import type { SenderView } from '../../shared/api/tenant-contract';
import type { Principal } from '../auth/google-token-verifier';
import type { Clock } from '../clock';
import type { TenantRecord } from '../store/tenant-records';
import { dkimRecords, type SendingDomains } from './ports/sending-domains';
import type { TenantStore } from './ports/tenant-store';
import { ServiceError } from './service-deps';
import { changeTenant } from './tenant-service';

/** The hosted service's own sending: its address, and the domains no team may take (its own). */
export interface ServiceSending {
  domains: SendingDomains;
  /** The service's From address: every team's emails come from it until the team's domain is verified. */
  serviceFrom: string;
  /** Domains that are the service's (its From's, its replies'): a team naming one is refused. */
  reserved: readonly string[];
}

export interface SendingDeps {
  tenants: Pick<TenantStore, 'getTenant' | 'putTenant' | 'claimDomain' | 'releaseDomain'>;
  clock: Clock;
  sending: ServiceSending;
}

/** How long a state is trusted before SES is asked again: a minute while waiting for DNS, a day once verified. */
const RECHECK_PENDING_MS = 60_000;
const RECHECK_VERIFIED_MS = 24 * 3600_000;
/**
 * The dispatcher's wait for a pending domain. SES answers one identity check a second for the
 * whole account, and a run asks for every team with due work: asking each pending team every
 * five-minute run would be refused once many teams wait for their DNS. Settings (a person
 * looking, or pressing Check now) still asks after a minute.
 */
export const DISPATCHER_RECHECK_PENDING_MS = 15 * 60_000;

const domainOf = (address: string) => (address.split('@')[1] ?? '').toLowerCase();
const isWithin = (domain: string, parent: string) => domain === parent || domain.endsWith(`.${parent}`);

/**
 * An owner names the address the team's emails should come from. Its domain becomes the team's
 * (no other team may send from it: SES identities belong to the whole account), SES is asked for
 * its DKIM tokens, and Settings shows the three CNAMEs to publish. Until SES finds them, emails
 * keep coming from the service's address with the team's name and Reply-To.
 */
export async function setSender(deps: SendingDeps, principal: Principal, address: string): Promise<TenantRecord> {
  const tenant = await ownedBy(deps, principal);
  const domain = domainOf(address);
  const reserved = deps.sending.reserved.find((r) => isWithin(domain, r));
  if (reserved)
    throw new ServiceError('bad_request', `address: ${domain} is the service's own domain; name an address at your team's domain`, [
      { path: 'address', message: `${domain} is the service's own domain; name an address at your team's domain` },
    ]);
  if ((await deps.tenants.claimDomain(domain, tenant.tenantId)) === 'taken')
    throw new ServiceError('conflict', `${domain} is another Dunning Desk team's sending domain: nothing changed.`);
  const previous = tenant.sender;
  let started: { dkimTokens: string[] };
  try {
    started = await deps.sending.domains.start(domain);
  } catch (error) {
    // SES did not take it: a domain newly claimed goes back, so it is not the team's with no
    // sender on record. Once SES has the identity the claim stays (another team claiming it
    // could be verified by this team's DNS records); the owner's next try is this team's own.
    if (previous?.domain !== domain) await deps.tenants.releaseDomain(domain, tenant.tenantId);
    throw error;
  }
  const { dkimTokens } = started;
  const state = await deps.sending.domains.state(domain);
  const at = iso(deps);
  const next = await changeTenant(deps.tenants, tenant.tenantId, ({ version: _v, ...t }) => ({
    ...t,
    sender: {
      address,
      domain,
      dkimTokens,
      state,
      requestedAt: at,
      checkedAt: at,
      ...(state === 'verified' && { verifiedAt: at }),
    },
  }));
  if (previous && previous.domain !== domain) await forgetDomain(deps, previous.domain, tenant.tenantId);
  return next;
}

/** The way back: the team's emails come from the service's address again, and SES forgets the domain. */
export async function removeSender(deps: SendingDeps, principal: Principal): Promise<TenantRecord> {
  const tenant = await ownedBy(deps, principal);
  const previous = tenant.sender;
  const next = await changeTenant(deps.tenants, tenant.tenantId, ({ sender: _gone, version: _v, ...rest }) => rest);
  if (previous) await forgetDomain(deps, previous.domain, tenant.tenantId);
  return next;
}

/**
 * The team with its sender's state as SES sees it now, asked again only when the one on record
 * is older than a minute (a day once verified), or at once when `force`d (Settings' Check now).
 * A failed write of the new state (someone changed the team meanwhile) keeps the record as read.
 */
export async function withFreshSender(
  deps: { tenants: Pick<TenantStore, 'putTenant'>; clock: Clock; domains: SendingDomains },
  tenant: TenantRecord,
  { force = false, pendingMs = RECHECK_PENDING_MS }: { force?: boolean; pendingMs?: number } = {},
): Promise<TenantRecord> {
  const sender = tenant.sender;
  if (!sender) return tenant;
  const age = deps.clock.now() - Date.parse(sender.checkedAt);
  if (!force && age < (sender.state === 'verified' ? RECHECK_VERIFIED_MS : pendingMs)) return tenant;
  const state = await deps.domains.state(sender.domain);
  const at = iso(deps);
  const { verifiedAt: _was, ...rest } = sender;
  const verifiedAt = state === 'verified' ? (sender.verifiedAt ?? at) : undefined;
  const next: TenantRecord = {
    ...tenant,
    sender: { ...rest, state, checkedAt: at, ...(verifiedAt && { verifiedAt }) },
    version: tenant.version + 1,
  };
  return (await deps.tenants.putTenant(next, tenant.version)) === 'ok' ? next : tenant;
}

/** The address a team's emails come from: its own once verified, else the service's. */
export function fromAddressOf(tenant: TenantRecord | undefined, serviceFrom: string): string {
  return tenant?.sender?.state === 'verified' ? tenant.sender.address : serviceFrom;
}

export function senderView(sender: NonNullable<TenantRecord['sender']>): SenderView {
  return {
    address: sender.address,
    domain: sender.domain,
    state: sender.state,
    records: dkimRecords(sender.domain, sender.dkimTokens),
    requestedAt: sender.requestedAt,
    checkedAt: sender.checkedAt,
    ...(sender.verifiedAt && { verifiedAt: sender.verifiedAt }),
  };
}

async function forgetDomain(deps: SendingDeps, domain: string, tenantId: string) {
  await deps.sending.domains.remove(domain);
  await deps.tenants.releaseDomain(domain, tenantId);
}

async function ownedBy(deps: SendingDeps, principal: Principal): Promise<TenantRecord> {
  const tenant = await deps.tenants.getTenant(principal.tenant);
  if (!tenant) throw new ServiceError('not_found', 'Your team is no longer on record.');
  if (!tenant.owners.includes(principal.email))
    throw new ServiceError(
      'forbidden',
      `Only an owner of ${tenant.name} (${tenant.owners.join(', ')}) may change where its emails come from.`,
    );
  return tenant;
}

const iso = (deps: { clock: Clock }) => new Date(deps.clock.now()).toISOString();
