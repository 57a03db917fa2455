/**
 * The hosted service's sign-up from the sidebar: the first person of a team to open it signs
 * the team up and becomes its owner; with "everyone at our domain", their colleagues are in as
 * soon as they open it too. A self-hosted backend never asks for this.
 */
import { InvitationView, TenantView } from '../../../shared/api/tenant-contract';
import { JoinTeamForm, type SidebarResult, SignUpForm, type TeamSignedUp } from '../../../shared/api/sidebar-contract';
import { PersonForm, SenderForm } from '../../../shared/api/settings-contract';
import { callBackend } from '../backend/backend-client';
import type { AddonPorts } from './ports';
import { askBackend, backendOf, failed, invalid } from './sidebar-backend';

export function signUpTeam(ports: AddonPorts, input: unknown): SidebarResult<TeamSignedUp> {
  const parsed = SignUpForm.safeParse(input);
  if (!parsed.success) return invalid(parsed.error, 'Nothing was signed up: fix the fields marked below.');
  const backend = backendOf(ports);
  if ('ok' in backend) return backend;
  const answer = callBackend(ports, backend.baseUrl, { method: 'post', path: '/v1/tenants', body: parsed.data }, TenantView);
  if (!answer.ok) return failed(answer, (path) => (path === 'name' || path === 'joinByDomain' ? path : undefined));
  const { name, tenantId, domain } = answer.value;
  return { ok: true, data: { name, tenantId, ...(domain && { domain }) } };
}

/** The team as its people see it in Settings; `null` when the backend is self-hosted (it has no team routes). */
export function teamPeople(ports: AddonPorts): SidebarResult<TenantView | null> {
  const backend = backendOf(ports);
  if ('ok' in backend) return backend;
  const answer = callBackend(ports, backend.baseUrl, { method: 'get', path: '/v1/tenant' }, TenantView);
  if (!answer.ok && answer.failure.status === 404 && answer.failure.code === 'not_found') return { ok: true, data: null };
  return answer.ok ? { ok: true, data: answer.value } : failed(answer);
}

/** An owner invites a person by address: they join the team once they accept, in their sidebar. */
export function inviteToTeam(ports: AddonPorts, input: unknown): SidebarResult<TenantView> {
  const parsed = PersonForm.safeParse(input);
  if (!parsed.success) return invalid(parsed.error, 'Nobody was invited: fix the field marked below.');
  const body = { requestId: parsed.data.requestId, email: parsed.data.email.trim() };
  return askBackend(ports, { method: 'post', path: '/v1/tenant/invitations', body }, TenantView, (path) =>
    path === 'email' ? 'email' : undefined,
  );
}

/** An owner removes a person: refused from then on, even if their domain lets the others in. */
export function removeFromTeam(ports: AddonPorts, input: unknown): SidebarResult<TenantView> {
  const parsed = PersonForm.safeParse(input);
  if (!parsed.success) return invalid(parsed.error, 'Nobody was removed: fix the field marked below.');
  const path = `/v1/tenant/members/${encodeURIComponent(parsed.data.email.trim())}`;
  return askBackend(ports, { method: 'delete', path }, TenantView);
}

/** The invitation waiting for the user (hosted), or `null`: the sidebar offers to join by it. */
export function teamInvitation(ports: AddonPorts): SidebarResult<InvitationView | null> {
  const backend = backendOf(ports);
  if ('ok' in backend) return backend;
  const answer = callBackend(ports, backend.baseUrl, { method: 'get', path: '/v1/tenant/invitation' }, InvitationView);
  if (!answer.ok && answer.failure.status === 404) return { ok: true, data: null };
  return answer.ok ? { ok: true, data: answer.value } : failed(answer);
}

/** Joins the team that invited the user: only now does the invitation take effect. */
export function joinTeam(ports: AddonPorts, input: unknown): SidebarResult<TeamSignedUp> {
  const parsed = JoinTeamForm.safeParse(input);
  if (!parsed.success) return invalid(parsed.error, 'Nothing was joined: the sidebar sent something unexpected.');
  const body = parsed.data;
  const backend = backendOf(ports);
  if ('ok' in backend) return backend;
  const answer = callBackend(ports, backend.baseUrl, { method: 'post', path: '/v1/tenant/invitation/accept', body }, TenantView);
  if (!answer.ok) return failed(answer);
  const { name, tenantId, domain } = answer.value;
  return { ok: true, data: { name, tenantId, ...(domain && { domain }) } };
}

/** An owner names the address the team's emails should come from: the backend answers with its domain's DNS records. */
export function setTeamSender(ports: AddonPorts, input: unknown): SidebarResult<TenantView> {
  const parsed = SenderForm.safeParse(input);
  if (!parsed.success) return invalid(parsed.error, 'Nothing changed: fix the field marked below.');
  const body = { requestId: parsed.data.requestId, address: parsed.data.address.trim() };
  return askBackend(ports, { method: 'put', path: '/v1/tenant/sender', body }, TenantView, (path) =>
    path === 'address' ? 'address' : undefined,
  );
}

/** Asks the backend to look for the domain's DNS records now, rather than within the minute. */
export function checkTeamSender(ports: AddonPorts): SidebarResult<TenantView> {
  return askBackend(ports, { method: 'post', path: '/v1/tenant/sender/check' }, TenantView);
}

/** The way back: the team's emails come from the service's address again. */
export function removeTeamSender(ports: AddonPorts): SidebarResult<TenantView> {
  return askBackend(ports, { method: 'delete', path: '/v1/tenant/sender' }, TenantView);
}
