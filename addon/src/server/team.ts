/**
 * The hosted service's sign-up from the sidebar: the first person of a team to open it signs
 * the team up and becomes its owner; with "everyone at our domain", their colleagues are in as
 * soon as they open it too. A self-hosted backend never asks for this.
 */
import { TenantView } from '../../../shared/api/tenant-contract';
import { type SidebarResult, SignUpForm, type TeamSignedUp } from '../../../shared/api/sidebar-contract';
import { callBackend } from '../backend/backend-client';
import type { AddonPorts } from './ports';
import { backendOf, failed, invalid } from './sidebar-backend';

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
