import type { InvitedRecord, RemovedRecord, TenantRecord } from '../../store/tenant-records';

/** The hosted service's teams and who belongs to each (absent on a self-hosted backend). */
export interface TenantStore {
  getTenant(tenantId: string): Promise<TenantRecord | undefined>;
  /** 'exists': that team has signed up already; nothing is written. */
  createTenant(record: TenantRecord): Promise<'ok' | 'exists'>;
  /** Conditional on the version read: 'conflict' if it changed meanwhile. */
  putTenant(record: TenantRecord, ifVersion: number): Promise<'ok' | 'conflict'>;
  /** The team an address was invited to, if any, and whether they accepted (an invitation takes effect only then). */
  invitationOf(email: string): Promise<{ tenantId: string; accepted: boolean } | undefined>;
  /** 'gone': the invitation was withdrawn (or is another team's) meanwhile. */
  acceptInvitation(tenantId: string, email: string, at: string): Promise<'ok' | 'gone'>;
  /** 'taken': the address already belongs to another team by invitation. */
  invite(tenantId: string, invited: InvitedRecord): Promise<'ok' | 'taken'>;
  isRemoved(tenantId: string, email: string): Promise<boolean>;
  /** Ends an invitation, if any, and refuses the address from now on. */
  remove(tenantId: string, removed: RemovedRecord): Promise<void>;
  /** Lets a removed address in again (invited anew). */
  unremove(tenantId: string, email: string): Promise<void>;
  people(tenantId: string): Promise<{ invited: InvitedRecord[]; removed: RemovedRecord[] }>;
  /**
   * Marks a sending domain as this team's, so no other team can send from it (SES identities are
   * the account's, shared by every team): 'taken' when another team has it.
   */
  claimDomain(domain: string, tenantId: string): Promise<'ok' | 'taken'>;
  /** Lets the domain go, if it is still this team's. */
  releaseDomain(domain: string, tenantId: string): Promise<void>;
  /** Counts one API request in the team's window of one second: 'over' once `limit` were counted. */
  takeRequest(tenantId: string, second: number, limit: number): Promise<'ok' | 'over'>;
}
