/**
 * GET /v1/holidays and /v1/holidays/countries, served from date-holidays' data through the same
 * app (in AWS by a function of its own), signed in like every other route.
 */
import { startTestApi, type TestApi } from '../support/api';

describe('public holidays for Settings > Sending', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('lists the countries it knows, by name', async () => {
    const res = await api.call('GET', '/v1/holidays/countries');
    expect(res.status).toBe(200);
    const countries = res.json.countries as { code: string; name: string }[];
    expect(countries.length).toBeGreaterThan(100);
    expect(countries).toEqual(
      expect.arrayContaining([
        { code: 'US', name: 'United States of America' },
        { code: 'DE', name: 'Germany' },
        { code: 'JP', name: 'Japan' },
      ]),
    );
  });

  it('answers a year’s public holidays with the days they are observed, and the regions to choose from', async () => {
    const us = await api.call('GET', '/v1/holidays?country=US&year=2027');
    expect(us.status).toBe(200);
    const days = (us.json.holidays as { date: string; name: string }[]).map((h) => `${h.date} ${h.name}`);
    // 4 July 2027 is a Sunday: the Monday after is the day off too.
    expect(days).toEqual(
      expect.arrayContaining([
        "2027-01-01 New Year's Day",
        '2027-07-04 Independence Day',
        '2027-07-05 Independence Day (substitute day)',
        '2027-11-25 Thanksgiving Day',
      ]),
    );
    expect(us.json.regions).toEqual(expect.arrayContaining([{ code: 'CA', name: 'California' }]));
    // A region adds its own: Epiphany is a holiday in Bavaria, not in Berlin.
    const bavaria = (await api.call('GET', '/v1/holidays?country=DE&region=BY&year=2027')).json.holidays as { date: string }[];
    const berlin = (await api.call('GET', '/v1/holidays?country=DE&region=BE&year=2027')).json.holidays as { date: string }[];
    expect(bavaria.map((h) => h.date)).toContain('2027-01-06');
    expect(berlin.map((h) => h.date)).not.toContain('2027-01-06');
  });

  it.each([
    ['country=us&year=2027', 'country', 'two-letter country code'],
    ['country=ZZ&year=2027', 'country', 'no public holidays are known for "ZZ"'],
    ['country=US&region=XX&year=2027', 'region', '"XX" is not a region of US'],
    ['country=US&year=1999', 'year', '2000 or later'],
    ['country=US&year=next', 'year', 'must be a year'],
    ['country=US&year=2027&extra=1', 'extra', ''],
  ])('refuses %s naming %s', async (query, field, reason) => {
    const res = await api.call('GET', `/v1/holidays?${query}`);
    expect(res.status).toBe(400);
    expect(res.json.error.message).toContain(field);
    expect(res.json.error.message).toContain(reason);
  });

  it('is for signed-in users only', async () => {
    const res = await api.call('GET', '/v1/holidays?country=US&year=2027', { token: 'not-a-token' });
    expect(res.status).toBe(401);
  });
});
