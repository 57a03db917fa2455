import type { Clock } from '../clock';
import type { TenantStore } from '../services/ports/tenant-store';
import type { Admission, AuthResult, GoogleIdentity } from './google-token-verifier';

/**
 * How long an answer is kept per address in a warm function: a removal or a suspension takes
 * effect within this long everywhere (at once in the function that made it, which forgets).
 */
export const ADMISSION_CACHE_MS = 60_000;
const MAX_KEPT = 10_000;

/**
 * The team a person belongs to in the hosted service: the one they signed up on their own, else
 * the one whose invitation they accepted, else their Workspace domain's. An invitation not yet
 * accepted changes nothing: an owner cannot pull anyone (and their ledger) into a team.
 */
export async function teamOf(store: TenantStore, { sub, email, hd }: GoogleIdentity) {
  const own = await store.getTenant(`u:${sub}`);
  if (own) return own;
  const invitation = await store.invitationOf(email);
  if (invitation?.accepted) return store.getTenant(invitation.tenantId);
  return hd ? store.getTenant(`d:${hd}`) : undefined;
}

/**
 * The hosted service's admission: a person is in the team they were invited to, or their
 * Workspace domain's (if it signed up to let its domain in), or the one they signed up
 * themselves; nowhere yet, they may only sign up. A suspended team and a removed person are
 * refused, saying why.
 */
export function hostedAdmission(store: TenantStore, clock: Clock): Admission & { forget: (email?: string) => void } {
  const cache = new Map<string, { until: number; result: AuthResult; email: string }>();
  const decide = async (identity: GoogleIdentity): Promise<AuthResult> => {
    const tenant = await teamOf(store, identity);
    if (!tenant) {
      const invitation = await store.invitationOf(identity.email);
      const invitedTo = invitation && (await store.getTenant(invitation.tenantId));
      return {
        ok: false,
        status: 403,
        message: invitedTo
          ? `${identity.email} was invited to ${invitedTo.name}: join it in the sidebar, or sign your own team up.`
          : `${identity.email} has no Dunning Desk team yet: sign your team up in the sidebar, or ask your team's owner to invite you.`,
        signUp: identity,
      };
    }
    if (await store.isRemoved(tenant.tenantId, identity.email))
      return {
        ok: false,
        status: 403,
        message: `An owner of ${tenant.name} removed ${identity.email} from the team. Ask an owner to invite you again.`,
      };
    if (tenant.status === 'suspended')
      return {
        ok: false,
        status: 403,
        message: `${tenant.name}'s use of Dunning Desk is suspended${tenant.suspendedReason ? `: ${tenant.suspendedReason}` : ''}. Nothing is sent for it meanwhile.`,
      };
    return {
      ok: true,
      principal: { sub: identity.sub, email: identity.email, tenant: tenant.tenantId },
      limits: tenant.limits,
    };
  };
  const admit = async (identity: GoogleIdentity) => {
    const key = JSON.stringify([identity.sub, identity.email, identity.hd ?? '']);
    const now = clock.now();
    const kept = cache.get(key);
    if (kept && kept.until > now) return kept.result;
    const result = await decide(identity);
    // Bounded in a long-lived function: forgetting everyone at once costs one read each.
    if (cache.size >= MAX_KEPT) cache.clear();
    cache.set(key, { until: now + ADMISSION_CACHE_MS, result, email: identity.email });
    return result;
  };
  return Object.assign(admit, {
    forget: (email?: string): void => {
      for (const [key, kept] of [...cache]) if (email === undefined || kept.email === email) cache.delete(key);
    },
  });
}
