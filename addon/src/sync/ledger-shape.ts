/**
 * What reading the whole ledger settled (where its header is and what it says, which column
 * holds what, how it writes dates and decimals), kept so an edit can read just its own rows.
 * Saved by every whole-ledger sync; an edit trusts it only while the settings and locale it was
 * read with are unchanged and the header row still says the same (one small read to check).
 */
import * as z from 'zod';
import { cellString } from '../../../shared/ledger/ledger-columns';
import type { LedgerReadout } from '../../../shared/ledger/read-ledger';
import type { AddonSettings } from '../settings/addon-settings';
import { ColumnMappingSetting } from '../settings/addon-settings';
import { digest64 } from './fingerprint';
import { readJson } from './sync-state';

const KEY = 'dunningDesk.ledgerShape';
/** Apps Script refuses a property value over 9 KB; a header too wide to keep is read in full each edit. */
const MAX_VALUE = 8 * 1024;

export const LedgerShape = z.object({
  sheetName: z.string(),
  /** 1-based, as the sheet numbers it. */
  headerRow: z.number().int().min(1),
  /** The header row's cells as text, trailing blanks left off: compared with the sheet's at each edit. */
  headerCells: z.array(z.string()),
  mapping: ColumnMappingSetting,
  dateOrder: z.enum(['MDY', 'DMY']),
  decimalSeparator: z.enum(['.', ',']),
  /** The settings and locale it was read with: any change, and the next edit reads the whole ledger. */
  readWith: z.string(),
});
export type LedgerShape = z.infer<typeof LedgerShape>;

/** What the shape depends on besides the sheet: the team's reading choices and the spreadsheet's locale. */
export function readingKey(settings: AddonSettings, sheetName: string, locale: string): string {
  const { mapping, headerRow, dateOrder, decimalSeparator } = settings;
  return digest64(JSON.stringify([sheetName, mapping ?? null, headerRow ?? null, dateOrder ?? null, decimalSeparator ?? null, locale]));
}

export function headerText(cells: readonly unknown[]): string[] {
  const text = cells.map((c) => cellString(c));
  while (text.length > 0 && text[text.length - 1]?.trim() === '') text.pop();
  return text;
}

/** How many columns an edit reads: the header's, and every mapped column even if its header is blank. */
export function shapeWidth(shape: Pick<LedgerShape, 'headerCells' | 'mapping'>): number {
  return Math.max(shape.headerCells.length, ...Object.values(shape.mapping).map((c) => (c ?? 0) + 1));
}

export function shapeOf(readout: LedgerReadout, values: readonly (readonly unknown[])[], sheetName: string, readWith: string): LedgerShape {
  return {
    sheetName,
    headerRow: readout.header.rowIndex + 1,
    headerCells: headerText(values[readout.header.rowIndex] ?? []),
    mapping: readout.header.mapping,
    dateOrder: readout.dateOrder,
    decimalSeparator: readout.decimalSeparator,
    readWith,
  };
}

export function readShape(properties: GoogleAppsScript.Properties.Properties): LedgerShape | undefined {
  return readJson(properties, KEY, LedgerShape);
}

/** Written only when it changed: most hourly syncs find the same shape. */
export function saveShape(properties: GoogleAppsScript.Properties.Properties, shape: LedgerShape): void {
  const json = JSON.stringify(shape);
  if (json.length > MAX_VALUE) properties.deleteProperty(KEY);
  else if (properties.getProperty(KEY) !== json) properties.setProperty(KEY, json);
}
