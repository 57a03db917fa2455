/**
 * Which tenant a reply address's alias names (see mail/reply-address.ts). Outside every tenant,
 * as the run lock is: an inbound reply carries no token the tenant could be taken from.
 */
export interface ReplyAliases {
  /** Idempotent: the same alias always names the same tenant. */
  rememberReplyAlias(alias: string, tenant: string): Promise<void>;
  tenantOfAlias(alias: string): Promise<string | undefined>;
}
