import { describe, expect, it } from 'vitest';
import { relativeTime } from './relative-time.ts';

const NOW = Date.parse('2026-12-06T08:00:00Z');

describe('how long ago a notification came', () => {
  it('uses the largest whole unit, in English and Indonesian', () => {
    expect(relativeTime('2026-12-06T07:59:40Z', NOW, 'en')).toBe('now');
    expect(relativeTime('2026-12-06T07:55:00Z', NOW, 'en')).toBe('5 minutes ago');
    expect(relativeTime('2026-12-06T05:00:00Z', NOW, 'en')).toBe('3 hours ago');
    expect(relativeTime('2026-12-05T07:00:00Z', NOW, 'en')).toBe('yesterday');
    expect(relativeTime('2026-11-20T08:00:00Z', NOW, 'en')).toBe('2 weeks ago');
    expect(relativeTime('2026-12-05T07:00:00Z', NOW, 'id')).toBe('kemarin');
    expect(relativeTime('2026-12-06T07:55:00Z', NOW, 'id')).toBe('5 menit yang lalu');
  });

  it('keeps a text it cannot read as it is', () => {
    expect(relativeTime('soon', NOW, 'en')).toBe('soon');
  });
});
