import { describe, expect, it } from 'vitest';
import { auditDayRange } from './audit-days.ts';

describe('the audit filter’s days, in the organisation’s time zone', () => {
  it('a day in Jakarta (UTC+7) runs from 17:00 UTC the day before to 17:00 UTC that day', () => {
    expect(auditDayRange('2026-12-05', '2026-12-05', 'Asia/Jakarta')).toEqual({
      from: '2026-12-04T17:00:00Z',
      to: '2026-12-05T17:00:00Z',
    });
  });

  it('whatever time zone the browser is in', () => {
    // The test process's own zone plays no part: only the organisation's does.
    expect(auditDayRange('2026-01-31', '2026-02-01', 'UTC')).toEqual({
      from: '2026-01-31T00:00:00Z',
      to: '2026-02-02T00:00:00Z',
    });
  });

  it('a day of a clock change is 23 or 25 hours', () => {
    expect(auditDayRange('2026-03-08', '2026-03-08', 'America/New_York')).toEqual({
      from: '2026-03-08T05:00:00Z',
      to: '2026-03-09T04:00:00Z',
    });
    expect(auditDayRange('2026-11-01', '2026-11-01', 'America/New_York')).toEqual({
      from: '2026-11-01T04:00:00Z',
      to: '2026-11-02T05:00:00Z',
    });
  });

  it('a day whose midnight is skipped starts at the first instant it has', () => {
    // Chile moves its clocks at midnight: 6 September 2026 begins at 01:00 local (04:00 UTC).
    expect(auditDayRange('2026-09-06', '', 'America/Santiago')).toEqual({ from: '2026-09-06T04:00:00Z' });
  });

  it.each([
    ['', ''],
    ['2026-02-30', 'not a day'],
    ['5/12/2026', '2026-13-01'],
  ])('no bound for %j / %j', (from, to) => {
    expect(auditDayRange(from, to, 'Asia/Jakarta')).toEqual({});
  });
});
