import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../calendar-date.ts';
import { rawProgress } from './progress.ts';
import {
  canBeQuota,
  checkTarget,
  defaultDirection,
  measureOf,
  type RuleContext,
  type TargetFields,
  valueProblem,
} from './target-rules.ts';

const ctx: RuleContext = {
  currencyDigits: 2,
  scopeProblem: (scope) => (scope === 'team:Atlantis' ? 'unknown team "Atlantis"' : null),
  quotaExists: false,
};
const blank: TargetFields = {
  kind: 'number',
  is_quota: false,
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

  it('makes a KPI target the sales quota only when it says so, and only where a quota can be', () => {
    const revenue = { kind: 'kpi' as const, metric: 'revenue', direction: 'at_least' as const };
    expect(canBeQuota(revenue)).toBe(true);
    expect(canBeQuota({ ...revenue, direction: 'at_most' })).toBe(false);
    expect(canBeQuota({ ...revenue, metric: 'email_open_rate' })).toBe(false);
    // Not the quota (the default): a target of its own, which needs its own value.
    expect(field({ ...revenue, target_value: null }, {}, { ...ctx, quotaExists: true })).toBe('target_value');
    expect(field({ ...revenue, start_value: 5, target_value: 100 })).toBe(null);
    // The quota: measured from zero, and it needs a value unless the quota row is already there.
    const quota = { ...revenue, is_quota: true };
    expect(field({ ...quota, target_value: null })).toBe('target_value');
    expect(field({ ...quota, target_value: null }, {}, { ...ctx, quotaExists: true })).toBe(null);
    expect(field({ ...quota, start_value: 5, target_value: 100 })).toBe('start_value');
    expect(field({ ...quota, target_value: -1 })).toBe('target_value');
    // Where it cannot apply, the refusal names is_quota, or the field the client moved it with.
    const asked = { is_quota: true };
    expect(field({ ...quota, metric: 'email_open_rate', target_value: 0.3 }, asked)).toBe('is_quota');
    expect(field({ ...quota, direction: 'at_most', target_value: 10 }, asked)).toBe('is_quota');
    expect(field({ ...quota, direction: 'at_most', target_value: 10 }, { direction: 'at_most' })).toBe(
      'direction',
    );
    expect(field({ ...quota, metric: 'new_leads', target_value: 10 }, { metric: 'new_leads' })).toBe(
      'metric',
    );
    expect(field({ kind: 'number', is_quota: true }, asked)).toBe('is_quota');
    expect(field({ kind: 'number' }, { is_quota: false })).toBe(null);
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

// A target of −5000 shown as "−IDR 5K" (issue 8, item 5): each kind takes only the values it can have.
describe('the values a target can take', () => {
  it('never takes a negative amount of money, as start, target or current value', () => {
    for (const field_ of ['start_value', 'target_value', 'current_value'] as const) {
      expect(field({ kind: 'currency', target_value: 100, [field_]: -5000 })).toBe(field_);
    }
    expect(field({ kind: 'kpi', metric: 'revenue', target_value: -5000 })).toBe('target_value');
    expect(field({ kind: 'kpi', metric: 'arpa', target_value: 10, start_value: -1 })).toBe('start_value');
    expect(valueProblem('currency', null, -5000)?.rule).toBe('negative_money');
    expect(valueProblem('currency', null, 0)).toBe(null);
  });

  it('keeps counts whole and non-negative', () => {
    expect(valueProblem('kpi', 'new_leads', 150)).toBe(null);
    expect(valueProblem('kpi', 'new_leads', 2.5)?.rule).toBe('whole');
    expect(valueProblem('kpi', 'deals_won', -1)?.rule).toBe('negative');
    expect(field({ kind: 'kpi', metric: 'new_customers', target_value: 15.5 })).toBe('target_value');
  });

  it('keeps rates between 0 and 1, except growth, which cannot fall below −100%', () => {
    expect(valueProblem('kpi', 'churn_rate', 0.05)).toBe(null);
    expect(valueProblem('kpi', 'churn_rate', 1)).toBe(null);
    expect(valueProblem('kpi', 'email_open_rate', 35)?.rule).toBe('share');
    expect(valueProblem('kpi', 'email_open_rate', -0.1)?.rule).toBe('share');
    expect(valueProblem('kpi', 'sales_growth', -0.2)).toBe(null);
    expect(valueProblem('kpi', 'sales_growth', 2.5)).toBe(null);
    expect(valueProblem('kpi', 'sales_growth', -1.5)?.rule).toBe('growth');
  });

  it('keeps durations, FTE and per-rep figures non-negative; a number target is any number', () => {
    expect(valueProblem('kpi', 'avg_sales_cycle_days', -3)?.rule).toBe('negative');
    expect(valueProblem('kpi', 'avg_sales_cycle_days', 12.5)).toBe(null);
    expect(valueProblem('kpi', 'rep_fte', -0.5)?.rule).toBe('negative');
    expect(valueProblem('kpi', 'deals_won_per_rep', 2.5)).toBe(null);
    expect(valueProblem('number', null, -20)).toBe(null);
    expect(field({ kind: 'number', start_value: -20, target_value: 10 })).toBe(null);
  });
});
