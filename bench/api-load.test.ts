import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/support/test-app.ts';
import { DIALECTS } from '../test/support/test-stores.ts';
import { benchApi } from './api-load.ts';

// The benchmark hook must run the dashboard's calls against a real listening server and report them.
describe.each(DIALECTS)('benchApi on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.dispose());

  it('measures every dashboard call without errors and leaves the store open', async () => {
    const results = await benchApi(t.store, {
      quarter: '2026-Q1',
      year: '2025',
      connections: 4,
      durationSeconds: 1,
    });
    expect(results.map((r) => r.name)).toHaveLength(4);
    for (const r of results) {
      expect(r.errors + r.non2xx, r.path).toBe(0);
      expect(r.requests).toBeGreaterThan(0);
      expect(r.p50Ms).toBeLessThanOrEqual(r.p95Ms);
      expect(r.p95Ms).toBeLessThanOrEqual(r.p99Ms);
    }
    await t.getJson('/api/v1/org');
  });
});
