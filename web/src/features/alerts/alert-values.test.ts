import { describe, expect, it } from 'vitest';
import { alertRuleInputSchema } from '../../../../src/core/contracts/alerts.ts';
import { formatValue } from '../../../../src/core/format.ts';
import { translator } from '../../i18n/translate.ts';
import {
  alertBody,
  type ConditionWords,
  conditionText,
  newAlertValues,
  ruleValues,
  toApiValue,
  toShownValue,
} from './alert-values.ts';

const METRICS = ['deals_won', 'churn_rate', 'revenue'];
const UNITS = { deals_won: 'count', churn_rate: 'ratio', revenue: 'money' } as const;
const LABELS = { deals_won: 'Deals won', churn_rate: 'Churn rate', revenue: 'Revenue' } as const;

const words = (locale: 'en' | 'id'): ConditionWords => {
  const { t, plural } = translator(locale);
  return {
    t,
    plural,
    metricLabel: (metric) => LABELS[metric as keyof typeof LABELS],
    amount: (value, metric) =>
      formatValue(value, UNITS[metric as keyof typeof UNITS], { locale, currency: 'IDR', compact: false }),
    targetName: (id) => (id === 4 ? 'Jakarta revenue' : undefined),
  };
};

describe('an alert form’s values become the contract’s body', () => {
  it('sends a rate typed in percent as the fraction the API takes, and back', () => {
    expect(toApiValue(3.1, 'ratio')).toBe(0.031);
    expect(toShownValue(0.031, 'ratio')).toBe(3.1);
    expect(toApiValue(9_900_000, 'money')).toBe(9_900_000);
    const values = {
      ...newAlertValues({ metric: 'churn_rate', scope: 'team:Jakarta' }, METRICS),
      value: 3 as const,
    };
    const body = alertBody({ ...values, name: ' Churn ' }, 'ratio');
    expect(body).toEqual({
      name: 'Churn',
      condition: { kind: 'threshold', metric: 'churn_rate', period: 'month', operator: 'above', value: 0.03 },
      scope: 'team:Jakarta',
      createTask: false,
      recipients: { users: [], teams: [] },
      enabled: true,
    });
    expect(alertRuleInputSchema.safeParse(body).success).toBe(true);
  });

  it('leaves an untyped amount out, so the contract names condition.value', () => {
    const values = newAlertValues({ metric: 'deals_won' }, METRICS);
    const result = alertRuleInputSchema.safeParse(alertBody({ ...values, name: 'x' }, 'count'));
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['condition.value']);
  });

  it('ignores a metric the catalogue does not know, and sends only the chosen kind’s fields', () => {
    expect(newAlertValues({ metric: 'nope' }, METRICS).metric).toBeNull();
    const values = { ...newAlertValues(undefined, METRICS), kind: 'inactivity' as const, days: 5 };
    const body = alertBody({ ...values, name: 'Quiet' }, undefined);
    expect(body.condition).toEqual({ kind: 'inactivity', days: 5, activity: 'any' });
    expect(alertRuleInputSchema.safeParse(body).success).toBe(true);
  });

  it('reads a saved rule back with its rate in percent', () => {
    const values = ruleValues(
      {
        id: 1,
        name: 'Churn up',
        condition: {
          kind: 'threshold',
          metric: 'churn_rate',
          period: 'quarter',
          operator: 'below',
          value: 0.125,
        },
        scope: 'org',
        createTask: true,
        recipients: { users: ['u1'], teams: [] },
        enabled: false,
        crossed: [],
        lastFiredAt: null,
        createdBy: null,
        createdAt: '2026-12-01T00:00:00Z',
        updatedAt: '2026-12-01T00:00:00Z',
      },
      (metric) => UNITS[metric as keyof typeof UNITS],
    );
    expect(values).toMatchObject({
      value: 12.5,
      operator: 'below',
      period: 'quarter',
      createTask: true,
      enabled: false,
      users: ['u1'],
    });
  });
});

describe('a condition in words', () => {
  it('names the metric, the amount in its unit and the period', () => {
    const en = words('en');
    expect(
      conditionText(
        { kind: 'threshold', metric: 'deals_won', period: 'month', operator: 'above', value: 12 },
        en,
      ),
    ).toBe('Deals won above 12 this month');
    expect(
      conditionText(
        { kind: 'threshold', metric: 'churn_rate', period: 'month', operator: 'above', value: 0.03 },
        en,
      ),
    ).toBe('Churn rate above 3.0% this month');
    expect(
      conditionText(
        {
          kind: 'change',
          metric: 'revenue',
          period: 'quarter',
          against: 'last-year',
          direction: 'down',
          percent: 10,
        },
        en,
      ),
    ).toBe('Revenue down 10% or more this quarter against the same period last year');
    expect(
      conditionText({ kind: 'target-status', targetId: 4, statuses: ['at_risk', 'off_track'] }, en),
    ).toBe('Jakarta revenue turns at risk / off track');
    expect(conditionText({ kind: 'inactivity', days: 1, activity: 'deal-created' }, en)).toBe(
      'No deal created for 1 day',
    );
    expect(conditionText({ kind: 'import', removedAtLeast: 0 }, en)).toBe('An import fails');
    expect(conditionText({ kind: 'import', removedAtLeast: 1500 }, en)).toBe(
      'An import fails or removes 1,500 records or more',
    );
  });

  it('speaks Indonesian, and says nothing while the metric is missing', () => {
    const id = words('id');
    expect(conditionText({ kind: 'inactivity', days: 7, activity: 'any' }, id)).toBe(
      'Tidak ada aktivitas selama 7 hari',
    );
    expect(
      conditionText(
        { kind: 'threshold', metric: 'revenue', period: 'year', operator: 'below', value: 9_900_000 },
        id,
      ),
    ).toMatch(/^Revenue di bawah Rp\s?9\.900\.000 tahun ini$/);
    expect(
      conditionText({ kind: 'threshold', period: 'month', operator: 'above', value: 1 }, words('en')),
    ).toBeNull();
  });
});
