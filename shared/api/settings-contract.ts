/**
 * What the Settings dialog calls on the add-on's server through google.script.run, and what
 * comes back: plain data only. The server implements SettingsApi (`satisfies`), the dialog's
 * promise wrapper is typed from it.
 */
import * as z from 'zod';
import { ScheduleValues } from '../escalation/ladder-form';
import { FeeFormValues } from '../fees/fee-form';
import type { HolidayCountriesResponse, HolidaysResponse } from './contract';
import { LetterTemplates } from '../letters/letter-template';
import type { SidebarResult } from './sidebar-contract';
import type { TenantView } from './tenant-contract';

export const SettingsField = z.object({
  field: z.string(),
  label: z.string(),
  /** 0-based column, or null when the ledger has none for it. */
  column: z.number().int().nullable(),
  required: z.boolean(),
});

/** How the ledger read with the settings in effect: the mapping found and the rows it could not read. */
export const LedgerCheck = z.discriminatedUnion('state', [
  z.object({
    state: z.literal('read'),
    sheetName: z.string(),
    headerRow: z.number().int(),
    invoiceCount: z.number().int(),
    /** Rows with an error, each with every reason; at most 50, `unreadableCount` says how many in all. */
    unreadable: z.array(z.object({ row: z.number().int(), reasons: z.array(z.string()) })),
    unreadableCount: z.number().int(),
    warningCount: z.number().int(),
  }),
  z.object({ state: z.literal('unreadable'), sheetName: z.string(), message: z.string() }),
]);
export type LedgerCheck = z.infer<typeof LedgerCheck>;

export const SettingsView = z.object({
  /** The settings in effect, every field present (defaults filled in) so the form shows them. */
  values: z.object({
    sheetName: z.string(),
    headerRow: z.number().int(),
    boundaries: z.array(z.number().int()),
    dueSoonDays: z.number().int().nullable(),
    currency: z.string(),
    backendUrl: z.string(),
    statusColumns: z.boolean(),
    /** 'auto': from the cells, else the spreadsheet's locale. */
    dateOrder: z.enum(['auto', 'MDY', 'DMY']),
    decimalSeparator: z.enum(['auto', '.', ',']),
    /** The team's own status words, one "word = meaning" a line. */
    statusWords: z.string(),
  }),
  /** How the reader settled what the sheet left open (date order, decimals), to check or change. */
  notes: z.array(z.string()),
  /** The first rows below the header as read with these settings: an invoice's facts, or why it is not one. */
  preview: z.array(z.object({ row: z.number().int(), read: z.string() })),
  /** True in a published build: the backend address is the build's and cannot be edited. */
  backendUrlFixed: z.boolean(),
  /** Whether the column mapping was confirmed by a person or detected from the header row. */
  mappingSource: z.enum(['saved', 'detected']),
  fields: z.array(SettingsField),
  /** The header row's cells, for the column pickers (the chosen row's, when no header was found). */
  headers: z.array(z.object({ column: z.number().int(), letter: z.string(), text: z.string() })),
  sheets: z.array(z.string()),
  /** Google's File > Settings zone: date cells are read in it, and it is the ledger's first zone. */
  spreadsheetTimeZone: z.string(),
  ledger: LedgerCheck,
  automation: z.object({ syncOnEdit: z.boolean(), hourlySync: z.boolean() }),
  lastSync: z
    .object({
      at: z.string(),
      state: z.string(),
      message: z.string(),
      failedRows: z.array(z.object({ row: z.number().int(), invoiceNumber: z.string(), reason: z.string() })),
    })
    .nullable(),
});
export type SettingsView = z.infer<typeof SettingsView>;

/** What the form sends; the server validates it with the stored settings' schema. */
const FormNumber = z.number({ error: 'must be a number' });
export const SettingsInput = z.object({
  sheetName: z.string().max(200),
  /** null: find the header on the sheet (a sheet just picked, whose header row nobody has said). */
  headerRow: FormNumber.nullable(),
  mapping: z.record(z.string().max(40), FormNumber.nullable()),
  boundaries: z.array(FormNumber).max(20),
  dueSoonDays: FormNumber.nullable(),
  currency: z.string().max(10),
  backendUrl: z.string().max(500),
  statusColumns: z.boolean(),
  dateOrder: z.enum(['auto', 'MDY', 'DMY']).default('auto'),
  decimalSeparator: z.enum(['auto', '.', ',']).default('auto'),
  statusWords: z.string().max(4000).default(''),
});
export type SettingsInput = z.infer<typeof SettingsInput>;

/**
 * When and how often automated email may go, as the Sending part of the dialog shows it: the
 * backend keeps it (LedgerSettings), the form edits it in a person's terms (times as HH:MM,
 * holidays one date a line).
 */
export const SendingValues = z.object({
  /** The ledger's zone: every customer row without a Time zone cell is contacted on its hours. */
  timeZone: z.string().max(100),
  /** 0 = Sunday ... 6 = Saturday. */
  days: z.array(z.number().int()).max(7),
  startTime: z.string().max(10),
  endTime: z.string().max(10),
  holidays: z.array(z.string().max(40)).max(400),
  /** NaN when the box holds no number: the server names the field with the others. */
  capEmails: z.union([z.number(), z.nan()]),
  capDays: z.union([z.number(), z.nan()]),
  reviewBeforeSend: z.boolean(),
  dailyDigestTo: z.string().max(1000),
  dryRun: z.boolean(),
  thankYouOnPayment: z.boolean(),
});
export type SendingValues = z.infer<typeof SendingValues>;

