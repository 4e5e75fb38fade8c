import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES_DIR, SHARED_DIR } from './conformance.ts';

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

// The repository carries a copy of the contract so a clean clone tests alone; it must not drift.
describe.runIf(fs.existsSync(path.join(SHARED_DIR, 'examples')))('the conformance copy', () => {
  it('holds exactly the shared examples, byte for byte', () => {
    const shared = path.join(SHARED_DIR, 'examples');
    expect(filesUnder(EXAMPLES_DIR)).toEqual(filesUnder(shared));
    for (const file of filesUnder(shared)) {
      expect(
        fs.readFileSync(path.join(EXAMPLES_DIR, file)).equals(fs.readFileSync(path.join(shared, file))),
        file,
      ).toBe(true);
    }
  });

  it('holds the shared KPI-SPEC', () => {
    const copy = path.resolve(EXAMPLES_DIR, '../KPI-SPEC.md');
    expect(fs.readFileSync(copy, 'utf8')).toBe(fs.readFileSync(path.join(SHARED_DIR, 'KPI-SPEC.md'), 'utf8'));
  });
});
