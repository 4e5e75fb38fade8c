import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../calendar-date.ts';
import { elapsedShare, goalPace, goalProgress, pace, rawProgress, type TargetMeasure } from './progress.ts';

const d = (text: string) => parseIsoDate(text)!;
// A 30-day target in April 2026; 10 April is the end of day 10 of 30.
const APRIL = { from: d('2026-04-01'), to: d('2026-04-30') };
const base: TargetMeasure = {
  kind: 'number',
  ...APRIL,
  direction: 'at_least',
  start: 0,
  target: 100,
  current: 0,
  cumulative: true,
};

describe('target progress', () => {
  it('measures a number target from its start value', () => {
    // (70 − 40) / (100 − 40) = 0.5
    expect(rawProgress({ ...base, start: 40, current: 70 })).toBe(0.5);
    // A decrease target: from 50 down to 20, now 35 → (35 − 50) / (20 − 50) = 0.5
    expect(rawProgress({ ...base, start: 50, target: 20, current: 35 })).toBe(0.5);
  });

  it('caps progress at 100% and floors it at 0%', () => {
    expect(pace({ ...base, current: 250 }, d('2026-04-10')).progress).toBe(1);
    expect(pace({ ...base, start: 10, current: 5 }, d('2026-04-10')).progress).toBe(0);
    expect(rawProgress({ ...base, current: 250 })).toBe(2.5);
  });

  it('counts true/false and tasks', () => {
    expect(rawProgress({ ...base, kind: 'boolean', target: 1, current: 1 })).toBe(1);
    expect(rawProgress({ ...base, kind: 'boolean', target: 1, current: 0 })).toBe(0);
    expect(rawProgress({ ...base, kind: 'tasks', target: null, current: 3, total: 4 })).toBe(0.75);
    expect(rawProgress({ ...base, kind: 'tasks', target: null, current: 0, total: 0 })).toBeNull();
  });

  it('treats "stay at most" as met while under the ceiling, and falls with the overshoot', () => {
    const churn = {
      ...base,
      kind: 'kpi' as const,
      direction: 'at_most' as const,
      target: 0.05,
      cumulative: false,
    };
    expect(rawProgress({ ...churn, current: 0.04 })).toBe(1);
    // 0.05 / 0.08 = 0.625
    expect(rawProgress({ ...churn, current: 0.08 })).toBeCloseTo(0.625, 12);
  });

  it('is unknown when nothing has been measured', () => {
    expect(rawProgress({ ...base, current: null })).toBeNull();
    expect(rawProgress({ ...base, kind: 'kpi', target: null, current: 5 })).toBeNull();
  });
});