/**
 * The team's part of the settings, kept by the backend for the whole ledger: who the letters and
 * emails are from, when and how often email may go, the dispute reasons offered, and the team's
 * own letter wording.
 */
export const TeamSettingsView = z.object({
  values: z.object({
    ledgerName: z.string(),
    senderName: z.string(),
    replyTo: z.string(),
    signature: z.string(),
    paymentInstructions: z.string(),
    /** The pay-online link template; empty when the team has none. */
    paymentLink: z.string(),
    disputeReasons: z.array(z.string()),
    letterTemplates: LetterTemplates,
    schedule: ScheduleValues,
    sending: SendingValues,
    fees: FeeFormValues,
    /** Subject and body of each email template, by template id, and whether the customer's statement goes with it. */
    templates: z.record(z.string(), z.object({ subject: z.string(), body: z.string(), attachStatement: z.boolean().optional() })),
  }),
  /** Which templates the ladder's email steps (and the thank-you note) use, in ladder order, for the Emails picker. */
  emailSteps: z.array(z.object({ templateId: z.string(), label: z.string() })),
  /** Every email the ledger has, for Schedule's pickers: which one an email step sends. */
  emails: z.array(z.object({ templateId: z.string(), label: z.string() })),
  /** For the letter preview: figures as the ledger's letters show them. */
  currency: z.string(),
  /** Offered first in the zone list, as "the spreadsheet's". */
  spreadsheetTimeZone: z.string(),
});
export type TeamSettingsView = z.infer<typeof TeamSettingsView>;

/** What the team form sends; the server checks it with the backend's own settings schema. */
export const TeamSettingsInput = z
  .object({
    ledgerName: z.string().max(1000),
    senderName: z.string().max(1000),
    replyTo: z.string().max(1000),
    signature: z.string().max(5000),
    paymentInstructions: z.string().max(5000),
    paymentLink: z.string().max(5000),
    disputeReasons: z.array(z.string().max(1000)).max(100),
    letterTemplates: z.record(z.string().max(40), z.object({ opening: z.string().max(10_000), closing: z.string().max(10_000) }).partial()),
    schedule: ScheduleValues,
    sending: SendingValues.strict(),
    fees: FeeFormValues,
    /** The templates edited in this dialog; the others are kept as they are. */
    templates: z
      .record(
        z.string().max(40),
        z.object({ subject: z.string().max(1000), body: z.string().max(20_000), attachStatement: z.boolean().optional() }).strict(),
      )
      .refine((t) => Object.keys(t).length <= 40, 'holds too many templates'),
    /** Review switched off: whether the emails it held are sent at their next sending time or cancelled. */
    heldSteps: z.enum(['send', 'cancel']).optional(),
  })
  .strict();
export type TeamSettingsInput = z.infer<typeof TeamSettingsInput>;

/** Which public holidays the Sending tab asks for: a country, maybe one of its regions, a year. */
export const HolidayPresetRequest = z
  .object({ country: z.string().max(2), region: z.string().max(3).optional(), year: z.number().int() })
  .strict();
export type HolidayPresetRequest = z.infer<typeof HolidayPresetRequest>;

export interface SettingsApi {
  getSettingsView(): SidebarResult<SettingsView>;
  /** Saves, or names each bad field (`error.fields`, by form field) and saves nothing. */
  saveSettings(input: SettingsInput): SidebarResult<SettingsView>;
  /** How the ledger reads with the form as it stands (header cells, rows read, first rows), nothing saved. */
  previewSettings(input: SettingsInput): SidebarResult<SettingsView>;
  /** The backend's team settings, or why they cannot be read (no backend yet...). */
  getTeamSettings(): SidebarResult<TeamSettingsView>;
  /** Saves them to the backend, or names each bad field and saves nothing. */
  saveTeamSettings(input: TeamSettingsInput): SidebarResult<TeamSettingsView>;
  /** The countries whose public holidays the backend knows, and the spreadsheet locale's country. */
  getHolidayCountries(): SidebarResult<HolidayCountriesResponse & { suggested?: string }>;
  getPublicHolidays(request: HolidayPresetRequest): SidebarResult<HolidaysResponse>;
  /** Hosted: the team, its owners and the people invited or removed; `null` on a self-hosted backend, which has no teams. */
  getTeamPeople(): SidebarResult<TenantView | null>;
  /** Hosted, an owner: invites a person by address. */
  inviteToTeam(form: PersonInput): SidebarResult<TenantView>;
  /** Hosted, an owner: removes a person, refused from then on. */
  removeFromTeam(form: PersonInput): SidebarResult<TenantView>;
  /** Hosted, an owner: the address the team's emails should come from; its domain's DNS records follow. */
  setTeamSender(form: SenderInput): SidebarResult<TenantView>;
  /** Hosted: asks SES now whether the team's domain records are found. */
  checkTeamSender(): SidebarResult<TenantView>;
  /** Hosted, an owner: back to the service's address; SES forgets the domain. */
  removeTeamSender(): SidebarResult<TenantView>;
}

/** The address an owner names for the team's emails, as Settings sends it. */
export const SenderForm = z.object({ requestId: z.string().max(100), address: z.string().max(1000) }).strict();
export type SenderInput = z.input<typeof SenderForm>;

/** The person an owner invites or removes, as the People part of Settings sends them. */
export const PersonForm = z.object({ requestId: z.string().max(100), email: z.string().max(1000) }).strict();
export type PersonInput = z.input<typeof PersonForm>;
