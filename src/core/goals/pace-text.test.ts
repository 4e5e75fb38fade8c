import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../calendar-date.ts';
import { neededPace, neededPaceText, type PacingFields } from './pace-text.ts';
import { pace } from './progress.ts';

const day = (text: string) => parseIsoDate(text)!;
const fields = (p: ReturnType<typeof pace>): PacingFields => ({
  days_left: p.daysLeft,
  remaining: p.remaining,
  needed_per_day: p.neededPerDay,
  needed_per_week: p.neededPerWeek,
});
const en = { locale: 'en' as const, currency: 'IDR' };
const id = { locale: 'id' as const, currency: 'IDR' };

// `udn goals` printed "Needed / week 0" where the web said "needs 0.3/week" (issue 8, item 6).
describe('what a target still needs, as both the web and the CLI print it', () => {
  it('an off-track count target with 2 to go in 47 days needs 0.3 a week, not 0', () => {
    const p = pace(
      {
        kind: 'kpi',
        from: day('2026-10-01'),
        to: day('2026-12-31'),
        direction: 'at_least',
        start: 0,
        target: 10,
        current: 8,
        cumulative: true,
      },
      day('2026-11-14'),
    );
    expect(p.status).toBe('on_track');
    // 2 left over the 47 days after 14 November: 2 / 47 a day, 14 / 47 ≈ 0.298 a week.
    expect(p.daysLeft).toBe(47);
    const off = neededPace('off_track', fields(p), 'count', en);
    expect(off).toEqual({ basis: 'week', value: '0.3' });
    expect(neededPaceText(off, 'en')).toBe('0.3/week');
    expect(neededPaceText(neededPace('off_track', fields(p), 'count', id), 'id')).toBe('0,3/minggu');
  });

  it('a rate of at least one a day is per day, with one decimal', () => {
    const need = neededPace(
      'at_risk',
      { days_left: 20, remaining: 70, needed_per_day: 3.5, needed_per_week: 24.5 },
      'number',
      en,
    );
    expect(neededPaceText(need, 'en')).toBe('3.5/day');
  });

  it('keeps a tiny rate visible instead of rounding it to nothing', () => {
    const need = neededPace(
      'off_track',
      { days_left: 300, remaining: 1, needed_per_day: 1 / 300, needed_per_week: 7 / 300 },
      'count',
      en,
    );
    expect(neededPaceText(need, 'en')).toBe('0.02/week');
  });

  it('money per day, compact; a rate as its gap in points; a duration in days', () => {
    const money = neededPace(
      'off_track',
      { days_left: 33, remaining: 327_582_000, needed_per_day: 9_926_727, needed_per_week: 69_487_091 },
      'money',
      en,
    );
    expect(neededPaceText(money, 'en')).toBe('IDR\u00a09.9M/day');
    const rate = neededPace(
      'off_track',
      { days_left: 10, remaining: 0.047, needed_per_day: 0.0047, needed_per_week: 0.0329 },
      'ratio',
      en,
    );
    expect(neededPaceText(rate, 'en')).toBe('4.7 pp to go');
    expect(
      neededPaceText(
        neededPace(
          'off_track',
          { days_left: 10, remaining: 0.047, needed_per_day: 0.0047, needed_per_week: 0.0329 },
          'ratio',
          id,
        ),
        'id',
      ),
    ).toBe('kurang 4,7 poin');
    const goal = neededPace(
      'at_risk',
      { days_left: 40, remaining: 0.2, needed_per_day: 0.005, needed_per_week: 0.035 },
      'progress',
      en,
    );
    expect(neededPaceText(goal, 'en')).toBe('+3.5%/week');
  });

  it('says nothing once achieved, before the start, after the end, for a yes/no or with nothing left', () => {
    const running = { days_left: 10, remaining: 5, needed_per_day: 0.5, needed_per_week: 3.5 };
    expect(neededPace('achieved', running, 'count', en)).toBe(null);
    expect(neededPace('not_started', running, 'count', en)).toBe(null);
    expect(neededPace('missed', { ...running, days_left: 0 }, 'count', en)).toBe(null);
    expect(neededPace('on_track', running, 'boolean', en)).toBe(null);
    expect(neededPace('on_track', { ...running, remaining: 0 }, 'count', en)).toBe(null);
    expect(neededPaceText(null, 'en')).toBe('');
  });
});