describe('pacing', () => {
  it('expects linear progress over the period, counting today as elapsed', () => {
    expect(elapsedShare(APRIL.from, APRIL.to, d('2026-04-10'))).toBeCloseTo(10 / 30, 12);
    expect(elapsedShare(APRIL.from, APRIL.to, d('2026-03-31'))).toBe(0);
    expect(elapsedShare(APRIL.from, APRIL.to, d('2026-05-02'))).toBe(1);
  });

  it('is on track at or above the linear pace, at risk within 80% of it, off track below', () => {
    const today = d('2026-04-15'); // expected 15/30 = 0.5
    expect(pace({ ...base, current: 50 }, today).status).toBe('on_track');
    expect(pace({ ...base, current: 40 }, today).status).toBe('at_risk'); // 0.4 ≥ 0.8 × 0.5
    expect(pace({ ...base, current: 39 }, today).status).toBe('off_track');
  });

  it('says what it still takes per remaining day and week', () => {
    // 10 April: 30 of 100 done; the days after today are 11..30 = 20.
    const p = pace({ ...base, current: 30 }, d('2026-04-10'));
    expect(p.daysLeft).toBe(20);
    expect(p.remaining).toBe(70);
    expect(p.neededPerDay).toBeCloseTo(3.5, 12);
    expect(p.neededPerWeek).toBeCloseTo(24.5, 12);
  });

  it('handles a target whose period has not started', () => {
    const p = pace({ ...base, current: 0 }, d('2026-03-20'));
    expect(p).toMatchObject({
      progress: 0,
      expected: 0,
      status: 'not_started',
      daysLeft: 30,
      remaining: 100,
    });
    expect(p.neededPerDay).toBeCloseTo(100 / 30, 12);
  });

  it('handles a target whose period has ended: achieved or missed, nothing more to do per day', () => {
    expect(pace({ ...base, current: 100 }, d('2026-05-03'))).toMatchObject({
      status: 'achieved',
      daysLeft: 0,
    });
    const missed = pace({ ...base, current: 60 }, d('2026-05-03'));
    expect(missed).toMatchObject({ status: 'missed', daysLeft: 0, remaining: 40, neededPerDay: null });
  });

  it('judges a level (a rate) against the target itself, not a linear build-up', () => {
    const rate = { ...base, kind: 'kpi' as const, target: 0.3, cumulative: false };
    const p = pace({ ...rate, current: 0.27 }, d('2026-04-02'));
    expect(p.expected).toBe(1);
    expect(p.progress).toBeCloseTo(0.9, 12);
    expect(p.status).toBe('at_risk');
  });

  it('keeps a ceiling "on track" until its period is over, then "achieved"', () => {
    const churn = {
      ...base,
      kind: 'kpi' as const,
      direction: 'at_most' as const,
      target: 0.05,
      cumulative: false,
    };
    expect(pace({ ...churn, current: 0.02 }, d('2026-04-10')).status).toBe('on_track');
    expect(pace({ ...churn, current: 0.02 }, d('2026-05-01')).status).toBe('achieved');
    expect(pace({ ...churn, current: 0.09 }, d('2026-04-10')).status).toBe('off_track');
    expect(pace({ ...churn, current: 0.09 }, d('2026-04-10')).remaining).toBeNull();
  });

  it('says no data when a running target has no measurement', () => {
    expect(pace({ ...base, current: null }, d('2026-04-10')).status).toBe('no_data');
  });
});

describe('goal progress', () => {
  it('is the mean of its targets, each capped at 100%', () => {
    // (1 + 0.5 + 0) / 3
    expect(
      goalProgress([
        { progress: 1.7, weight: null },
        { progress: 0.5, weight: null },
        { progress: 0, weight: null },
      ]),
    ).toBeCloseTo(0.5, 12);
  });

  it('uses weights when set (an unweighted target counts 1)', () => {
    // (3 × 1 + 1 × 0.2) / 4 = 0.8
    expect(
      goalProgress([
        { progress: 1, weight: 3 },
        { progress: 0.2, weight: null },
      ]),
    ).toBeCloseTo(0.8, 12);
  });

  it('counts an unmeasured target as not done, and a goal without targets as unknown', () => {
    expect(
      goalProgress([
        { progress: null, weight: null },
        { progress: 1, weight: null },
      ]),
    ).toBe(0.5);
    expect(goalProgress([])).toBeNull();
  });

  it('paces a goal over its own period', () => {
    const p = goalPace(0.25, d('2026-04-01'), d('2026-06-29'), d('2026-05-15'));
    // 45 of 90 days → expected 0.5; 0.25 < 0.4 → off track
    expect(p.expected).toBeCloseTo(0.5, 12);
    expect(p.status).toBe('off_track');
    expect(goalPace(null, d('2026-04-01'), d('2026-06-29'), d('2026-05-15')).status).toBe('no_data');
  });
});

