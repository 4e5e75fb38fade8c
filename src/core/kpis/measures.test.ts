import { describe, expect, it } from 'vitest';
import { addMeasures, emptyMeasures, MEASURE_KEYS, sumMeasures } from './measures.ts';

describe('measures', () => {
  it('start at zero for every key', () => {
    const m = emptyMeasures();
    expect(Object.keys(m).sort()).toEqual([...MEASURE_KEYS].sort());
    for (const key of MEASURE_KEYS) expect(m[key]).toBe(0);
  });

  it('add key by key, a missing key counting as 0', () => {
    const total = addMeasures(emptyMeasures(), { revenue: 100, dealsWon: 1 });
    addMeasures(total, { revenue: 50, emailsSent: 3 });
    expect(total).toEqual({ ...emptyMeasures(), revenue: 150, dealsWon: 1, emailsSent: 3 });
  });

  it('sum any number of owners, none giving zeros', () => {
    expect(sumMeasures([])).toEqual(emptyMeasures());
    expect(sumMeasures([{ customersStart: 8 }, { customersStart: 3, churnedCustomers: 1 }, {}])).toEqual({
      ...emptyMeasures(),
      customersStart: 11,
      churnedCustomers: 1,
    });
  });
});
