import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { distIsCurrent } from '../scripts/dist-build.mjs';

// bin/udn.js runs dist/ only when this says it is current: a wrong "yes" would run stale code.
describe('distIsCurrent', () => {
  let root: string;
  const at = (file: string, seconds: number) => {
    const when = new Date(Date.UTC(2026, 0, 1) + seconds * 1000);
    fs.utimesSync(path.join(root, file), when, when);
  };
  const write = (file: string, seconds: number) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), '');
    at(file, seconds);
  };

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'udn-dist-'));
    write('src/core/a.ts', 10);
    write('src/core/a.test.ts', 10);
    write('tsconfig.json', 10);
    write('tsconfig.build.json', 10);
    for (const dir of ['src/core', 'src', '.']) at(dir, 10);
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('is not current without a build', () => {
    expect(distIsCurrent(root)).toBe(false);
  });

  it('is current when built after every source, and a test edited since changes nothing', () => {
    write('dist/.build-stamp', 20);
    expect(distIsCurrent(root)).toBe(true);
    at('src/core/a.test.ts', 30);
    expect(distIsCurrent(root)).toBe(true);
  });

  it('is stale once a source, a tsconfig or a folder (a file added or removed) changes after the build', () => {
    write('dist/.build-stamp', 20);
    at('src/core/a.ts', 30);
    expect(distIsCurrent(root)).toBe(false);
    at('src/core/a.ts', 10);
    at('tsconfig.build.json', 20);
    expect(distIsCurrent(root)).toBe(false);
    at('tsconfig.build.json', 10);
    at('src/core', 25);
    expect(distIsCurrent(root)).toBe(false);
  });
});
