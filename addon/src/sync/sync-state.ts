import * as z from 'zod';

const CURSOR_KEY = 'dunningDesk.syncCursor';
const STATUS_KEY = 'dunningDesk.syncStatus';
/** Keeps the status within one property value (9 KB). */
export const MAX_FAILED_ROWS_KEPT = 40;

/** How far a sync got through its plan, saved after every chunk the backend confirmed. */
export const SyncCursor = z.object({
  plan: z.string(),
  done: z.number().int().min(0),
  total: z.number().int().min(0),
  startedAt: z.string(),
});
export type SyncCursor = z.infer<typeof SyncCursor>;

export const FailedRow = z.object({ row: z.number().int(), invoiceNumber: z.string(), reason: z.string() });
export type FailedRow = z.infer<typeof FailedRow>;

export const SyncStatus = z.object({
  at: z.string(),
  trigger: z.enum(['manual', 'edit', 'hourly']),
  state: z.enum(['synced', 'partial', 'failed', 'nothing-to-do']),
  sent: z.number().int(),
  unchanged: z.number().int(),
  remaining: z.number().int(),
  failedRows: z.array(FailedRow),
  failedRowCount: z.number().int(),
  message: z.string(),
  lastSuccessAt: z.string().optional(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

/** A property holding JSON, read with its schema: missing, unparsable or of another shape is undefined. */
export function readJson<T>(properties: GoogleAppsScript.Properties.Properties, key: string, schema: z.ZodType<T>): T | undefined {
  const raw = properties.getProperty(key);
  if (raw === null) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export const readCursor = (p: GoogleAppsScript.Properties.Properties) => readJson(p, CURSOR_KEY, SyncCursor);
export const readStatus = (p: GoogleAppsScript.Properties.Properties) => readJson(p, STATUS_KEY, SyncStatus);

export function saveCursor(p: GoogleAppsScript.Properties.Properties, cursor: SyncCursor | undefined): void {
  if (cursor) p.setProperty(CURSOR_KEY, JSON.stringify(cursor));
  else p.deleteProperty(CURSOR_KEY);
}

export function saveStatus(p: GoogleAppsScript.Properties.Properties, status: SyncStatus): void {
  const trimmed = {
    ...status,
    failedRows: status.failedRows.slice(0, MAX_FAILED_ROWS_KEPT).map((r) => ({ ...r, reason: r.reason.slice(0, 160) })),
  };
  p.setProperty(STATUS_KEY, JSON.stringify(trimmed));
}

/** Adds a sentence to the last sync's message (what else the run did, or what failed after it). */
export function noteOnStatus(p: GoogleAppsScript.Properties.Properties, note: string): void {
  const status = readStatus(p);
  if (status) saveStatus(p, { ...status, message: `${status.message} ${note}` });
}
