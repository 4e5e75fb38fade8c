import { describe, expect, it } from 'vitest';
import { formatEpochDay, parseIsoDate } from '../calendar-date.ts';
import { localEpochDay } from '../time-zone.ts';
import { alertPeriod, isoWeekOf, periodNameOf } from './alert-periods.ts';

const day = (text: string) => parseIsoDate(text)!;
const text = (r: { from: number; to: number }) => `${formatEpochDay(r.from)}..${formatEpochDay(r.to)}`;

describe('the period an alert watches, in the organisation’s zone', () => {
  it('is already December in Jakarta at 2026-11-30 18:00 UTC', () => {
    const today = localEpochDay(Date.parse('2026-11-30T18:00:00Z'), 'Asia/Jakarta');
    expect(formatEpochDay(today)).toBe('2026-12-01');
    const month = alertPeriod('month', today);
    expect(month.name).toBe('2026-12');
    expect(text(month.range)).toBe('2026-12-01..2026-12-01');
    expect(text(month.previous)).toBe('2026-11-01..2026-11-01');
    expect(text(month.lastYear)).toBe('2025-12-01..2025-12-01');
    expect(alertPeriod('quarter', today).name).toBe('2026-Q4');
    // In UTC the same instant is still November.
    expect(alertPeriod('month', localEpochDay(Date.parse('2026-11-30T18:00:00Z'), 'UTC')).name).toBe(
      '2026-11',
    );
  });

  it('cuts the previous and last year’s periods at the same offset (KPI-SPEC §3)', () => {
    const q = alertPeriod('quarter', day('2026-12-05'));
    expect(q.name).toBe('2026-Q4');
    expect(text(q.range)).toBe('2026-10-01..2026-12-05');
    expect(text(q.previous)).toBe('2026-07-01..2026-09-04');
    expect(text(q.lastYear)).toBe('2025-10-01..2025-12-05');
    // 31 March against February: capped at February's last day.
    const m = alertPeriod('month', day('2026-03-31'));
    expect(text(m.previous)).toBe('2026-02-01..2026-02-28');
    // 29 February 2028 a year back is capped at 28 February 2027.
    expect(text(alertPeriod('month', day('2028-02-29')).lastYear)).toBe('2027-02-01..2027-02-28');
    expect(text(alertPeriod('year', day('2026-12-05')).range)).toBe('2026-01-01..2026-12-05');
  });

  it('names ISO weeks across the turn of the year', () => {
    expect(isoWeekOf(day('2026-12-31'))).toEqual({ year: 2026, week: 53 });
    expect(isoWeekOf(day('2027-01-01'))).toEqual({ year: 2026, week: 53 });
    expect(isoWeekOf(day('2025-12-29'))).toEqual({ year: 2026, week: 1 });
    const week = alertPeriod('week', day('2026-12-10'));
    expect(week.name).toBe('2026-W50');
    expect(text(week.range)).toBe('2026-12-07..2026-12-10');
    expect(text(week.previous)).toBe('2026-11-30..2026-12-03');
    // Week 53 of 2026 has no twin in 2025: the last year's period is 2025-W52.
    expect(periodNameOf('week', day('2026-12-31'), 1)).toBe('2025-W52');
  });
});
