import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { udn } from '../../../test/support/run-udn.ts';
import { addTestPerson } from '../../../test/support/test-people.ts';
import { createTestStore, DIALECTS, type TestStore } from '../../../test/support/test-stores.ts';
import { alertRuleInputSchema, type FiredAlert } from '../../core/contracts/alerts.ts';
import { findDefaultOrg, type OrgRecord } from '../../db/org-repo.ts';
import { filesInDirectory } from '../../importer/import-source.ts';
import { runImport } from '../../importer/run-import.ts';
import { createAlertRule } from '../../services/alerts/alert-rules-service.ts';

// The real CLI in a child process: `udn alerts list|check` on a store of each dialect.
describe.each(DIALECTS)('udn alerts on %s', (dialect) => {
  let store: TestStore;
  let org: OrgRecord;
  let target = '';
  let adminId = '';

  beforeAll(async () => {
    store = await createTestStore(dialect);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udn-alerts-cli-'));
    fs.writeFileSync(
      path.join(dir, 'org.json'),
      JSON.stringify({ name: 'Acme', timezone: 'UTC', currency: 'USD' }),
    );
    fs.writeFileSync(path.join(dir, 'reps.csv'), 'id,name,team\nr1,Ana,North\n');
    // Every deal in 2020: whatever today is, this year's revenue is 0 and Ana has been idle for years.
    fs.writeFileSync(
      path.join(dir, 'deals.csv'),
      'id,created_at,status,owner_rep_id,closed_at,amount\nd1,2020-01-02,won,r1,2020-01-03,1000\n',
    );
    const result = await runImport(store, filesInDirectory(dir).files, { source: 'test' });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(result.errors).toEqual([]);
    org = (await findDefaultOrg(store.db))!;
    adminId = (await addTestPerson(store, org, 'admin')).user.id;
    await createAlertRule(
      store,
      org,
      alertRuleInputSchema.parse({
        name: 'quiet year',
        condition: { kind: 'threshold', metric: 'revenue', period: 'year', operator: 'below', value: 500 },
      }),
    );
    target = store.target;
  }, 60_000);
  afterAll(async () => store.dispose());

  it('check --dry-run prints what would fire and changes nothing; check fires it once', async () => {
    let run = await udn(['alerts', 'check', '--dry-run', '--json', '--db', target]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const dry = JSON.parse(run.stdout) as { dryRun: boolean; fired: FiredAlert[] };
    expect(dry.dryRun).toBe(true);
    expect(dry.fired.map((f) => [f.ruleName, f.subject, f.value, f.eventId])).toEqual([
      ['quiet year', 'org', 0, null],
    ]);
    run = await udn(['alerts', 'check', '--db', target]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1 alert fired');
    expect(run.stdout).toContain('Revenue of Acme below $500.00: $0.00 in');
    expect(run.stdout).toContain('told 1 member');
    // The admin's notification centre holds it.
    const notes = await store.db.selectFrom('notifications').select(['user_id', 'kind', 'title']).execute();
    expect(notes).toEqual([
      { user_id: adminId, kind: 'alert', title: expect.stringContaining('Revenue of Acme below') },
    ]);
    run = await udn(['alerts', 'check', '--db', target]);
    expect(run.stdout).toBe('nothing fired: no rule crossed since it last fired\n');
  });

  it('list shows each rule and what is crossed now', async () => {
    const run = await udn(['alerts', 'list', '--db', target]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/quiet year\s+revenue below 500 this year\s+org\s+yes\s+org\s+\d{4}-/);
    const json = JSON.parse((await udn(['alerts', 'list', '--json', '--db', target])).stdout) as {
      rules: { name: string; crossed: string[] }[];
    };
    expect(json.rules).toEqual([expect.objectContaining({ name: 'quiet year', crossed: ['org'] })]);
  });
});
