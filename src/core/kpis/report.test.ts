import { describe, expect, it } from 'vitest';
import { DEFAULT_ORG_SETTINGS } from '../org-settings.ts';
import { previousPeriod } from '../periods.ts';
import { buildReport, NO_OWNER, type RepInfo, repFte, teamNames } from './report.ts';
import { day, measures, Q1, REPS, range } from './report-test-facts.ts';

describe('repFte: days of P active ÷ days of P', () => {
  it('counts whole, partial and no presence', () => {
    expect(repFte(REPS[0]!, Q1)).toBe(1);
    expect(repFte(REPS[1]!, Q1)).toBe(0.5); // 45 / 90
    expect(repFte(REPS[2]!, Q1)).toBe(1 / 3); // 30 / 90
    expect(repFte(REPS[3]!, Q1)).toBe(0); // starts after P
  });

  it('counts a rep who started and left inside P, and one who left before it', () => {
    const inside: RepInfo = { ...REPS[0]!, startedOn: day('2026-01-10'), endedOn: day('2026-01-18') };
    expect(repFte(inside, Q1)).toBe(0.1); // 9 / 90
    const gone: RepInfo = { ...REPS[0]!, startedOn: null, endedOn: day('2025-12-31') };
    expect(repFte(gone, Q1)).toBe(0);
    const oneDay: RepInfo = { ...REPS[0]!, startedOn: day('2026-03-31'), endedOn: day('2026-03-31') };
    expect(repFte(oneDay, Q1)).toBe(1 / 90);
  });
});

describe('teamNames', () => {
  it('lists every non-empty team once, sorted', () => {
    const reps: RepInfo[] = [
      { id: 'a', name: 'A', team: 'Surabaya', startedOn: null, endedOn: null },
      { id: 'b', name: 'B', team: null, startedOn: null, endedOn: null },
      { id: 'c', name: 'C', team: 'Bandung', startedOn: null, endedOn: null },
      { id: 'd', name: 'D', team: '', startedOn: null, endedOn: null },
      { id: 'e', name: 'E', team: 'Surabaya', startedOn: null, endedOn: null },
    ];
    expect(teamNames(reps)).toEqual(['Bandung', 'Surabaya']);
  });
});

describe('buildReport: edge shapes', () => {
  it('lists a team whose reps have no records, with zeros and nulls, and ignores an empty team name', () => {
    const january = range('2026-01-01', '2026-01-31');
    const reps: RepInfo[] = [
      { id: 'g1', name: 'G', team: 'Gamma', startedOn: null, endedOn: day('2025-12-31') },
      { id: 'e1', name: 'E', team: '', startedOn: null, endedOn: null },
    ];
    const report = buildReport(
      {
        period: january,
        previous: previousPeriod(january),
        reps,
        current: new Map([[NO_OWNER, measures({ revenue: 100, dealsWon: 1 })]]),
        previousRevenue: new Map(),
        monthRevenue: new Map(),
        cycleDurations: new Map(),
        quotas: [],
        spend: 0,
      },
      DEFAULT_ORG_SETTINGS,
    );
    expect(Object.keys(report.teams)).toEqual(['Gamma']);
    expect(Object.keys(report.reps)).toEqual(['g1', 'e1']);
    const gamma = report.teams.Gamma;
    expect(gamma?.revenue).toBe(0);
    expect(gamma?.rep_fte).toBe(0);
    expect(gamma?.revenue_per_rep).toBeNull();
    expect(gamma?.avg_sales_cycle_days).toBeNull();
    expect(gamma?.median_sales_cycle_days).toBeNull();
    expect(gamma?.monthly).toEqual([{ month: '2026-01', revenue: 0, growth: null }]);
    // the organisation has the unowned sale, e1's full month, and spend 0 over no new customers
    expect(report.org.revenue).toBe(1);
    expect(report.org.rep_fte).toBe(1);
    expect(report.org.spend).toBe(0);
    expect(report.org.customer_acquisition_cost).toBeNull();
  });

  it('counts unowned revenue of the previous period and months even when P has no unowned record', () => {
    const january = range('2026-01-01', '2026-01-31');
    const reps: RepInfo[] = [{ id: 'r', name: 'R', team: 'T', startedOn: null, endedOn: null }];
    const report = buildReport(
      {
        period: january,
        previous: previousPeriod(january),
        reps,
        current: new Map([['r', measures({ revenue: 300 })]]), // no NO_OWNER entry
        previousRevenue: new Map([
          ['r', 100],
          [NO_OWNER, 100],
        ]),
        monthRevenue: new Map([
          ['2025-12', new Map([[NO_OWNER, 100]])],
          ['2026-01', new Map([['r', 300]])],
        ]),
        cycleDurations: new Map(),
        quotas: [],
        spend: 0,
      },
      DEFAULT_ORG_SETTINGS,
    );
    expect(report.org.previous_revenue).toBe(2); // 100 + 100 cents
    expect(report.org.sales_growth).toBe(0.5); // (300 − 200) / 200
    expect(report.org.monthly).toEqual([{ month: '2026-01', revenue: 3, growth: 2 }]); // vs December's 100
    expect(report.teams.T?.previous_revenue).toBe(1);
    expect(report.teams.T?.monthly).toEqual([{ month: '2026-01', revenue: 3, growth: null }]);
  });

  it('gives monthly values for the whole months a partial period touches, the first vs the month before', () => {
    // 15 Jan … 10 Feb 2026 (27 days) → previous 19 Dec … 14 Jan; months Jan and Feb as whole months
    const p = range('2026-01-15', '2026-02-10');
    const reps: RepInfo[] = [{ id: 'r', name: 'R', team: 'T', startedOn: null, endedOn: null }];
    const report = buildReport(
      {
        period: p,
        previous: previousPeriod(p),
        reps,
        current: new Map([['r', measures({ revenue: 500 })]]),
        previousRevenue: new Map([['r', 250]]),
        monthRevenue: new Map([
          ['2025-12', new Map([['r', 400]])],
          ['2026-01', new Map([['r', 1000]])],
          ['2026-02', new Map([['r', 300]])],
        ]),
        cycleDurations: new Map(),
        quotas: [],
        spend: 0,
      },
      DEFAULT_ORG_SETTINGS,
    );
    expect(report.period.previous).toEqual({ from: '2025-12-19', to: '2026-01-14' });
    expect(report.org.sales_growth).toBe(1); // (500 − 250) / 250
    const expected = [
      { month: '2026-01', revenue: 10, growth: 1.5 }, // (1000 − 400) / 400
      { month: '2026-02', revenue: 3, growth: -0.7 }, // (300 − 1000) / 1000
    ];
    expect(report.org.monthly).toEqual(expected);
    expect(report.teams.T?.monthly).toEqual(expected);
    expect(report.reps.r?.monthly).toEqual(expected);
  });
});
