import { describe, expect, it } from 'vitest';
import { annotationMarks, annotationsForScope } from './annotation-marks.ts';

const note = (id: number, from: string, to: string, team: string | null = null) => ({
  id,
  from,
  to,
  note: `note ${id}`,
  team,
});

describe('annotations on a chart', () => {
  const items = [
    note(1, '2026-03-01', '2026-03-01'),
    note(2, '2026-03-02', '2026-03-03', 'Jakarta'),
    note(3, '2026-03-05', '2026-03-05', 'Surabaya'),
  ];
  const reps = [
    { id: 'R01', team: 'Jakarta' },
    { id: 'R12', team: null },
  ];

  it('draws the organisation’s everywhere and a team’s on that team’s and its reps’ charts', () => {
    const ids = (scope: string) => annotationsForScope(items, scope, reps).map((a) => a.id);
    expect(ids('org')).toEqual([1]);
    expect(ids('team:Jakarta')).toEqual([1, 2]);
    expect(ids('team:Surabaya')).toEqual([1, 3]);
    expect(ids('rep:R01')).toEqual([1, 2]);
    expect(ids('rep:R12')).toEqual([1]);
  });

  it('places a day on its bucket and a range over the buckets it overlaps', () => {
    const weeks = [
      { from: '2026-02-23', to: '2026-03-01' },
      { from: '2026-03-02', to: '2026-03-08' },
      { from: '2026-03-09', to: '2026-03-15' },
    ];
    const marks = annotationMarks(
      [
        note(1, '2026-03-01', '2026-03-01'),
        note(2, '2026-02-28', '2026-03-10'),
        note(3, '2026-03-15', '2026-04-30'),
        note(4, '2026-01-01', '2026-02-22'),
        note(5, '2026-03-16', '2026-03-20'),
      ],
      weeks,
    );
    expect(marks.map((m) => [m.annotation.id, m.start, m.end])).toEqual([
      [1, 0, 0],
      [2, 0, 2],
      [3, 2, 2],
    ]);
  });
});
