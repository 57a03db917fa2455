import * as z from 'zod';
import { StatusMeaning } from '../../../shared/ledger/paid-and-status';
import { AgingConfig, DEFAULT_AGING } from '../../../shared/aging/aging-buckets';
import { describeIssues } from '../../../shared/api/contract';
import { LEDGER_FIELDS } from '../../../shared/ledger/ledger-columns';
import { CurrencyCode } from '../../../shared/money/money';
import { err, ok, type Result } from '../../../shared/result';
import { singleLine } from '../../../shared/text';
import { FIXED_BACKEND_URL } from './fixed-backend';

/**
 * Where the backend is. HTTPS only, except the local stack on this machine; no credentials,
 * query or fragment, since the URL is joined with route paths.
 */
export const BackendUrl = z
  .string()
  .trim()
  .max(200)
  // Apps Script's V8 has no URL class, so the address is checked by its shape.
  .refine((value) => {
    const m = /^(https?):\/\/([A-Za-z0-9.-]+)(:\d{1,5})?(\/[A-Za-z0-9._~/-]*)?$/.exec(value);
    if (!m) return false;
    return m[1] === 'https' || m[2] === '127.0.0.1' || m[2] === 'localhost';
  }, 'must be an https:// address such as https://abc123.execute-api.eu-west-1.amazonaws.com')
  .transform((value) => value.replace(/\/+$/, ''));

export const ColumnMappingSetting = z.partialRecord(z.enum(LEDGER_FIELDS), z.number().int().min(0).max(17_999));

/** What the Settings dialog saves, in document properties (nothing secret: every editor reads it). */
export const AddonSettings = z
  .object({
    /** The ledger's sheet; the active sheet until one is chosen. */
    sheetName: singleLine(100).pipe(z.string().min(1, 'is empty')).optional(),
    /** 1-based header row that goes with `mapping`; detected when absent. */
    headerRow: z.number().int().min(1).max(1000).optional(),
    mapping: ColumnMappingSetting.optional(),
    aging: AgingConfig.default(DEFAULT_AGING),
    /** Of amounts without one; the backend's copy follows it at each sync. */
    currency: CurrencyCode.default('USD'),
    backendUrl: BackendUrl.optional(),
    /** Write Last contact / Next step / Automation columns back to the ledger. */
    statusColumns: z.boolean().default(false),
    /** How the ledger writes 03/04/2026 and 1.234: the team's choice wins over the cells and the locale. */
    dateOrder: z.enum(['MDY', 'DMY']).optional(),
    decimalSeparator: z.enum(['.', ',']).optional(),
    /** The team's own status words and what each means ("with lawyer" -> on_hold). */
    statusWords: z
      .record(singleLine(40).pipe(z.string().min(1, 'is empty')), StatusMeaning)
      .refine((w) => Object.keys(w).length <= 40, 'at most 40 words')
      .optional(),
  })
  .strict();
export type AddonSettings = z.infer<typeof AddonSettings>;

const KEY = 'dunningDesk.settings';
/** Apps Script refuses a property value over 9 KB; the key counts against it. */
const MAX_VALUE = 9 * 1024 - KEY.length;

export function readSettings(properties: GoogleAppsScript.Properties.Properties): AddonSettings {
  return withFixedBackend(readSaved(properties));
}

/** A published build's backend is the build's, whatever the document properties hold. */
function withFixedBackend(settings: AddonSettings): AddonSettings {
  return FIXED_BACKEND_URL ? { ...settings, backendUrl: FIXED_BACKEND_URL } : settings;
}

function readSaved(properties: GoogleAppsScript.Properties.Properties): AddonSettings {
  const raw = properties.getProperty(KEY);
  if (raw === null) return AddonSettings.parse({});
  try {
    const parsed = AddonSettings.safeParse(withoutRetired(JSON.parse(raw)));
    // Settings saved by an older version that no longer parse fall back to defaults rather than
    // locking the user out; the Settings dialog shows what is in effect.
    return parsed.success ? parsed.data : AddonSettings.parse({});
  } catch {
    return AddonSettings.parse({});
  }
}

/**
 * Fields older versions saved that the sheet no longer owns: `timeZone` is the backend's (the
 * ledger's zone, Settings > Sending). Dropped on reading, so the strict schema still accepts the
 * rest (the column mapping above all) instead of falling back to defaults.
 */
function withoutRetired(saved: unknown): unknown {
  if (typeof saved !== 'object' || saved === null || Array.isArray(saved)) return saved;
  const { timeZone: _retired, ...rest } = saved as Record<string, unknown>;
  return rest;
}

/** Validates and saves; a bad field is named with its reason and nothing is written. */
export function writeSettings(properties: GoogleAppsScript.Properties.Properties, input: unknown): Result<AddonSettings> {
  const parsed = AddonSettings.safeParse(input);
  if (!parsed.success)
    return err(
      describeIssues(parsed.error)
        .map((i) => `${i.path}: ${i.message}`)
        .join('; '),
    );
  if (FIXED_BACKEND_URL && parsed.data.backendUrl !== undefined && parsed.data.backendUrl !== FIXED_BACKEND_URL) {
    return err(`backendUrl: is fixed by this build of the add-on (${FIXED_BACKEND_URL}); it cannot be changed from the sheet`);
  }
  const json = JSON.stringify(parsed.data);
  if (json.length > MAX_VALUE)
    return err(`settings: are ${json.length} bytes, over the ${MAX_VALUE} bytes Apps Script allows in one property`);
  properties.setProperty(KEY, json);
  return ok(parsed.data);
}
