import * as z from 'zod';

/** The dispatcher function's environment, parsed once at cold start. */
export const DispatcherEnv = z.object({
  MAIN_TABLE: z.string().min(3),
  AUDIT_TABLE: z.string().min(3),
  FROM_ADDRESS: z.string().regex(/^[^\s@<>]+@[^\s@<>]+$/, 'must be the verified sender address'),
  SES_CONFIGURATION_SET: z.string().min(1),
  /** Reply-To for a ledger with no saved settings (a ledger's first sync normally saves them). */
  DEFAULT_REPLY_TO: z
    .string()
    .regex(/^[^\s@<>]+@[^\s@<>]+$/)
    .optional(),
  LEASE_MS: z.coerce
    .number()
    .int()
    .min(10_000)
    .default(5 * 60_000),
  SETTLE_MS: z.coerce
    .number()
    .int()
    .min(60_000)
    .default(24 * 3600_000),
  SAFETY_MS: z.coerce.number().int().min(1000).default(30_000),
  /**
   * Debtors sent to at once, sharing the run's pacer. One email is four or five DynamoDB round
   * trips (more when a transaction is refused and the steps go one at a time) and an SES call,
   * some 100 ms in AWS: one lane alone barely keeps up with SES's starting 14 a second.
   */
  DISPATCH_LANES: z.coerce.number().int().min(1).max(32).default(8),
  /**
   * Workers the teams are sharded over (the stack schedules one invocation per shard, each with
   * `{ "shard": i }`): each runs under a lock of its own at 1/N of the account's rate.
   */
  DISPATCH_SHARDS: z.coerce.number().int().min(1).max(64).default(1),
  /**
   * The least one team may send in a run: its budget is its share of what the run can send (the
   * rate x the run's time, among the teams with work), never less. The rest go next run, first.
   */
  TENANT_EMAILS_PER_RUN: z.coerce.number().int().min(1).default(20),
  /** The domain SES receives replies on (the inbound function's); absent: replies go to the team's address. */
  REPLY_DOMAIN: z
    .string()
    .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i, 'must be a domain such as replies.acme.example')
    .optional(),
  /** The letters function, invoked to render the statement of account a reminder attaches. */
  LETTERS_FUNCTION: z.string().min(1).optional(),
  /** `hosted`: teams are records, and a suspended team's reminders are not sent (see the API's TENANCY). */
  TENANCY: z.enum(['allow-list', 'hosted']).default('allow-list'),
  /** Fixed rate instead of GetSendQuota, for local SES which has no quota to ask. */
  SES_MAX_SEND_RATE: z.coerce.number().positive().optional(),
});
export type DispatcherEnv = z.infer<typeof DispatcherEnv>;

/** What the schedule hands each invocation: the shard of teams it is the worker of (0 when not sharded). */
export const DispatcherEvent = z.object({ shard: z.number().int().min(0).default(0) }).loose();
