// `GET /transparency?format=csv`: the harmonised template figures as CSV, same access rules as the JSON report.
import { startApiHarness, type ApiHarness } from '../support/api/api-harness';
import { FakeCaseService } from '../support/api/fake-case-service';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness({ cases: new FakeCaseService() });
});
afterAll(() => h?.stop());

it('answers CSV with the template header for format=csv, JSON with the harmonised figures otherwise', async () => {
  const csv = await h.call<string>('GET', '/transparency?from=2026-01-01&to=2026-03-31&format=csv', { as: 'otto' });
  expect(csv.status).toBe(200);
  expect(csv.contentType).toContain('text/csv');
  const text = csv.body;
  expect(text.split('\n')[0]).toBe('section,dimension,value,count,actioned,median_hours');
  expect(text).toContain('period,from,2026-01-01T00:00:00.000Z');
  const json = await h.call<{ harmonised: { automatedMeans: { used: boolean } } }>(
    'GET',
    '/transparency?from=2026-01-01&to=2026-03-31',
    { as: 'otto' },
  );
  expect(json.body.harmonised.automatedMeans.used).toBe(false);
  expect((await h.call('GET', '/transparency?from=2026-01-01&to=2026-03-31&format=xml', { as: 'otto' })).status).toBe(
    400,
  );
  expect((await h.call('GET', '/transparency?from=2026-01-01&to=2026-03-31&format=csv', { as: 'rita' })).status).toBe(
    403,
  );
});
