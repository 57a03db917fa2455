import {
  type InvitationView,
  PLAN_LIMITS,
  type InviteRequest,
  type SignUpRequest,
  type TenantView,
} from '../../shared/api/tenant-contract';
import type { GoogleIdentity, Principal } from '../auth/google-token-verifier';
import { teamOf } from '../auth/hosted-admission';
import type { Clock } from '../clock';
import type { TenantRecord } from '../store/tenant-records';
import type { TenantStore } from './ports/tenant-store';
import { type ServiceSending, senderView, withFreshSender } from './sending-identity-service';
import { ServiceError } from './service-deps';

export interface TenantDeps {
  tenants: TenantStore;
  clock: Clock;
  /** The service's sending and the email service's domain identities: teams may send from their own domain. */
  sending?: ServiceSending;
  /** Forgets what the admission kept about an address, so a change applies at once here. */
  forget?: (email: string) => void;
}

/**
 * A team signs up from the add-on: the signed-in person becomes its owner, on the free plan.
 * A Workspace user may let everyone of their domain in (the team is then the domain's, and one
 * per domain); otherwise the team is theirs alone until they invite people.
 */
export async function signUp(deps: TenantDeps, identity: GoogleIdentity, body: SignUpRequest): Promise<TenantView> {
  const already = await teamOf(deps.tenants, identity);
  if (already) throw new ServiceError('conflict', `${identity.email} already belongs to ${already.name}: nothing was created.`);
  if (body.joinByDomain && !identity.hd)
    throw new ServiceError('bad_request', 'joinByDomain: needs a Google Workspace account; this one has no domain', [
      { path: 'joinByDomain', message: 'needs a Google Workspace account; this one has no domain' },
    ]);
  const tenantId = body.joinByDomain && identity.hd ? `d:${identity.hd}` : `u:${identity.sub}`;
  const record: TenantRecord = {
    tenantId,
    name: body.name,
    plan: 'free',
    limits: PLAN_LIMITS.free,
    status: 'active',
    owners: [identity.email],
    ...(body.joinByDomain && identity.hd && { domain: identity.hd }),
    createdAt: new Date(deps.clock.now()).toISOString(),
    version: 1,
  };
  if ((await deps.tenants.createTenant(record)) === 'exists')
    throw new ServiceError('conflict', `A team for ${identity.hd ?? identity.email} has signed up already: ask its owner to let you in.`);
  deps.forget?.(identity.email);
  return viewOf(deps, record, identity.email);
}

/** The team as Settings shows it; its sending domain's state is asked of SES again when a minute old (at once with `checkSender`). */
export async function tenantView(deps: TenantDeps, principal: Principal, checkSender = false): Promise<TenantView> {
  const tenant = await tenantOf(deps, principal);
  const { sending } = deps;
  return viewOf(
    deps,
    sending ? await withFreshSender({ ...deps, domains: sending.domains }, tenant, { force: checkSender }) : tenant,
    principal.email,
  );
}

/** An owner invites a person by address: they join this team once they accept, whatever their domain. */
export async function invite(deps: TenantDeps, principal: Principal, body: InviteRequest): Promise<TenantView> {
  const tenant = await ownedTenant(deps, principal);
  const at = new Date(deps.clock.now()).toISOString();
  if ((await deps.tenants.invite(tenant.tenantId, { email: body.email, invitedBy: principal.email, at })) === 'taken')
    throw new ServiceError('conflict', `${body.email} already belongs to another Dunning Desk team: they must be removed from it first.`);
  // Only once the invitation is written: a refused one must not let a removed person back in by their domain.
  await deps.tenants.unremove(tenant.tenantId, body.email);
  deps.forget?.(body.email);
  return viewOf(deps, tenant, principal.email);
}

/** The invitation waiting for this person, if any: offered in the sidebar beside the sign-up. */
export async function invitationFor(deps: TenantDeps, identity: GoogleIdentity): Promise<InvitationView> {
  const invitation = await deps.tenants.invitationOf(identity.email);
  const tenant = invitation && !invitation.accepted ? await deps.tenants.getTenant(invitation.tenantId) : undefined;
  const invited = tenant && (await deps.tenants.people(tenant.tenantId)).invited.find((p) => p.email === identity.email);
  if (!tenant || !invited) throw new ServiceError('not_found', `No invitation is waiting for ${identity.email}.`);
  return { tenantId: tenant.tenantId, name: tenant.name, invitedBy: invited.invitedBy, at: invited.at };
}

