import * as z from 'zod';

const list = z
  .string()
  .default('')
  .transform((s) =>
    s
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean),
  );

/** The API function's environment, parsed once at cold start: a missing table name fails loudly. */
export const ApiConfig = z.object({
  MAIN_TABLE: z.string().min(3),
  AUDIT_TABLE: z.string().min(3),
  GOOGLE_JWKS_URL: z
    .string()
    .regex(/^https?:\/\//)
    .default('https://www.googleapis.com/oauth2/v3/certs'),
  OAUTH_CLIENT_IDS: list.pipe(z.array(z.string()).min(1, "name at least one OAuth client id (the add-on's)")),
  ALLOWED_DOMAINS: list,
  ALLOWED_EMAILS: list,
  /**
   * `allow-list` (self-hosted: ALLOWED_DOMAINS and ALLOWED_EMAILS say who may use it) or
   * `hosted` (one deployment for many teams: each signs up from the add-on and is a record).
   */
  TENANCY: z.enum(['allow-list', 'hosted']).default('allow-list'),
  APP_VERSION: z.string().default('dev'),
  /** With both, "send a test to myself" works: the sidebar user gets a step's email, marked as a test. */
  FROM_ADDRESS: z
    .string()
    .regex(/^[^\s@<>]+@[^\s@<>]+$/, 'must be the verified sender address')
    .optional(),
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
  /** Where replies are received, if they are: a domain of the service's that no team may claim (hosted). */
  REPLY_DOMAIN: z.string().min(3).optional(),
  /** The Object Lock bucket of audit checkpoints: verification and evidence packs compare with it. */
  CHECKPOINT_BUCKET: z.string().min(3).optional(),
});
export type ApiConfig = z.infer<typeof ApiConfig>;
