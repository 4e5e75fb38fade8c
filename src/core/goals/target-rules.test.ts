import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../calendar-date.ts';
import { rawProgress } from './progress.ts';
import {
  checkTarget,
  defaultDirection,
  isQuotaTarget,
  measureOf,
  type RuleContext,
  type TargetFields,
} from './target-rules.ts';

const ctx: RuleContext = {
  currencyDigits: 2,
  scopeProblem: (scope) => (scope === 'team:Atlantis' ? 'unknown team "Atlantis"' : null),
  quotaExists: false,
};
const blank: TargetFields = {
  kind: 'number',
  start_value: null,
  target_value: 10,
  current_value: null,
  done: false,
  metric: null,
  scope: null,
  direction: 'at_least',
  period_start: null,
  period_end: null,
};
const field = (merged: Partial<TargetFields>, sent: Partial<TargetFields> = {}, context = ctx) =>
  checkTarget({ ...blank, ...merged }, sent, context)?.field ?? null;

// A value of the wrong kind is refused naming the field, before anything is written.
describe('what each kind of target is made of', () => {
  it('refuses fields that do not belong to the kind', () => {
    expect(field({ kind: 'boolean', target_value: 5 }, { target_value: 5 })).toBe('target_value');
    expect(field({ kind: 'tasks', target_value: null }, { current_value: 3 })).toBe('current_value');
    expect(field({ kind: 'number' }, { done: true })).toBe('done');
    expect(field({ kind: 'number' }, { metric: 'revenue' })).toBe('metric');
    expect(field({ kind: 'kpi', metric: 'churn_rate', target_value: 0.05 }, { current_value: 0.01 })).toBe(
      'current_value',
    );
  });

  it('requires what the kind needs', () => {
    expect(field({ kind: 'number', target_value: null })).toBe('target_value');
    expect(field({ kind: 'kpi', metric: null })).toBe('metric');
    expect(field({ kind: 'kpi', metric: 'churn_rate', target_value: null })).toBe('target_value');
    expect(field({ kind: 'kpi', metric: 'profit' as never })).toBe('metric');
    expect(field({ kind: 'boolean', target_value: null, direction: 'at_most' })).toBe('direction');
  });

  it('checks KPI scopes: they must exist, and org-only metrics stay org', () => {
    expect(field({ kind: 'kpi', metric: 'churn_rate', scope: 'team:Atlantis' })).toBe('scope');
    expect(field({ kind: 'kpi', metric: 'customer_acquisition_cost', scope: 'team:Jakarta' })).toBe('scope');
    expect(
      field({ kind: 'kpi', metric: 'customer_acquisition_cost', scope: 'org', direction: 'at_most' }),
    ).toBe(null);
  });

  it('checks periods: both or neither, and not backwards', () => {
    expect(field({ period_start: '2026-01-01' })).toBe('period_end');
    expect(field({ period_start: '2026-03-01', period_end: '2026-02-01' })).toBe('period_end');
    expect(field({ period_start: '2026-01-01', period_end: '2026-01-01' })).toBe(null);
  });

  it('keeps currency values to the currency’s decimals (major units)', () => {
    expect(field({ kind: 'currency', target_value: 1000.5 })).toBe(null);
    expect(field({ kind: 'currency', target_value: 1000.505 })).toBe('target_value');
    expect(field({ kind: 'currency', target_value: 1000.5 }, {}, { ...ctx, currencyDigits: 0 })).toBe(
      'target_value',
    );
  });

  it('treats a KPI target to reach on a targets.csv metric as a sales quota', () => {
    const quota = { kind: 'kpi' as const, metric: 'revenue', direction: 'at_least' as const };
    expect(isQuotaTarget(quota)).toBe(true);
    expect(isQuotaTarget({ ...quota, direction: 'at_most' })).toBe(false);
    expect(isQuotaTarget({ ...quota, metric: 'email_open_rate' })).toBe(false);
    // A quota is measured from zero and needs a value unless the quota row is already there.
    expect(field({ ...quota, target_value: null })).toBe('target_value');
    expect(field({ ...quota, target_value: null }, {}, { ...ctx, quotaExists: true })).toBe(null);
    expect(field({ ...quota, start_value: 5, target_value: 100 })).toBe('start_value');
    expect(field({ ...quota, target_value: -1 })).toBe('target_value');
  });

  it('gives KPI targets the direction in which their metric is good', () => {
    expect(defaultDirection('kpi', 'churn_rate')).toBe('at_most');
    expect(defaultDirection('kpi', 'customer_acquisition_cost')).toBe('at_most');
    expect(defaultDirection('kpi', 'revenue')).toBe('at_least');
    expect(defaultDirection('number', null)).toBe('at_least');
  });

  it('measures each kind for progress.ts', () => {
    const period = { from: parseIsoDate('2026-04-01')!, to: parseIsoDate('2026-04-30')! };
    const common = { ...period, direction: 'at_least' as const, metric: null, start: null };
    // 3 of 4 linked tasks done = 0.75; a done true/false = 1; revenue builds up, a rate does not.
    expect(rawProgress(measureOf({ ...common, kind: 'tasks', target: null, current: 3, total: 4 }))).toBe(
      0.75,
    );
    expect(rawProgress(measureOf({ ...common, kind: 'boolean', target: null, current: 1 }))).toBe(1);
    expect(measureOf({ ...common, kind: 'kpi', metric: 'revenue', target: 10, current: 5 }).cumulative).toBe(
      true,
    );
    expect(
      measureOf({ ...common, kind: 'kpi', metric: 'email_open_rate', target: 1, current: 0 }).cumulative,
    ).toBe(false);
  });
});