describe('pacing of the kinds a goal can hold', () => {
  it('keeps a true/false target on track until its last day, then achieved or missed', () => {
    const hire = { ...base, kind: 'boolean' as const, target: 1, cumulative: false };
    expect(pace({ ...hire, current: 0 }, d('2026-03-31')).status).toBe('not_started');
    // Nothing is expected of a yes/no before its due date: 0 ≥ 0.
    expect(pace({ ...hire, current: 0 }, d('2026-04-29'))).toMatchObject({
      status: 'on_track',
      expected: 0,
      progress: 0,
      remaining: null,
      neededPerDay: null,
    });
    expect(pace({ ...hire, current: 1 }, d('2026-04-02')).status).toBe('achieved');
    expect(pace({ ...hire, current: 0 }, d('2026-05-01'))).toMatchObject({ status: 'missed', expected: 1 });
  });

  it('paces a tasks target on its completed share, and says how many tasks a week it still takes', () => {
    const tasks = { ...base, kind: 'tasks' as const, target: 8, total: 8, current: 2 };
    // 15 April: expected 15/30 = 0.5; 2/8 = 0.25 < 0.4 → off track; 6 tasks over the 15 days left.
    const p = pace(tasks, d('2026-04-15'));
    expect(p).toMatchObject({ progress: 0.25, status: 'off_track', remaining: 6, daysLeft: 15 });
    expect(p.neededPerDay).toBeCloseTo(0.4, 12);
    expect(p.neededPerWeek).toBeCloseTo(2.8, 12);
    expect(pace({ ...tasks, total: 0, current: 0 }, d('2026-04-15')).status).toBe('no_data');
  });

  it('counts what a decrease target still has to fall', () => {
    // From 50 down to 20, now 35: half way; 15 to go over the 20 days after 10 April.
    const p = pace({ ...base, start: 50, target: 20, current: 35 }, d('2026-04-10'));
    expect(p.progress).toBe(0.5);
    expect(p.remaining).toBe(15);
    expect(p.neededPerDay).toBeCloseTo(0.75, 12);
    expect(p.status).toBe('on_track'); // 0.5 ≥ 10/30
  });

  it('asks for the whole target per day of the period before it starts', () => {
    // 1 March: 0 of 100, 30 days of April left → 100/30 a day, 70/3 a week.
    const p = pace({ ...base, current: 0 }, d('2026-03-01'));
    expect(p.neededPerWeek).toBeCloseTo(700 / 30, 12);
  });

  it('gives an ended "at most" target its final status whatever today is', () => {
    const cac = {
      ...base,
      kind: 'kpi' as const,
      direction: 'at_most' as const,
      target: 500,
      cumulative: false,
    };
    expect(pace({ ...cac, current: 480 }, d('2026-06-01'))).toMatchObject({
      status: 'achieved',
      progress: 1,
    });
    // 500 / 625 = 0.8 after the period: missed, and nothing more can be done per day.
    expect(pace({ ...cac, current: 625 }, d('2026-06-01'))).toMatchObject({
      status: 'missed',
      progress: 0.8,
      neededPerDay: null,
    });
  });
});

describe('goal progress, more cases', () => {
  it('caps each target before weighting: 3 × 1 (of 1.5) + 1 × 0 over 4 = 0.75', () => {
    expect(
      goalProgress([
        { progress: 1.5, weight: 3 },
        { progress: 0, weight: 1 },
      ]),
    ).toBe(0.75);
  });

  it('is unknown when every weight is zero', () => {
    expect(
      goalProgress([
        { progress: 1, weight: 0 },
        { progress: 0.5, weight: 0 },
      ]),
    ).toBeNull();
  });

  it('paces a goal without targets as not started before its period and as without data after', () => {
    const from = d('2026-04-01');
    const to = d('2026-06-29');
    expect(goalPace(goalProgress([]), from, to, d('2026-03-01')).status).toBe('not_started');
    expect(goalPace(goalProgress([]), from, to, d('2026-07-01')).status).toBe('no_data');
  });

  it('calls an ended goal achieved at 100% and missed below', () => {
    const from = d('2026-04-01');
    const to = d('2026-06-29');
    expect(goalPace(1, from, to, d('2026-07-01')).status).toBe('achieved');
    expect(goalPace(0.99, from, to, d('2026-07-01'))).toMatchObject({ status: 'missed', daysLeft: 0 });
    // A goal whose period has not started, half done already: not started, 90 days of 1% each.
    const early = goalPace(0.1, from, to, d('2026-03-15'));
    expect(early).toMatchObject({ status: 'not_started', expected: 0, daysLeft: 90 });
    expect(early.neededPerDay).toBeCloseTo(0.01, 12);
  });
});
