import type { HolidayCountriesResponse, HolidaysQuery, HolidaysResponse } from '../../shared/api/contract';
import type { CalendarDate } from '../../shared/time/calendar-date';
import { ServiceError } from './service-deps';

/** Public holidays by country and region: a port, so the API app runs without the data it needs only here. */
export interface HolidayCalendar {
  countries(): { code: string; name: string }[];
  /** Undefined for a country it does not know. */
  regions(country: string): { code: string; name: string }[] | undefined;
  /** Days off by law (with observed substitutes) of a country or one of its regions in a year. */
  publicHolidays(country: string, region: string | undefined, year: number): { date: CalendarDate; name: string }[];
}

export interface HolidayDeps {
  holidays?: HolidayCalendar;
}

function calendarOf(deps: HolidayDeps): HolidayCalendar {
  if (!deps.holidays)
    throw new ServiceError(
      'not_found',
      'This backend function does not know public holidays; GET /v1/holidays is served by the holidays function.',
    );
  return deps.holidays;
}

export function holidayCountries(deps: HolidayDeps): HolidayCountriesResponse {
  return { countries: calendarOf(deps).countries() };
}

export function publicHolidays(deps: HolidayDeps, q: HolidaysQuery): HolidaysResponse {
  const calendar = calendarOf(deps);
  const regions = calendar.regions(q.country);
  if (!regions) throw new ServiceError('bad_request', `country: no public holidays are known for "${q.country}"`);
  if (q.region && !regions.some((r) => r.code === q.region))
    throw new ServiceError('bad_request', `region: "${q.region}" is not a region of ${q.country} with holidays of its own`);
  return {
    country: q.country,
    ...(q.region && { region: q.region }),
    year: q.year,
    holidays: calendar.publicHolidays(q.country, q.region, q.year),
    regions,
  };
}
