import type { ReputationRecord, SuppressionRecord } from '../../store/records';

export interface DailyStats {
  sends: number;
  bounces: number;
  complaints: number;
}

/** What SES's answers teach about the tenant's sending: suppressed addresses, daily counts, reputation. */
export interface SenderHealth {
  putSuppression(tenant: string, record: SuppressionRecord): Promise<void>;
  addStats(tenant: string, day: string, add: Partial<DailyStats>): Promise<void>;
  stats(tenant: string, days: readonly string[]): Promise<DailyStats>;
  putReputation(tenant: string, record: ReputationRecord): Promise<void>;
}
