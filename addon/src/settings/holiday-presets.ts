/**
 * Settings > Sending's public-holiday presets: the countries the backend knows (the one the
 * spreadsheet's locale names first) and a year's public holidays of a country or region, asked
 * of the backend, whose holidays function carries the data. The dialog adds the dates to the
 * holidays box; nothing is saved until the team saves.
 */
import { HolidayCountriesResponse, HolidaysQuery, HolidaysResponse } from '../../../shared/api/contract';
import type { HolidayPresetRequest } from '../../../shared/api/settings-contract';
import type { SidebarResult } from '../../../shared/api/sidebar-contract';
import { callBackend } from '../backend/backend-client';
import type { AddonPorts } from '../server/ports';
import { backendOf, failed } from '../server/sidebar-backend';

const NO_BACKEND = {
  ok: false,
  error: { code: 'no-backend', message: 'Public holidays come from the backend: add its address under Ledger and Save first.' },
} as const;

/** "en_US" -> "US"; undefined when the locale names no country ("en"). */
function localeCountry(locale: string): string | undefined {
  return /[_-]([A-Z]{2})$/.exec(locale)?.[1];
}

export function holidayCountries(ports: AddonPorts): SidebarResult<HolidayCountriesResponse & { suggested?: string }> {
  const backend = backendOf(ports);
  if ('ok' in backend) return NO_BACKEND;
  const answer = callBackend(ports, backend.baseUrl, { method: 'get', path: '/v1/holidays/countries' }, HolidayCountriesResponse);
  if (!answer.ok) return failed(answer);
  const suggested = localeCountry(ports.SpreadsheetApp.getActiveSpreadsheet().getSpreadsheetLocale());
  return {
    ok: true,
    data: { ...answer.value, ...(suggested && answer.value.countries.some((c) => c.code === suggested) && { suggested }) },
  };
}

export function publicHolidays(ports: AddonPorts, request: HolidayPresetRequest): SidebarResult<HolidaysResponse> {
  const query = HolidaysQuery.safeParse(request);
  if (!query.success)
    return {
      ok: false,
      error: { code: 'invalid', message: `Choose a country and a year: ${query.error.issues[0]?.message ?? 'they were not understood'}.` },
    };
  const backend = backendOf(ports);
  if ('ok' in backend) return NO_BACKEND;
  const q = query.data;
  const answer = callBackend(
    ports,
    backend.baseUrl,
    { method: 'get', path: '/v1/holidays', query: { country: q.country, year: String(q.year), ...(q.region && { region: q.region }) } },
    HolidaysResponse,
  );
  return answer.ok ? { ok: true, data: answer.value } : failed(answer);
}
