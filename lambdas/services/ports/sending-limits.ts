import type { ReputationRecord, SuppressionRecord } from '../../store/records';

/** What limits sending for a tenant: suppressed addresses, its sender reputation, daily counts. */
export interface SendingLimits {
  /** Which of these addresses the tenant may no longer email (bounced, complained), by lowercased address. */
  suppressions(tenant: string, emails: readonly string[]): Promise<Map<string, SuppressionRecord>>;
  getReputation(tenant: string): Promise<ReputationRecord | undefined>;
  /** Counts one use of `what` today, unless `limit` uses were counted already ('over'). */
  countDaily(tenant: string, what: string, day: string, limit: number): Promise<'ok' | 'over'>;
}
