import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { DIALECTS } from '../../test/support/test-stores.ts';
import type { ApiError } from '../core/contracts/api.ts';

// A client must be able to tell which input was wrong, and no bad input may crash the server.
describe.each(DIALECTS)('bad requests on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.dispose());

  it.each([
    ['/api/v1/kpis', 'period', /give a period/],
    ['/api/v1/kpis?period=2026-Q5', 'period', /not a named period/],
    ['/api/v1/kpis?period=2026&from=2026-01-01&to=2026-01-31', 'period', /not both/],
    ['/api/v1/kpis?from=2026-02-30&to=2026-03-01', 'from', /not a date/],
    ['/api/v1/kpis?from=2026-01-01', 'to', /both from and to/],
    ['/api/v1/kpis?from=yesterday&to=2026-01-01', 'from', /YYYY-MM-DD/],
    ['/api/v1/kpis?from=2026-03-01&to=2026-02-01', 'to', /before/],
    ['/api/v1/kpis?from=1900-01-01&to=2026-01-01', 'to', /20 years/],
    ['/api/v1/series?metric=profit&period=2026', 'metric', /.+/],
    ['/api/v1/series?period=2026', 'metric', /.+/],
    ['/api/v1/series?metric=revenue&period=2026&grain=hour', 'grain', /.+/],
    ['/api/v1/series?metric=revenue&from=2020-01-01&to=2026-12-31&grain=day', 'grain', /at most 400/],
    ['/api/v1/series?metric=revenue&period=2026&scope=everyone', 'scope', /org, team/],
    ['/api/v1/series?metric=revenue&period=2026&scope=team:Atlantis', 'scope', /unknown team "Atlantis"/],
    ['/api/v1/drilldown?metric=revenue&period=2026&scope=rep:R99', 'scope', /unknown rep "R99"/],
    ['/api/v1/drilldown?metric=revenue&period=2026&page=0', 'page', /.+/],
    ['/api/v1/drilldown?metric=revenue&period=2026&pageSize=10000', 'pageSize', /.+/],
    ['/api/v1/breakdowns/colour?period=2026', 'dimension', /.+/],
    ['/api/v1/breakdowns/lead_source?period=2026&scope=team:Atlantis', 'scope', /unknown team/],
  ])('%s → 400 naming %s', async (url, field, message) => {
    const body = await t.getJson<ApiError>(url, 400);
    expect(body.error).toBe('bad_request');
    expect(body.field).toBe(field);
    expect(body.message).toMatch(message);
    expect(body.details?.[0]?.field).toBe(field);
  });

  it('unknown API routes answer a JSON 404', async () => {
    for (const url of ['/api/v1/nothing', '/api/v2/kpis', '/api']) {
      const body = await t.getJson<ApiError>(url, 404);
      expect(body.error).toBe('not_found');
    }
    const post = await t.app.inject({ method: 'POST', url: '/api/v1/kpis' });
    expect(post.statusCode).toBe(404);
    expect(post.json<ApiError>().error).toBe('not_found');
  });

  it('malformed JSON bodies are a 400 ApiError, and the server keeps answering', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/dashboards',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json<ApiError>()).toMatchObject({ error: 'bad_request' });
    await t.getJson('/api/v1/org');
  });
});
