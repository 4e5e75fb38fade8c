import { describe, expect, it } from 'vitest';
import { LinesByKey } from './lines-by-key.ts';

describe('LinesByKey', () => {
  it('keeps the line of every key through growth, and knows no other key', () => {
    const lines = new LinesByKey();
    const reference = new Map<string, number>();
    // Ids of every shape a file may hold: short, long, sharing prefixes, non-ASCII, empty.
    const keys = ['', 'é', '日本', 'x'.repeat(300)];
    for (let i = 0; i < 50_000; i++) keys.push(`E${String(i).padStart(8, '0')}`, `lead-${i}-ü`);
    keys.forEach((key, i) => {
      lines.set(key, i + 2);
      reference.set(key, i + 2);
    });
    lines.set('E00000007', 99);
    reference.set('E00000007', 99);
    expect(lines.size).toBe(reference.size);
    for (const [key, line] of reference) expect(lines.get(key)).toBe(line);
    for (const missing of ['E0000000', 'E000000070', 'lead-50000-ü', 'lead-1-u', 'x'.repeat(299), ' '])
      expect(lines.get(missing)).toBeUndefined();
  });
});
