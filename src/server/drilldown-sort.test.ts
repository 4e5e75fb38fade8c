import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { DIALECTS } from '../../test/support/test-stores.ts';
import type { ApiError, DrilldownResponse } from '../core/contracts/api.ts';

type Cell = DrilldownResponse['rows'][number][string];

/** The order the API promises: empty values last either way, text without regard to case. */
function expectOrdered(rows: DrilldownResponse['rows'], key: string, descending: boolean) {
  const values = rows.map((row) => row[key] ?? null);
  const firstEmpty = values.indexOf(null);
  if (firstEmpty >= 0)
    expect(
      values.slice(firstEmpty).every((value) => value === null),
      key,
    ).toBe(true);
  const known = values.filter((value): value is Exclude<Cell, null> => value !== null);
  const comparable = (value: Exclude<Cell, null>) =>
    typeof value === 'string' ? value.toLowerCase() : Number(value);
  for (let index = 1; index < known.length; index++) {
    const before = comparable(known[index - 1]!);
    const after = comparable(known[index]!);
    if (descending) expect(before >= after, `${key}: ${before} then ${after}`).toBe(true);
    else expect(before <= after, `${key}: ${before} then ${after}`).toBe(true);
  }
}

// A drill-down is sorted by any of its columns in SQL, across pages (not only the page on screen).
describe.each(DIALECTS)('/api/v1/drilldown?sort= on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.dispose());

  const drill = (query: string) => t.getJson<DrilldownResponse>(`/api/v1/drilldown?${query}`);

  it('sorts won deals by amount, both ways, the whole list and not each page', async () => {
    const all = await drill('metric=revenue&period=2026-Q1&pageSize=500');
    expect(all.sort).toBe('-closed_at');
    expectOrdered(all.rows, 'closed_at', true);
    const amounts = all.rows.map((row) => Number(row.amount));

    const down = await drill('metric=revenue&period=2026-Q1&pageSize=500&sort=-amount');
    expect(down.sort).toBe('-amount');
    expect(down.total).toBe(all.total);
    expectOrdered(down.rows, 'amount', true);
    expect(down.rows[0]!.amount).toBe(Math.max(...amounts));
    const up = await drill('metric=revenue&period=2026-Q1&pageSize=500&sort=amount');
    expectOrdered(up.rows, 'amount', false);
    expect(up.rows[0]!.amount).toBe(Math.min(...amounts));
    // The same records, only reordered.
    expect(down.rows.map((row) => row.id).sort()).toEqual(all.rows.map((row) => row.id).sort());

    // Pages of a sorted list are consecutive slices of it: page 2 starts where page 1 ended.
    const first = await drill('metric=revenue&period=2026-Q1&pageSize=7&page=1&sort=-amount');
    const second = await drill('metric=revenue&period=2026-Q1&pageSize=7&page=2&sort=-amount');
    expect([...first.rows, ...second.rows]).toEqual(down.rows.slice(0, 14));
  });

  it('sorts by derived and looked-up columns: sales cycle, and the rep by name', async () => {
    const cycle = await drill('metric=avg_sales_cycle_days&period=2026-Q1&pageSize=500&sort=-cycle_days');
    expectOrdered(cycle.rows, 'cycle_days', true);
    const byRep = await drill('metric=deals_won&period=2026-Q1&pageSize=500&sort=owner');
    expectOrdered(byRep.rows, 'owner', false);
    expect(new Set(byRep.rows.map((row) => row.owner)).size).toBeGreaterThan(1);
  });

  it('puts empty values last in either direction', async () => {
    for (const sort of ['first_won_at', '-first_won_at']) {
      const leads = await drill(`metric=lead_conversion_rate&period=2025-Q3&pageSize=500&sort=${sort}`);
      const values = leads.rows.map((row) => row.first_won_at);
      expect(values.some((value) => value === null)).toBe(true);
      expect(values.some((value) => value !== null)).toBe(true);
      expectOrdered(leads.rows, 'first_won_at', sort.startsWith('-'));
    }
  });

  it('sorts customers by a flag of the window, and lists computed in memory (targets, reps)', async () => {
    const customers = await drill(
      'metric=customer_lifetime_value&period=2026-Q1&pageSize=500&sort=active_at_end',
    );
    const flags = customers.rows.map((row) => row.active_at_end);
    expect(flags).toEqual([...flags].sort((a, b) => Number(a) - Number(b)));
    expect(new Set(flags).size).toBe(2);

    const targets = await drill('metric=target_revenue&period=2025&pageSize=500&sort=-contribution');
    expect(targets.rows.length).toBeGreaterThan(1);
    expectOrdered(targets.rows, 'contribution', true);
    const reps = await drill('metric=rep_fte&period=2026-Q1&pageSize=500&sort=-fte');
    expectOrdered(reps.rows, 'fte', true);
  });

  it('400 naming sort for a column the rows do not have, or a malformed sort, changing nothing', async () => {
    const missing = await t.getJson<ApiError>(
      '/api/v1/drilldown?metric=revenue&period=2026-Q1&sort=campaign',
      400,
    );
    expect(missing).toMatchObject({ error: 'bad_request', field: 'sort' });
    expect(missing.message).toContain('amount');
    const malformed = await t.getJson<ApiError>(
      '/api/v1/drilldown?metric=revenue&period=2026-Q1&sort=amount%3Bdrop%20table%20deals',
      400,
    );
    expect(malformed.field).toBe('sort');
    expect((await drill('metric=revenue&period=2026-Q1&pageSize=1')).total).toBeGreaterThan(0);
  });
});
