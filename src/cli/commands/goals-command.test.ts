import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedReports } from '../../../test/support/conformance.ts';
import { createTestStore, DIALECTS, type TestStore } from '../../../test/support/test-stores.ts';
import type { GoalProgress } from '../../core/contracts/goals.ts';
import { neededPace, neededPaceText } from '../../core/goals/pace-text.ts';
import { findDefaultOrg } from '../../db/org-repo.ts';
import { createGoal } from '../../services/goals/goals-service.ts';
import { createTask } from '../../services/goals/tasks-service.ts';

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
    const mixed = await createGoal(store, org, {
      name: 'Q1 mixed',
      start_date: '2026-01-01',
      due_date: '2026-03-31',
      targets: [
        { kind: 'number', name: 'Partners', target_value: 4, current_value: 1 },
        { kind: 'boolean', name: 'Hire' },
        { kind: 'kpi', metric: 'churn_rate', scope: 'team:Bandung', direction: 'at_most', target_value: 0.1 },
        { kind: 'number', name: 'Case studies', target_value: 2, current_value: 0 },
        { kind: 'tasks', name: 'Visits' },
        { kind: 'kpi', metric: 'deals_won', scope: 'rep:R12', target_value: 6 },
      ],
    });
    await createTask(store, org, {
      title: 'Visit Sinar',
      type: 'meeting',
      status: 'open',
      target_id: mixed.value.targets[4]!.id,
    });
  });
  afterAll(() => store.dispose());

  it('--json prints {goals: [{id, name, progress, status, targets: [{…}]}]}, quotas as KPI targets', async () => {
    const { stdout } = await udn('goals', '--db', store.location, '--json', '--today', '2026-02-15', '--all');
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
    expect(mixed.targets.slice(0, 3).map((x) => [x.kind, x.progress, x.status])).toEqual([
      ['number', 0.25, 'off_track'],
      ['boolean', 0, 'on_track'],
      ['kpi', expect.any(Number), expect.any(String)],
    ]);
    expect(mixed.targets[0]!.expected).toBeCloseTo(46 / 90, 12);
  });

  it('prints readable tables otherwise, in English or Indonesian', async () => {
    const en = await udn('goals', '--db', store.location, '--today', '2026-02-15');
    expect(en.stdout).toContain('Sales quotas 2026-Q1');
    expect(en.stdout).toMatch(
      /Revenue — Team Jakarta\s+kpi ≥ Team Jakarta \(quota\)\s+\$[\d,.]+\s+\$190,857\.00/,
    );
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

  // Issue 8, item 6: 262 goals oldest first, the current ones last.
  it('lists current goals first, then upcoming ones; the past only with --all, newest first', async () => {
    const headings = (out: string) =>
      out.split('\n').filter((line) => /^\S.*\(.*\d{4}-\d{2}-\d{2} – /.test(line));
    const shown = await udn('goals', '--db', store.location, '--today', '2026-02-15');
    const names = headings(shown.stdout).map((line) => line.split('  (')[0]);
    // Running on 15 Feb: the Bandung quota (due 26 Mar), then the Q1 goals (due 31 Mar); then Q2, Q3.
    expect(names.slice(0, 3)).toEqual([
      'Sales quotas 2026-02-10 – 2026-03-26',
      'Q1 mixed',
      'Sales quotas 2026-Q1',
    ]);
    expect(names.slice(3)).toEqual(['Sales quotas 2026-Q2', 'Sales quotas 2026-Q3']);
    expect(shown.stdout).not.toContain('Sales quotas 2025');
    expect(shown.stdout.trimEnd().split('\n').at(-1)).toBe(
      '5 goals that ended before 2026-02-15 are not shown: --all lists them.',
    );
    const all = await udn('goals', '--db', store.location, '--today', '2026-02-15', '--all');
    const allNames = headings(all.stdout).map((line) => line.split('  (')[0]);
    expect(allNames.slice(0, 5)).toEqual(names);
    // Then the past, newest first: 2025-Q4 and the year 2025 both end on 31 December; Q4 began later.
    expect(allNames.slice(5)).toEqual([
      'Sales quotas 2025-Q4',
      'Sales quotas 2025',
      'Sales quotas 2025-Q3',
      'Sales quotas 2025-Q2',
      'Sales quotas 2025-Q1',
    ]);
    expect(all.stdout).not.toContain('not shown');
    const json = JSON.parse(
      (await udn('goals', '--db', store.location, '--today', '2026-02-15', '--json')).stdout,
    ) as GoalProgress;
    expect(json.goals.map((g) => g.name)).toEqual(names);
  });

  // Issue 8, item 6: "Needed / week 0" where the web said "needs 0.3/week".
  it('says what an off-track target still needs as the web does: 0.3/week, not 0', async () => {
    const json = JSON.parse(
      (await udn('goals', '--db', store.location, '--today', '2026-02-15', '--json', '--kind', 'user'))
        .stdout,
    ) as GoalProgress;
    const cases = json.goals
      .find((g) => g.name === 'Q1 mixed')!
      .targets.find((x) => x.name === 'Case studies')!;
    // 2 to go in the 44 days after 15 Feb: 2 / 44 × 7 ≈ 0.318 a week.
    expect(cases).toMatchObject({ status: 'off_track', remaining: 2, days_left: 44 });
    const text = neededPaceText(
      neededPace(
        cases.status,
        {
          days_left: cases.days_left,
          remaining: cases.remaining,
          needed_per_day: cases.needed_per_day,
          needed_per_week: cases.needed_per_week,
        },
        'number',
        { locale: 'en', currency: 'USD' },
      ),
      'en',
    );
    expect(text).toBe('0.3/week');
    const { stdout } = await udn('goals', '--db', store.location, '--today', '2026-02-15', '--kind', 'user');
    expect(stdout).toMatch(/Case studies\s+number\s+0\s+2\s+0\.0%\s+off track\s+0\.3\/week\n/);
    const id = await udn(
      'goals',
      '--db',
      store.location,
      '--today',
      '2026-02-15',
      '--kind',
      'user',
      '--lang',
      'id',
    );
    expect(id.stdout).toMatch(/Case studies\s+number\s+0\s+2\s+0,0%\s+tertinggal\s+0,3\/minggu\n/);
  });

  it('counts in real plurals and calls reps by their names, in English and Indonesian', async () => {
    const en = await udn('goals', '--db', store.location, '--today', '2026-03-30', '--kind', 'user');
    expect(en.stdout).toMatch(/Visits\s+tasks\s+0 tasks\s+1 task\s/);
    expect(en.stdout).toContain('· 1 day left');
    expect(en.stdout).toMatch(/Deals won — Rep 12\s+kpi ≥ Rep 12\s/);
    expect(en.stdout).not.toMatch(/\b1 tasks\b|\b1 days\b|rep:R12/);
    const id = await udn(
      'goals',
      '--db',
      store.location,
      '--today',
      '2026-03-30',
      '--kind',
      'user',
      '--lang',
      'id',
    );
    expect(id.stdout).toMatch(/Visits\s+tasks\s+0 tugas\s+1 tugas\s/);
    expect(id.stdout).toContain('· sisa 1 hari');
    const kpi = await udn('kpi', '--db', store.location, '--period', '2026-Q1');
    const repTable = kpi.stdout.slice(kpi.stdout.search(/\nRep +Revenue/));
    expect(repTable).toMatch(/\nRep 1 +\$/);
    expect(repTable).toMatch(/\nRep 12 +\$/);
    expect(repTable).not.toMatch(/\bR\d\d\b/);
  });

  it('refuses a --today that is not a date', async () => {
    await expect(udn('goals', '--db', store.location, '--today', '15/02/2026')).rejects.toMatchObject({
      stderr: expect.stringMatching(/--today "15\/02\/2026" is not a date/),
    });
  });
});

// A typo in --db must not leave an empty database behind, and a missing directory is named.
describe('udn refuses what is not there, and creates nothing', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udn-cli-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each([['goals'], ['kpi']])('udn %s --db missing.sqlite: a clear error, no file', async (command) => {
    const missing = path.join(dir, 'nested', 'missing.sqlite');
    await expect(udn(command, '--db', missing)).rejects.toMatchObject({
      code: 1,
      stderr: `udn: no UDN database at ${missing}: check --db (or UDN_DB), or create one with "udn import DIR --db ${missing}" or "udn demo --db ${missing}"\n`,
    });
    expect(fs.existsSync(missing)).toBe(false);
    expect(fs.existsSync(path.dirname(missing))).toBe(false);
  });

  it('udn import of a missing directory names it, without a raw ENOENT, and creates no database', async () => {
    const db = path.join(dir, 'new.sqlite');
    const missing = path.join(dir, 'no-such-dir');
    const failure = await udn('import', missing, '--db', db).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure).toMatchObject({ code: 1, stderr: `udn: import path ${missing} does not exist\n` });
    expect(fs.existsSync(db)).toBe(false);
  });
});
