import { describe, expect, it } from 'vitest';
import { createLocalDayResolver, localEpochDay } from './time-zone.ts';

// The cached resolver must agree with Temporal at every instant, above all around transitions.
describe('createLocalDayResolver', () => {
  const cases: [string, string][] = [
    ['America/New_York', '2026-03-07T00:00:00Z'],
    ['America/New_York', '2026-10-31T00:00:00Z'],
    ['Europe/Berlin', '2026-10-24T00:00:00Z'],
    ['Australia/Lord_Howe', '2026-04-04T00:00:00Z'],
    ['Asia/Kathmandu', '1985-12-31T00:00:00Z'],
    ['America/Sao_Paulo', '2018-11-03T00:00:00Z'],
    ['Asia/Jakarta', '2026-01-01T00:00:00Z'],
  ];
  it.each(cases)('matches Temporal in %s for three days from %s, minute by minute', (zone, from) => {
    const resolve = createLocalDayResolver(zone);
    const start = Date.parse(from);
    let mismatches = 0;
    for (let t = start; t < start + 3 * 86_400_000; t += 60_000) {
      if (resolve(t) !== localEpochDay(t, zone)) mismatches++;
      if (resolve(t - 1) !== localEpochDay(t - 1, zone)) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it('answers in any order (jumping between years and back)', () => {
    const resolve = createLocalDayResolver('Europe/Berlin');
    const instants = [
      Date.UTC(2026, 6, 1),
      Date.UTC(1990, 0, 1),
      Date.UTC(2026, 9, 25, 0, 59, 59, 999),
      Date.UTC(2026, 9, 25, 1),
    ];
    for (const t of [...instants, ...instants.reverse()])
      expect(resolve(t)).toBe(localEpochDay(t, 'Europe/Berlin'));
  });
});
