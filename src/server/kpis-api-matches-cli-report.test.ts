import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportDifferences } from '../../test/support/report-compare.ts';
import { createTestApp, SMALL, type TestApp } from '../../test/support/test-app.ts';
import { DIALECTS } from '../../test/support/test-stores.ts';
import { parseIsoDate } from '../core/calendar-date.ts';
import type { KpiReport } from '../core/kpis/report.ts';
import { kpiReport } from '../services/kpis/kpi-report.ts';

// GET /api/v1/kpis must be exactly what `udn kpi --json` prints, and so match the shared expectations.
describe.each(DIALECTS)('/api/v1/kpis on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.dispose());

  it.each(SMALL.reports)(
    '$file: equals the CLI report and the expected report',
    async ({ from, to, report }) => {
      const body = await t.getJson<KpiReport>(`/api/v1/kpis?from=${from}&to=${to}`);
      const cli = await kpiReport(t.store, await t.org(), {
        from: parseIsoDate(from)!,
        to: parseIsoDate(to)!,
      });
      expect(body).toEqual(JSON.parse(JSON.stringify(cli)));
      expect(reportDifferences(body, report)).toEqual([]);
    },
  );

  it('a named period gives the same report as its dates, and a second call comes from the cache', async () => {
    const named = await t.getJson<KpiReport>('/api/v1/kpis?period=2026-Q1');
    const missesBefore = t.app.udn.cache.misses;
    const dated = await t.getJson<KpiReport>('/api/v1/kpis?from=2026-01-01&to=2026-03-31');
    expect(dated).toEqual(named);
    expect(t.app.udn.cache.misses).toBe(missesBefore);
  });

  it('a period with no spend recorded has spend and CAC null (unknown), not zero', async () => {
    // examples/small records spend on 2025-01-01 and 2025-01-08, none in between, and none after September 2026.
    for (const query of ['from=2025-01-02&to=2025-01-07', 'period=2026-11']) {
      const body = await t.getJson<KpiReport>(`/api/v1/kpis?${query}`);
      expect(body.org.spend, query).toBeNull();
      expect(body.org.customer_acquisition_cost, query).toBeNull();
    }
    const recorded = await t.getJson<KpiReport>('/api/v1/kpis?from=2025-01-01&to=2025-01-07');
    expect(recorded.org.spend).toBeGreaterThan(0);
  });

  it('answers JSON compressed when the client accepts it', async () => {
    const response = await t.app.inject({
      url: '/api/v1/kpis?period=2025',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBe('gzip');
    const plain = await t.app.inject({ url: '/api/v1/kpis?period=2025' });
    expect(zlib.gunzipSync(response.rawPayload).toString()).toBe(plain.body);
  });
});
