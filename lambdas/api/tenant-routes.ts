import type { Context, Hono } from 'hono';
import type * as z from 'zod';
import { InviteRequest, SenderRequest, SignUpRequest } from '../../shared/api/tenant-contract';
import { EmailAddress } from '../../shared/text';
import { removeSender, setSender } from '../services/sending-identity-service';
import {
  acceptInvitation,
  invitationFor,
  invite,
  removeMember,
  signUp,
  type TenantDeps,
  tenantView,
  viewOf,
} from '../services/tenant-service';
import type { ApiEnv } from './api-env';
import { badRequest, errorResponse } from './http-errors';

/**
 * The hosted service's team routes: sign up, or see and accept an invitation (the routes a person
 * without a team may use), see the team, and for its owners invite and remove people. Not served
 * by a self-hosted backend.
 */
export function tenantRoutes(app: Hono<ApiEnv>, deps: TenantDeps): void {
  const body = async <T>(c: Context<ApiEnv>, schema: z.ZodType<T>) => {
    try {
      return schema.safeParse(await c.req.json());
    } catch {
      return undefined;
    }
  };
  app.post('/v1/tenants', async (c) => {
    const identity = c.get('identity');
    // Signed in and admitted: they have a team already (the admission found it).
    if (!identity) return errorResponse(c, 'conflict', `${c.get('principal').email} already belongs to a team: nothing was created.`);
    const parsed = await body(c, SignUpRequest);
    if (!parsed) return errorResponse(c, 'bad_request', 'The request body is not valid JSON.');
    if (!parsed.success) return badRequest(c, parsed.error);
    return c.json(await signUp(deps, identity, parsed.data), 201);
  });
  app.get('/v1/tenant', async (c) => c.json(await tenantView(deps, c.get('principal'))));
  // For a person with no team yet: the invitation waiting for them, and joining by it.
  const noTeamYet = (c: Context<ApiEnv>) => c.get('identity');
  app.get('/v1/tenant/invitation', async (c) => {
    const identity = noTeamYet(c);
    if (!identity) return errorResponse(c, 'conflict', `${c.get('principal').email} is in a team already.`);
    return c.json(await invitationFor(deps, identity));
  });
  app.post('/v1/tenant/invitation/accept', async (c) => {
    const identity = noTeamYet(c);
    if (!identity) return errorResponse(c, 'conflict', `${c.get('principal').email} is in a team already: nothing changed.`);
    return c.json(await acceptInvitation(deps, identity));
  });
  app.post('/v1/tenant/invitations', async (c) => {
    const parsed = await body(c, InviteRequest);
    if (!parsed) return errorResponse(c, 'bad_request', 'The request body is not valid JSON.');
    if (!parsed.success) return badRequest(c, parsed.error);
    return c.json(await invite(deps, c.get('principal'), parsed.data));
  });
  // The team's own sending address (owners): its domain's DKIM records, checked with SES, and the way back.
  app.put('/v1/tenant/sender', async (c) => {
    const { sending } = deps;
    if (!sending) return errorResponse(c, 'not_found', 'This backend sends every email from its own address.');
    const parsed = await body(c, SenderRequest);
    if (!parsed) return errorResponse(c, 'bad_request', 'The request body is not valid JSON.');
    if (!parsed.success) return badRequest(c, parsed.error);
    const principal = c.get('principal');
    return c.json(await viewOf(deps, await setSender({ ...deps, sending }, principal, parsed.data.address), principal.email));
  });
  app.post('/v1/tenant/sender/check', async (c) => c.json(await tenantView(deps, c.get('principal'), true)));
  app.delete('/v1/tenant/sender', async (c) => {
    const { sending } = deps;
    if (!sending) return errorResponse(c, 'not_found', 'This backend sends every email from its own address.');
    const principal = c.get('principal');
    return c.json(await viewOf(deps, await removeSender({ ...deps, sending }, principal), principal.email));
  });
  app.delete('/v1/tenant/members/:email', async (c) => {
    const email = EmailAddress.safeParse(c.req.param('email'));
    if (!email.success) return errorResponse(c, 'bad_request', `email: ${email.error.issues[0]?.message ?? 'is not an email address'}`);
    return c.json(await removeMember(deps, c.get('principal'), email.data));
  });
}
