/**
 * Settings > Sending: adds a country's (or a region's) public holidays for a year to the
 * holidays box, from the backend's holiday data, and says which days they are. The box stays the
 * one place holidays are kept; nothing is saved until the team saves.
 */
import type { HolidaysResponse } from '../../shared/api/contract';
import { el } from './dom';
import { settingsServer } from './server';
import { markEdited } from './unsaved-edits';

const select = (id: string) => document.getElementById(id) as HTMLSelectElement;
const status = () => document.getElementById('preset-status') as HTMLElement;
const box = () => document.getElementById('holidays') as HTMLTextAreaElement;

/** The last answer, kept so that choosing a country (which reads its regions) makes Add instant. */
let last: HolidaysResponse | undefined;

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

async function ask(country: string, region: string, year: number): Promise<HolidaysResponse | undefined> {
  if (last && last.country === country && (last.region ?? '') === region && last.year === year) return last;
  const result = await settingsServer.getPublicHolidays({ country, year, ...(region && { region }) });
  if (!result.ok) {
    status().textContent = result.error.message;
    return undefined;
  }
  last = result.data;
  return last;
}

/** A new country: its regions are offered (the whole country first). */
async function countryChosen(): Promise<void> {
  const country = select('presetCountry').value;
  select('presetRegion').replaceChildren(el('option', { value: '' }, 'The whole country'));
  if (!country) return;
  try {
    const answer = await ask(country, '', Number(select('presetYear').value));
    for (const r of answer?.regions ?? []) select('presetRegion').append(el('option', { value: r.code }, r.name));
  } catch (e) {
    status().textContent = `Could not read the regions: ${message(e)}`;
  }
}

const longDate = (date: string) =>
  new Date(`${date}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

async function add(): Promise<void> {
  const country = select('presetCountry').value;
  if (!country) {
    status().textContent = 'Choose a country first.';
    return;
  }
  status().textContent = 'Reading the public holidays…';
  try {
    const answer = await ask(country, select('presetRegion').value, Number(select('presetYear').value));
    if (!answer) return;
    const typed = box()
      .value.split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== '');
    const fresh = answer.holidays.filter((h) => !typed.includes(h.date));
    box().value = [...typed, ...fresh.map((h) => h.date)].join('\n');
    markEdited(box());
    const where = `${select('presetCountry').selectedOptions[0]?.text ?? country}${answer.region ? `, ${select('presetRegion').selectedOptions[0]?.text ?? answer.region}` : ''}`;
    status().textContent =
      fresh.length === 0
        ? `Every public holiday of ${where} in ${answer.year} is already listed.`
        : `Added ${fresh.length} day${fresh.length === 1 ? '' : 's'} of ${where} in ${answer.year}: ${fresh.map((h) => `${h.name} (${longDate(h.date)})`).join('; ')}. Save to keep them.`;
  } catch (e) {
    status().textContent = `Could not read the public holidays: ${message(e)}`;
  }
}

/** Reads the countries the backend knows, the spreadsheet's first chosen; offers this year and the next. */
async function loadHolidayPresets(): Promise<void> {
  const thisYear = new Date().getFullYear();
  select('presetYear').replaceChildren(...[thisYear, thisYear + 1].map((y) => el('option', { value: String(y) }, String(y))));
  try {
    const result = await settingsServer.getHolidayCountries();
    if (!result.ok) {
      select('presetCountry').replaceChildren(el('option', { value: '' }, 'Not available'));
      status().textContent = result.error.message;
      return;
    }
    select('presetCountry').replaceChildren(
      el('option', { value: '' }, 'Choose a country'),
      ...result.data.countries.map((c) => el('option', { value: c.code }, c.name)),
    );
    if (result.data.suggested) {
      select('presetCountry').value = result.data.suggested;
      await countryChosen();
    }
  } catch (e) {
    status().textContent = `Could not read the countries: ${message(e)}`;
  }
}

/** The countries are read the first time the Sending tab is shown: opening Settings does not wake the holidays function. */
export function startHolidayPresets(): void {
  document.getElementById('panel-sending')?.addEventListener('tabshown', () => void loadHolidayPresets(), { once: true });
  select('presetCountry').addEventListener('change', () => void countryChosen());
  select('presetYear').addEventListener('change', () => (last = undefined));
  document.getElementById('add-holidays')?.addEventListener('click', () => void add());
}
