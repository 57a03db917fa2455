import * as z from 'zod';
import { EmailAddress, singleLine } from '../text';

/*
 * The hosted service's tenants, as the API shows them: a team signs up from the add-on, its
 * owners invite members or let everyone of their Workspace domain in, and remove them. A
 * self-hosted backend has none of this: who may use it is its allow-list.
 */

export const TenantPlan = z.enum(['free', 'team']);
export type TenantPlan = z.infer<typeof TenantPlan>;

/** What a plan allows, kept on the team's record: the API counts requests, a sync new invoices, the dispatcher each day's emails. */
export const TenantLimits = z.object({
  invoicesPerLedger: z.number().int().positive(),
  emailsPerDay: z.number().int().positive(),
  requestsPerSecond: z.number().int().positive(),
});
export type TenantLimits = z.infer<typeof TenantLimits>;

export const PLAN_LIMITS: Record<TenantPlan, TenantLimits> = {
  free: { invoicesPerLedger: 2_000, emailsPerDay: 200, requestsPerSecond: 5 },
  team: { invoicesPerLedger: 100_000, emailsPerDay: 5_000, requestsPerSecond: 20 },
};

/** The add-on sends a request id with every write; sign-up and invitation are safe to repeat without it. */
const RequestId = z.string().max(100).optional();

export const SignUpRequest = z
  .object({
    requestId: RequestId,
    /** The team's name, as Settings and the service's emails show it. */
    name: singleLine(120).pipe(z.string().min(1, 'is empty')),
    /** Everyone signed in with the same Google Workspace domain joins (only for a Workspace account). */
    joinByDomain: z.boolean().default(false),
  })
  .strict();
export type SignUpRequest = z.infer<typeof SignUpRequest>;

export const InviteRequest = z.object({ requestId: RequestId, email: EmailAddress }).strict();
export type InviteRequest = z.infer<typeof InviteRequest>;

/** An owner names the address their team's emails should come from; its domain is verified with DKIM. */
export const SenderRequest = z.object({ requestId: RequestId, address: EmailAddress }).strict();
export type SenderRequest = z.infer<typeof SenderRequest>;

/** Where a team's sending domain stands: SES signs for it once it finds the DNS records. */
export const SenderState = z.enum(['pending', 'verified', 'failed']);
export type SenderState = z.infer<typeof SenderState>;

/** A DNS record the team adds at its domain's DNS host. */
export const DnsRecord = z.object({ type: z.literal('CNAME'), name: z.string(), value: z.string() });
export type DnsRecord = z.infer<typeof DnsRecord>;

export const SenderView = z.object({
  address: z.string(),
  domain: z.string(),
  state: SenderState,
  /** The records to add; SES finds them within minutes to 72 hours. */
  records: z.array(DnsRecord),
  requestedAt: z.string(),
  /** When SES was last asked. */
  checkedAt: z.string(),
  verifiedAt: z.string().optional(),
});
export type SenderView = z.infer<typeof SenderView>;

export const TenantView = z.object({
  tenantId: z.string(),
  name: z.string(),
  plan: TenantPlan,
  status: z.enum(['active', 'suspended']),
  limits: TenantLimits,
  owners: z.array(z.string()),
  /** The Workspace domain whose users join by signing in, when the team chose that. */
  domain: z.string().optional(),
  /** People invited by address, and whether they joined (members by domain are not listed one by one). */
  invited: z.array(z.object({ email: z.string(), invitedBy: z.string(), at: z.string(), acceptedAt: z.string().optional() })),
  /** People an owner removed: they are refused even when their domain lets others in. */
  removed: z.array(z.object({ email: z.string(), removedBy: z.string(), at: z.string() })),
  /** The signed-in person is an owner: the one who may invite and remove. */
  youAreOwner: z.boolean(),
  /** The team's own sending address and its domain's verification, once an owner named one. */
  sender: SenderView.optional(),
  /** Where the team's emails come from until its own domain is verified (with the team's name and Reply-To). */
  serviceSender: z.string().optional(),
});
export type TenantView = z.infer<typeof TenantView>;

/** An invitation waiting for the invited person to accept it (hosted). */
export const InvitationView = z.object({ tenantId: z.string(), name: z.string(), invitedBy: z.string(), at: z.string() });
export type InvitationView = z.infer<typeof InvitationView>;
