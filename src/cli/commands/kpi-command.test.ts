import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedReports } from '../../../test/support/conformance.ts';
import { addTestPerson, TEST_PASSWORD } from '../../../test/support/test-people.ts';
import { createTestStore, DIALECTS, type TestStore } from '../../../test/support/test-stores.ts';
import type { KpiReport } from '../../core/contracts/api.ts';
import { findDefaultOrg } from '../../db/org-repo.ts';
import { insertUser } from '../../db/users-repo.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SMALL = expectedReports('small');
const run = promisify(execFile);
const udn = (...args: string[]) =>
  run(process.execPath, [path.join(ROOT, 'bin/udn.js'), ...args], { cwd: ROOT, maxBuffer: 1 << 26 });

/** The rep names in the table's rep section (the last table: a header line, then one line a rep). */
const repLines = (table: string) =>
  table
    .trimEnd()
    .split('\n\n')
    .at(-1)!
    .split('\n')
    .filter((line) => /^Rep \d+\b/.test(line))
    .map((line) => line.match(/^Rep \d+/)![0]);

// The real CLI, in a child process, against a temporary database of each dialect.
describe.each(DIALECTS)('udn kpi --as on %s', (dialect) => {
  let store: TestStore;
  let orgName: string;
  const kpi = (...args: string[]) => udn('kpi', '--db', store.location, '--period', '2026-Q1', ...args);

  beforeAll(async () => {
    store = await createTestStore(dialect);
    await udn('import', SMALL.dataDir, '--db', store.location);
    const org = (await findDefaultOrg(store.db))!;
    orgName = org.name;
    await addTestPerson(store, org, 'rep', { repId: 'R01', email: 'ana@example.test' });
    await addTestPerson(store, org, 'manager', { teams: ['Jakarta'], email: 'budi@example.test' });
    await addTestPerson(store, org, 'viewer', { email: 'citra@example.test' });
    // A person with an account who is no member of the organisation.
    await insertUser(store.db, store.dialect, {
      email: 'dewi@example.test',
      name: 'Dewi',
      password: TEST_PASSWORD,
    });
  });
  afterAll(() => store.dispose());

  it('prints what that member sees: a rep their own row, a manager their team’s, a viewer none', async () => {
    const whole = JSON.parse((await kpi('--json')).stdout) as KpiReport;
    const rep = JSON.parse((await kpi('--json', '--as', 'ana@example.test')).stdout) as KpiReport;
    expect(rep).toEqual({ ...whole, reps: { R01: whole.reps.R01 } });
    const manager = JSON.parse((await kpi('--json', '--as', 'BUDI@example.test')).stdout) as KpiReport;
    expect(Object.keys(manager.reps).sort()).toEqual(['R01', 'R04', 'R07', 'R10']);
    const viewer = JSON.parse((await kpi('--json', '--as', 'citra@example.test')).stdout) as KpiReport;
    expect(viewer).toEqual({ ...whole, reps: {} });

    expect(repLines((await kpi()).stdout)).toHaveLength(12);
    const table = (await kpi('--as', 'ana@example.test')).stdout;
    expect(repLines(table)).toEqual(['Rep 1']);
    // The organisation's and teams' columns stay.
    expect(table.split('\n')[2]).toMatch(/Jakarta.*Surabaya.*Bandung|Jakarta/);
  });

  it('an unknown email and a person who is no member get the same clear error', async () => {
    for (const email of ['nobody@example.test', 'dewi@example.test']) {
      const failed = await kpi('--as', email).then(
        () => null,
        (error: { code: number; stdout: string; stderr: string }) => error,
      );
      expect(failed, email).not.toBeNull();
      expect(failed!.code).not.toBe(0);
      expect(failed!.stdout).toBe('');
      expect(failed!.stderr).toBe(
        `udn: --as: no member of the organisation "${orgName}" has the email "${email}"\n`,
      );
    }
  });
});
