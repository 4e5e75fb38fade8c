import { describe, expect, it } from 'vitest';
import { quietUntil } from './quiet-hours.ts';

const utc = (iso: string) => Date.parse(iso);
const NIGHT = { from: '21:00', to: '07:00' };

describe('quietUntil', () => {
  it('holds a message at 22:00 in Jakarta (UTC+7) until 07:00 local the next morning', () => {
    // 22:00 WIB on 5 March = 15:00 UTC; 07:00 WIB on 6 March = 00:00 UTC.
    expect(quietUntil(utc('2026-03-05T15:00:00Z'), NIGHT, 'Asia/Jakarta')).toBe(utc('2026-03-06T00:00:00Z'));
  });

  it('after midnight the same night ends the same local morning', () => {
    // 02:30 WIB on 6 March = 19:30 UTC on 5 March.
    expect(quietUntil(utc('2026-03-05T19:30:00Z'), NIGHT, 'Asia/Jakarta')).toBe(utc('2026-03-06T00:00:00Z'));
  });

  it('is not quiet at 07:00 sharp nor at 20:59 local', () => {
    expect(quietUntil(utc('2026-03-06T00:00:00Z'), NIGHT, 'Asia/Jakarta')).toBeNull();
    expect(quietUntil(utc('2026-03-06T13:59:00Z'), NIGHT, 'Asia/Jakarta')).toBeNull();
    // 21:00 WIB is inside.
    expect(quietUntil(utc('2026-03-06T14:00:00Z'), NIGHT, 'Asia/Jakarta')).toBe(utc('2026-03-07T00:00:00Z'));
  });

  it('reads the same instant in the zone asked for, not the server’s', () => {
    // 15:00 UTC is 22:00 in Jakarta (quiet) but 16:00 in Paris in winter (not quiet).
    expect(quietUntil(utc('2026-03-05T15:00:00Z'), NIGHT, 'Europe/Paris')).toBeNull();
  });

  it('a span within one day (12:00–13:30)', () => {
    const lunch = { from: '12:00', to: '13:30' };
    expect(quietUntil(utc('2026-03-05T12:15:00Z'), lunch, 'UTC')).toBe(utc('2026-03-05T13:30:00Z'));
    expect(quietUntil(utc('2026-03-05T13:30:00Z'), lunch, 'UTC')).toBeNull();
    expect(quietUntil(utc('2026-03-05T11:59:00Z'), lunch, 'UTC')).toBeNull();
  });

  it('keeps the local end time across a daylight-saving change (New York, 8 March 2026)', () => {
    // 23:00 EST on 7 March = 04:00 UTC on 8 March; 07:00 EDT on 8 March = 11:00 UTC.
    expect(quietUntil(utc('2026-03-08T04:00:00Z'), { from: '22:00', to: '07:00' }, 'America/New_York')).toBe(
      utc('2026-03-08T11:00:00Z'),
    );
  });

  it('no quiet hours when either time is missing or both are equal', () => {
    const at = utc('2026-03-05T15:00:00Z');
    expect(quietUntil(at, { from: null, to: null }, 'Asia/Jakarta')).toBeNull();
    expect(quietUntil(at, { from: '21:00', to: null }, 'Asia/Jakarta')).toBeNull();
    expect(quietUntil(at, { from: '07:00', to: '07:00' }, 'Asia/Jakarta')).toBeNull();
  });
});
