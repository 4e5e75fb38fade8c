import { describe, expect, it } from 'vitest';
import { targetCreateSchema } from '../../../../src/core/contracts/goals.ts';
import { KPIS, METRICS } from '../../../../src/core/kpis/definitions.ts';
import type { Goal, GoalTarget } from '../../api/types.ts';
import { en, type MessageKey } from '../../i18n/en.ts';
import { contractErrors } from '../../ui/form/contract-errors.ts';
import {
  initialTargetValues,
  quotaOf,
  type TargetValues,
  targetBody,
  targetUnit,
  valueRuleMessage,
} from './target-values.ts';

const definitions = { kpis: [...KPIS], metrics: METRICS };
const goal = { kind: 'user', start_date: '2026-01-01', due_date: '2026-03-31' } as Goal;
const quotaGoal = { ...goal, kind: 'quota' } as Goal;
const fresh = initialTargetValues(goal, null, () => 'number');
const values = (changes: Partial<TargetValues>): TargetValues => ({ ...fresh, ...changes });
const t = (key: MessageKey) => en[key];

describe('the body of a target has only the fields of its kind', () => {
  it('sends what a new number target starts at, aims at and is at', () => {
    const body = targetBody(values({ name: '  Resellers  ', target_value: 10, current_value: 2 }), {
      goal,
      target: null,
      definitions,
    });
    expect(body).toEqual({
      kind: 'number',
      name: 'Resellers',
      start_value: 0,
      target_value: 10,
      current_value: 2,
    });
  });

  it('sends a true/false target done or not, and a tasks target its name only', () => {
    expect(
      targetBody(values({ kind: 'boolean', name: 'Hire', done: true }), { goal, target: null, definitions }),
    ).toEqual({
      kind: 'boolean',
      name: 'Hire',
      done: true,
    });
    expect(
      targetBody(values({ kind: 'tasks', name: 'Visits' }), { goal, target: null, definitions }),
    ).toEqual({
      kind: 'tasks',
      name: 'Visits',
    });
  });

  it('types a rate as a percentage and sends the fraction', () => {
    const kpi = values({ kind: 'kpi', metric: 'churn_rate', direction: 'at_most', target_value: 3.5 });
    expect(targetUnit(kpi, definitions)).toBe('ratio');
    expect(targetBody(kpi, { goal, target: null, definitions })).toEqual({
      kind: 'kpi',
      metric: 'churn_rate',
      scope: 'org',
      direction: 'at_most',
      target_value: 0.035,
      // A new target starts at 0 unless the start is cleared.
      start_value: 0,
    });
  });

  it('clears on an edit what the form emptied: weight, start, own period', () => {
    const target = { kind: 'kpi', is_quota: false, start_value: 5, period_start: '2026-02-01' } as GoalTarget;
    const body = targetBody(
      values({ kind: 'kpi', metric: 'deals_won', target_value: 40, start_value: '', own_period: false }),
      { goal, target, definitions },
    );
    expect(body).toMatchObject({ weight: null, start_value: null, period_start: null, period_end: null });
  });

  it('makes a KPI target the quota only on an at-least target of a quota metric', () => {
    const onQuota = values({ kind: 'kpi', metric: 'revenue', is_quota: true, target_value: '' });
    expect(quotaOf(onQuota, goal)).toEqual({ metric: true, possible: true, isQuota: true });
    expect(targetBody(onQuota, { goal, target: null, definitions })).toEqual({
      kind: 'kpi',
      metric: 'revenue',
      scope: 'org',
      direction: 'at_least',
      is_quota: true,
    });
    expect(quotaOf(values({ kind: 'kpi', metric: 'revenue', direction: 'at_most' }), goal).isQuota).toBe(
      false,
    );
    expect(quotaOf(values({ kind: 'kpi', metric: 'churn_rate' }), goal).metric).toBe(false);
    // In a quota goal every such target is the quota, without saying so in the body.
    const inQuotaGoal = values({ kind: 'kpi', metric: 'units', target_value: 100 });
    expect(quotaOf(inQuotaGoal, quotaGoal).isQuota).toBe(true);
    expect(targetBody(inQuotaGoal, { goal: quotaGoal, target: null, definitions })).not.toHaveProperty(
      'is_quota',
    );
  });

  it('words the contract’s rule of a value on that value', () => {
    const body = targetBody(values({ kind: 'currency', name: 'Refunds', target_value: -5000 }), {
      goal,
      target: null,
      definitions,
    });
    expect(contractErrors(targetCreateSchema, body, t, (issue) => valueRuleMessage(issue, body, t))).toEqual({
      target_value: 'An amount is never negative',
    });
  });
});
