import { describe, expect, it } from 'vitest';
import {
  isMetricKey,
  isTargetMetric,
  KPI_FAMILIES,
  KPIS,
  METRIC_KEYS,
  METRICS,
  TARGET_METRICS,
} from './definitions.ts';

describe('the KPI catalogue', () => {
  it('has the 40 scalar keys of KPI-SPEC §4, once each', () => {
    expect(METRIC_KEYS).toHaveLength(40);
    expect(new Set(METRIC_KEYS).size).toBe(40);
    for (const m of TARGET_METRICS) {
      expect(METRIC_KEYS).toContain(`target_${m}`);
      expect(METRIC_KEYS).toContain(`attainment_${m}`);
    }
  });

  it('marks exactly the money keys of KPI-SPEC §5 as money (they are rounded when printed)', () => {
    const money = METRIC_KEYS.filter((key) => METRICS[key].unit === 'money');
    expect([...money].sort()).toEqual(
      [
        'revenue',
        'previous_revenue',
        'target_revenue',
        'revenue_per_rep',
        'arpa',
        'customer_lifetime_value',
        'spend',
        'customer_acquisition_cost',
      ].sort(),
    );
  });

  it('marks spend and CAC as organisation-only', () => {
    expect(METRIC_KEYS.filter((key) => METRICS[key].orgOnly)).toEqual(['spend', 'customer_acquisition_cost']);
  });

  it('numbers the ten KPIs 1 … 10 and gives every metric to exactly one of them', () => {
    expect(KPIS.map((k) => k.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(KPIS.map((k) => k.key)).toEqual([...KPI_FAMILIES]);
    const all = KPIS.flatMap((k) => k.metrics);
    expect([...all].sort()).toEqual([...METRIC_KEYS].sort());
    for (const k of KPIS) expect(k.metrics).toContain(k.headline);
  });

  it('labels every metric in English and Indonesian', () => {
    for (const key of METRIC_KEYS) {
      const def = METRICS[key];
      expect(def.key).toBe(key);
      expect(def.label.en.length).toBeGreaterThan(0);
      expect(def.label.id.length).toBeGreaterThan(0);
      expect(def.formula.en.length).toBeGreaterThan(0);
      expect(def.formula.id.length).toBeGreaterThan(0);
    }
  });

  it('names only existing keys as ratio parts', () => {
    for (const key of METRIC_KEYS) {
      const parts = METRICS[key].ratioOf;
      if (parts) {
        expect(isMetricKey(parts.numerator)).toBe(true);
        expect(isMetricKey(parts.denominator)).toBe(true);
      }
    }
  });

  it('recognises metric and target-metric names', () => {
    expect(isMetricKey('churn_rate')).toBe(true);
    expect(isMetricKey('monthly')).toBe(false);
    expect(isTargetMetric('new_customers')).toBe(true);
    expect(isTargetMetric('spend')).toBe(false);
  });
});
