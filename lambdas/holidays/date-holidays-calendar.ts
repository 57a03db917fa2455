/**
 * The HolidayCalendar from `date-holidays` (ISC, data CC-BY-3.0): public holidays of about 200
 * countries and their regions, kept by its community, with observed substitute days. A kept
 * library rather than rules typed here: holiday rules (Easter, "first Monday", substitutes) are
 * easy to get wrong and change by law.
 */
import Holidays from 'date-holidays';
import { CalendarDate } from '../../shared/time/calendar-date';
import type { HolidayCalendar } from '../services/holiday-service';

const named = (codes: Record<string, string> | undefined) =>
  Object.entries(codes ?? {})
    .map(([code, name]) => ({ code, name }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en'));

export function dateHolidaysCalendar(): HolidayCalendar {
  const all = new Holidays();
  return {
    countries: () => named(all.getCountries('en')),
    regions: (country) => (country in all.getCountries('en') ? named(all.getStates(country, 'en')) : undefined),
    publicHolidays: (country, region, year) => {
      const calendar = region ? new Holidays(country, region) : new Holidays(country);
      const days = calendar.getHolidays(year, 'en').filter((h) => h.type === 'public');
      // One entry a day: a day that is two holidays at once is named by both.
      const byDate = new Map<string, string[]>();
      for (const h of days) byDate.set(h.date.slice(0, 10), [...(byDate.get(h.date.slice(0, 10)) ?? []), h.name]);
      return [...byDate].map(([date, names]) => ({ date: CalendarDate.parse(date), name: [...new Set(names)].join(' / ') }));
    },
  };
}