/** The invited person joins: only now does the invitation change which team they (and their ledger) are in. */
export async function acceptInvitation(deps: TenantDeps, identity: GoogleIdentity): Promise<TenantView> {
  const { tenantId } = await invitationFor(deps, identity);
  if ((await deps.tenants.acceptInvitation(tenantId, identity.email, new Date(deps.clock.now()).toISOString())) === 'gone')
    throw new ServiceError('conflict', 'The invitation was withdrawn meanwhile: nothing changed.');
  deps.forget?.(identity.email);
  const tenant = await deps.tenants.getTenant(tenantId);
  if (!tenant) throw new ServiceError('not_found', 'That team is no longer on record.');
  return viewOf(deps, tenant, identity.email);
}

/** An owner removes a person: refused from now on (within a minute everywhere), even if their domain lets the rest in. */
export async function removeMember(deps: TenantDeps, principal: Principal, email: string): Promise<TenantView> {
  const tenant = await ownedTenant(deps, principal);
  const address = email.toLowerCase();
  if (tenant.owners.includes(address))
    throw new ServiceError('conflict', `${address} is an owner of ${tenant.name}; an owner cannot be removed.`);
  await deps.tenants.remove(tenant.tenantId, { email: address, removedBy: principal.email, at: new Date(deps.clock.now()).toISOString() });
  deps.forget?.(address);
  return viewOf(deps, tenant, principal.email);
}

/**
 * The service's operator suspends a team (or lets it back): its people's requests are refused
 * with the reason, and the dispatcher sends nothing for it meanwhile. Not an API route: run by
 * the operator with the table's credentials.
 */
export async function setTenantStatus(
  deps: Pick<TenantDeps, 'tenants'>,
  tenantId: string,
  change: { status: 'active' } | { status: 'suspended'; reason: string },
): Promise<TenantRecord> {
  return changeTenant(deps.tenants, tenantId, ({ suspendedReason: _previous, ...rest }) => ({
    ...rest,
    status: change.status,
    ...(change.status === 'suspended' && { suspendedReason: change.reason }),
  }));
}

/** Changes a team's record from the version read, read again and tried anew if someone changed it meanwhile. */
export async function changeTenant(
  tenants: Pick<TenantStore, 'getTenant' | 'putTenant'>,
  tenantId: string,
  change: (tenant: TenantRecord) => Omit<TenantRecord, 'version'>,
): Promise<TenantRecord> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const tenant = await tenants.getTenant(tenantId);
    if (!tenant) throw new ServiceError('not_found', `No team ${tenantId}.`);
    const next: TenantRecord = { ...change(tenant), version: tenant.version + 1 };
    if ((await tenants.putTenant(next, tenant.version)) === 'ok') return next;
  }
  throw new ServiceError('conflict', `Team ${tenantId} is being changed by someone else; try again.`);
}

async function tenantOf(deps: TenantDeps, principal: Principal): Promise<TenantRecord> {
  const tenant = await deps.tenants.getTenant(principal.tenant);
  if (!tenant) throw new ServiceError('not_found', 'Your team is no longer on record.');
  return tenant;
}

async function ownedTenant(deps: TenantDeps, principal: Principal): Promise<TenantRecord> {
  const tenant = await tenantOf(deps, principal);
  if (!tenant.owners.includes(principal.email))
    throw new ServiceError('forbidden', `Only an owner of ${tenant.name} (${tenant.owners.join(', ')}) may change who is in it.`);
  return tenant;
}

export async function viewOf(deps: Pick<TenantDeps, 'tenants' | 'sending'>, tenant: TenantRecord, email: string): Promise<TenantView> {
  const { invited, removed } = await deps.tenants.people(tenant.tenantId);
  return {
    tenantId: tenant.tenantId,
    name: tenant.name,
    plan: tenant.plan,
    status: tenant.status,
    limits: tenant.limits,
    owners: tenant.owners,
    ...(tenant.domain && { domain: tenant.domain }),
    invited,
    removed,
    youAreOwner: tenant.owners.includes(email),
    ...(tenant.sender && { sender: senderView(tenant.sender) }),
    ...(deps.sending && { serviceSender: deps.sending.serviceFrom }),
  };
}
