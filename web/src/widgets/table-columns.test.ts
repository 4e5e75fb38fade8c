import { describe, expect, it } from 'vitest';
import { METRIC_KEYS, METRICS } from '../../../src/core/kpis/definitions.ts';
import { DEFAULT_TABLE_METRICS, isPerRep, tableColumns, toggleColumn } from './table-columns.ts';

describe('team table columns', () => {
  it('knows the per-rep KPIs, whose value on a rep row repeats the plain KPI', () => {
    const perRep = METRIC_KEYS.filter((metric) => isPerRep(metric, METRICS));
    expect(perRep).toEqual([
      'revenue_per_rep',
      'deals_won_per_rep',
      'new_leads_per_rep',
      'new_opportunities_per_rep',
    ]);
    expect(DEFAULT_TABLE_METRICS.some((metric) => isPerRep(metric, METRICS))).toBe(false);
  });

  it('reads the default set, or the saved one without unknown KPIs', () => {
    expect(tableColumns({}, METRICS)).toEqual({
      metrics: DEFAULT_TABLE_METRICS,
      extras: ['team', 'tasks_completed', 'tasks_overdue'],
    });
    expect(tableColumns({ metrics: ['churn_rate', 'revenue'], columns: ['tasks_overdue'] }, METRICS)).toEqual(
      {
        metrics: ['churn_rate', 'revenue'],
        extras: ['tasks_overdue'],
      },
    );
    expect(tableColumns({ metrics: [], columns: [] }, METRICS).metrics).toEqual(DEFAULT_TABLE_METRICS);
  });

  it('switches KPIs and other columns on and off, keeping the rest of the config', () => {
    const config = { metrics: ['revenue', 'deals_won'] as const, scope: 'team:Jakarta' };
    const added = toggleColumn({ ...config, metrics: [...config.metrics] }, METRICS, 'churn_rate');
    expect(added).toEqual({
      metrics: ['revenue', 'deals_won', 'churn_rate'],
      columns: ['team', 'tasks_completed', 'tasks_overdue'],
      scope: 'team:Jakarta',
    });
    const removed = toggleColumn(added, METRICS, 'revenue');
    expect(removed.metrics).toEqual(['deals_won', 'churn_rate']);
    const noTeam = toggleColumn(removed, METRICS, 'team');
    expect(noTeam.columns).toEqual(['tasks_completed', 'tasks_overdue']);
    expect(toggleColumn(noTeam, METRICS, 'team').columns).toEqual([
      'team',
      'tasks_completed',
      'tasks_overdue',
    ]);
  });

  it('keeps at least one KPI and at most twenty', () => {
    const one = { metrics: ['revenue' as const] };
    expect(toggleColumn(one, METRICS, 'revenue')).toBe(one);
    const full = { metrics: METRIC_KEYS.slice(0, 20) };
    expect(toggleColumn(full, METRICS, 'spend')).toBe(full);
  });
});
