import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GoalProgress } from '../../core/contracts/goals.ts';
import { findDefaultOrg } from '../../db/org-repo.ts';
import { createGoal } from '../../services/goals/goals-service.ts';
import { expectedReports } from '../../test-support/conformance.ts';
import { createTestStore, DIALECTS, type TestStore } from '../../test-support/test-stores.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SMALL = expectedReports('small');
const run = promisify(execFile);
const udn = (...args: string[]) =>
  run(process.execPath, [path.join(ROOT, 'bin/udn.js'), ...args], { cwd: ROOT, maxBuffer: 1 << 26 });

const CSV_ROWS = fs.readFileSync(path.join(SMALL.dataDir, 'targets.csv'), 'utf8').trim().split('\n').slice(1);

// The real CLI, in a child process, against a temporary database of each dialect.
describe.each(DIALECTS)('udn goals on %s', (dialect) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await createTestStore(dialect);
    const imported = await udn('import', SMALL.dataDir, '--db', store.location);
    expect(imported.stdout).toMatch(/imported \d+ rows/);
    const org = (await findDefaultOrg(store.db))!;
    await createGoal(store, org, {
      name: 'Q1 mixed',
      start_date: '2026-01-01',
      due_date: '2026-03-31',
      targets: [
        { kind: 'number', name: 'Partners', target_value: 4, current_value: 1 },
        { kind: 'boolean', name: 'Hire' },
        { kind: 'kpi', metric: 'churn_rate', scope: 'team:Bandung', direction: 'at_most', target_value: 0.1 },
      ],
    });
  });
  afterAll(() => store.dispose());

  it('--json prints {goals: [{id, name, progress, status, targets: [{…}]}]}, quotas as KPI targets', async () => {
    const { stdout } = await udn('goals', '--db', store.location, '--json', '--today', '2026-02-15');
    const out = JSON.parse(stdout) as GoalProgress;
    expect(Object.keys(out)).toEqual(expect.arrayContaining(['goals']));
    for (const goal of out.goals) {
      expect(goal).toEqual(
        expect.objectContaining({
          id: expect.any(Number),
          name: expect.any(String),
          status: expect.any(String),
          targets: expect.any(Array),
        }),
      );
      expect(goal.progress === null || (goal.progress >= 0 && goal.progress <= 1)).toBe(true);
      for (const target of goal.targets) {
        for (const key of [
          'id',
          'kind',
          'scope',
          'metric',
          'from',
          'to',
          'target',
          'current',
          'progress',
          'status',
        ]) {
          expect(target).toHaveProperty(key);
        }
        expect(target.progress === null || (target.progress >= 0 && target.progress <= 1)).toBe(true);
        if (target.kind === 'kpi') expect([target.scope, target.metric]).not.toContain(null);
        else expect([target.scope, target.metric]).toEqual([null, null]);
      }
    }
    // Every targets.csv row is a KPI target, with its scope, metric, period and value as in the file.
    const quota = out.goals.filter((g) => g.kind === 'quota').flatMap((g) => g.targets);
    expect(quota.map((x) => `${x.scope},${x.metric},${x.from},${x.to},${x.target}`).sort()).toEqual(
      [...CSV_ROWS].sort(),
    );
    const mixed = out.goals.find((g) => g.name === 'Q1 mixed')!;
    // 15 Feb is day 46 of 90; Partners 1 of 4 = 0.25 < 0.8 × 46/90 → off track; Hire not done yet: on track.
    expect(mixed.targets.map((x) => [x.kind, x.progress, x.status])).toEqual([
      ['number', 0.25, 'off_track'],
      ['boolean', 0, 'on_track'],
      ['kpi', expect.any(Number), expect.any(String)],
    ]);
    expect(mixed.targets[0]!.expected).toBeCloseTo(46 / 90, 12);
  });

  it('prints readable tables otherwise, in English or Indonesian', async () => {
    const en = await udn('goals', '--db', store.location, '--today', '2026-02-15');
    expect(en.stdout).toContain('Sales quotas 2026-Q1');
    expect(en.stdout).toMatch(/Revenue — Team Jakarta\s+kpi ≥ team:Jakarta\s+\$[\d,.]+\s+\$190,857\.00/);
    expect(en.stdout).toMatch(/Partners\s+number\s+1\s+4\s+25\.0%\s+off track/);
    const id = await udn(
      'goals',
      '--db',
      store.location,
      '--today',
      '2026-02-15',
      '--lang',
      'id',
      '--kind',
      'user',
    );
    expect(id.stdout).toMatch(/Kemajuan: [\d,]+% · /);
    expect(id.stdout).not.toContain('Sales quotas');
  });

  it('refuses a --today that is not a date', async () => {
    await expect(udn('goals', '--db', store.location, '--today', '15/02/2026')).rejects.toMatchObject({
      stderr: expect.stringMatching(/--today "15\/02\/2026" is not a date/),
    });
  });
});
