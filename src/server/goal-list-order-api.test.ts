import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { DIALECTS } from '../../test/support/test-stores.ts';
import type { ApiError } from '../core/contracts/api.ts';
import type { GoalList } from '../core/contracts/goals.ts';

// Created oldest first, as a team would over two years: a picker must not list them that way.
const GOALS = [
  ['Q1 2025 push', '2025-01-01', '2025-03-31'],
  ['Q1 2026 push', '2026-01-01', '2026-03-31'],
  ['Q2 2026 push', '2026-04-01', '2026-06-30'],
  ['April calls', '2026-04-01', '2026-04-30'],
  ['Q3 2026 plan', '2026-07-01', '2026-09-30'],
] as const;

describe.each(DIALECTS)('GET /api/v1/goals?sort on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    for (const [name, start_date, due_date] of GOALS) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/goals',
        payload: { name, start_date, due_date },
      });
      expect(response.statusCode, response.body).toBe(201);
    }
  });
  afterAll(() => t.dispose());

  const names = async (query: string, today = '2026-04-10') =>
    (await t.getJson<GoalList>(`/api/v1/goals?kind=user&today=${today}${query}`)).goals.map((g) => g.name);

  it('sort=current lists running goals first (soonest due), then upcoming, then finished (latest first)', async () => {
    expect(await names('&sort=current')).toEqual([
      'April calls',
      'Q2 2026 push',
      'Q3 2026 plan',
      'Q1 2026 push',
      'Q1 2025 push',
    ]);
    // A month later April's goal has finished: it leads the finished ones.
    expect(await names('&sort=current', '2026-05-02')).toEqual([
      'Q2 2026 push',
      'Q3 2026 plan',
      'April calls',
      'Q1 2026 push',
      'Q1 2025 push',
    ]);
  });

  it('keeps the arranged order by default', async () => {
    expect(await names('')).toEqual(GOALS.map(([name]) => name));
    expect(await names('&sort=position')).toEqual(GOALS.map(([name]) => name));
  });

  it('refuses an unknown order, naming the field', async () => {
    const body = await t.getJson<ApiError>('/api/v1/goals?sort=oldest', 400);
    expect(body).toMatchObject({ error: 'bad_request', field: 'sort' });
  });
});
