/**
 * Settings > Sending: the ledger's zone, business hours, holidays, the contact cap, review, the
 * digest, dry run and the thank-you note. The backend keeps them (LedgerSettings); this module
 * translates between its fields and the form's (times as HH:MM, holidays one date a line).
 */
import type * as z from 'zod';
import type { LedgerSettings, SheetFacts } from '../../../shared/api/contract';
import type { SendingValues } from '../../../shared/api/settings-contract';
import { clockTime } from '../../../shared/time/time-zone';
import type { AddonPorts } from '../server/ports';
import { readSettings } from './addon-settings';

/** What the spreadsheet says: its zone (the ledger's first zone) and the sheet's currency. */
export function sheetFacts(ports: AddonPorts): SheetFacts {
  return {
    timeZone: ports.SpreadsheetApp.getActiveSpreadsheet().getSpreadsheetTimeZone(),
    currency: readSettings(ports.PropertiesService.getDocumentProperties()).currency,
  };
}

export function sendingValues(settings: LedgerSettings): SendingValues {
  const { timeZone, businessHours: hours, cap } = settings;
  return {
    timeZone,
    days: [...hours.days],
    startTime: clockTime(hours.startMinute),
    endTime: clockTime(hours.endMinute),
    holidays: [...hours.holidays],
    capEmails: cap.maxEmails,
    capDays: cap.windowDays,
    reviewBeforeSend: settings.reviewBeforeSend,
    dailyDigestTo: settings.dailyDigestTo ?? '',
    dryRun: settings.dryRun,
    thankYouOnPayment: settings.thankYouOnPayment,
  };
}

/** "09:00" -> 540; "24:00" is the end of the day. */
function minuteOf(text: string): number | undefined {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const [h, min] = [Number(m[1]), Number(m[2])];
  if (min > 59 || h > 24 || (h === 24 && min > 0)) return undefined;
  return h * 60 + min;
}

/** Unchecked yet: LedgerSettings' schema judges it with the rest of the settings. */
type SendingPart = Pick<
  z.input<typeof LedgerSettings>,
  'timeZone' | 'businessHours' | 'cap' | 'reviewBeforeSend' | 'dailyDigestTo' | 'dryRun' | 'thankYouOnPayment'
>;

/**
 * The form's values as LedgerSettings fields, for the backend's schema to judge with the rest,
 * and the refusals only this form can make (a time that is not HH:MM, a number box that holds
 * none). A refused box is given a stand-in so the schema can still name every other bad field
 * in the same answer. Holidays are trimmed, blank lines dropped and each date kept once, in order.
 */
export function sendingSettings(values: SendingValues): { part: SendingPart; fields: Record<string, string> } {
  const fields: Record<string, string> = {};
  const startMinute = minuteOf(values.startTime);
  const endMinute = minuteOf(values.endTime);
  if (startMinute === undefined) fields.startTime = 'is not a time such as 09:00';
  if (endMinute === undefined) fields.endTime = 'is not a time such as 17:00';
  if (!Number.isFinite(values.capEmails)) fields.capEmails = 'must be a number';
  if (!Number.isFinite(values.capDays)) fields.capDays = 'must be a number';
  const holidays = [...new Set(values.holidays.map((h) => h.trim()).filter((h) => h !== ''))].sort();
  const part: SendingPart = {
    timeZone: values.timeZone.trim(),
    businessHours: { days: [...new Set(values.days)].sort(), startMinute: startMinute ?? 0, endMinute: endMinute ?? 24 * 60, holidays },
    cap: {
      maxEmails: Number.isFinite(values.capEmails) ? values.capEmails : 1,
      windowDays: Number.isFinite(values.capDays) ? values.capDays : 1,
    },
    reviewBeforeSend: values.reviewBeforeSend,
    // Empty means no digest: the key goes, so the backend stops sending it.
    dailyDigestTo: values.dailyDigestTo.trim() || undefined,
    dryRun: values.dryRun,
    thankYouOnPayment: values.thankYouOnPayment,
  };
  return { part, fields };
}
