import * as z from 'zod';
import { SenderState, TenantLimits, TenantPlan } from '../../shared/api/tenant-contract';

/** A hosted team: who owns it, its plan and limits, whether it may use the service. */
export const TenantRecord = z.object({
  tenantId: z.string(),
  name: z.string(),
  plan: TenantPlan,
  limits: TenantLimits,
  status: z.enum(['active', 'suspended']),
  /** Why the service's operator suspended it, said to its people on every refused request. */
  suspendedReason: z.string().optional(),
  owners: z.array(z.string()).min(1),
  /** Set for a team everyone of a Workspace domain joins by signing in. */
  domain: z.string().optional(),
  createdAt: z.string(),
  /** The team's own sending address: used once SES has verified its domain's DKIM records. */
  sender: z
    .object({
      address: z.string(),
      domain: z.string(),
      dkimTokens: z.array(z.string()),
      state: SenderState,
      requestedAt: z.string(),
      checkedAt: z.string(),
      verifiedAt: z.string().optional(),
    })
    .optional(),
  version: z.number().int(),
});
export type TenantRecord = z.infer<typeof TenantRecord>;

/** Someone an owner invited by address: they belong to this team whatever their domain. */
export const InvitedRecord = z.object({
  email: z.string(),
  invitedBy: z.string(),
  at: z.string(),
  /** When they accepted: until then the invitation changes nothing for them. */
  acceptedAt: z.string().optional(),
});
export type InvitedRecord = z.infer<typeof InvitedRecord>;

/** Someone an owner removed: refused even when their domain lets the rest of it in. */
export const RemovedRecord = z.object({ email: z.string(), removedBy: z.string(), at: z.string() });
export type RemovedRecord = z.infer<typeof RemovedRecord>;
