import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectedReports } from '../../../test/support/conformance.ts';
import { udn } from '../../../test/support/run-udn.ts';
import { createTestStore, DIALECTS, type TestStore } from '../../../test/support/test-stores.ts';
import { findOrgBySlug, listOrgs } from '../../db/org-repo.ts';

const SMALL = expectedReports('small');

describe.each(DIALECTS)('udn orgs and --org on %s', (dialect) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await createTestStore(dialect);
  });
  afterEach(() => store.dispose());

  it('adds organisations and lists them', async () => {
    const added = await udn(['orgs', 'add', 'acme', '--name', 'Acme Sales', '--db', store.location]);
    expect(added).toMatchObject({ code: 0, stdout: 'created organisation acme (Acme Sales)\n' });
    expect((await udn(['orgs', 'add', 'beta', '--db', store.location])).code).toBe(0);
    const taken = await udn(['orgs', 'add', 'acme', '--db', store.location]);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toBe('udn: an organisation "acme" already exists\n');
    const bad = await udn(['orgs', 'add', 'Not A Slug', '--db', store.location]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('is not a slug');
    const list = await udn(['orgs', 'list', '--db', store.location]);
    expect(list.code).toBe(0);
    expect(list.stdout.split('\n').map((line) => line.split(/\s{2,}/))).toEqual([
      ['Slug', 'Name', 'Members', 'Open leaderboard'],
      [expect.stringMatching(/^─+$/), expect.any(String), expect.any(String), expect.any(String)],
      ['acme', 'Acme Sales', '0', 'no'],
      ['beta', 'beta', '0', 'no'],
      [''],
    ]);
    expect((await listOrgs(store.db)).map((o) => o.slug)).toEqual(['acme', 'beta']);
  });

  it('with two organisations, --org is needed and a missing one lists both slugs', async () => {
    await udn(['orgs', 'add', 'acme', '--db', store.location]);
    await udn(['orgs', 'add', 'beta', '--db', store.location]);
    for (const command of [['kpi'], ['goals'], ['import', SMALL.dataDir]]) {
      const result = await udn([...command, '--db', store.location]);
      expect(result.code, command.join(' ')).toBe(1);
      expect(result.stderr).toBe(
        `udn: ${store.location} holds 2 organisations: say which with --org (acme, beta)\n`,
      );
    }
    const unknown = await udn(['kpi', '--org', 'gamma', '--period', '2026', '--db', store.location]);
    expect(unknown.stderr).toBe(
      `udn: no organisation "gamma" in ${store.location} (there are: acme, beta)\n`,
    );
    // Nothing was imported anywhere.
    expect((await store.db.selectFrom('reps').select('id').execute()).length).toBe(0);
  });

  it('demo --org makes the demo organisation beside another, with its people', async () => {
    await udn(['orgs', 'add', 'acme', '--db', store.location]);
    const demo = await udn(['demo', '--org', 'nusantara', '--today', '2026-06-30', '--db', store.location]);
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stdout).toContain(
      'demo people (no password: an owner looks through their eyes with "view as"): manager@demo.udn.invalid (manager), budi.santoso@demo.udn.invalid (rep), siti.rahmawati@demo.udn.invalid (rep), viewer@demo.udn.invalid (viewer)',
    );
    const list = await udn(['users', 'list', '--org', 'nusantara', '--db', store.location]);
    expect(list.stdout).toContain('manager@demo.udn.invalid');
    expect(list.stdout.trim().split('\n')).toHaveLength(6);
    const acme = (await findOrgBySlug(store.db, 'acme'))!;
    expect(
      await store.db.selectFrom('members').select('user_id').where('org_id', '=', acme.id).execute(),
    ).toEqual([]);
  });

  it('import --org imports into that organisation, creating it when new', async () => {
    await udn(['orgs', 'add', 'acme', '--db', store.location]);
    const into = await udn(['import', SMALL.dataDir, '--org', 'beta', '--db', store.location]);
    expect(into.code, into.stderr).toBe(0);
    const beta = (await findOrgBySlug(store.db, 'beta'))!;
    const acme = (await findOrgBySlug(store.db, 'acme'))!;
    const reps = (orgId: number) =>
      store.db.selectFrom('reps').select('id').where('org_id', '=', orgId).execute();
    expect((await reps(beta.id)).length).toBe(12);
    expect((await reps(acme.id)).length).toBe(0);
    expect(beta.name).toBe('Org 42');
    const kpi = await udn(['kpi', '--org', 'beta', '--period', '2026', '--json', '--db', store.location]);
    expect(kpi.code, kpi.stderr).toBe(0);
    expect(JSON.parse(kpi.stdout).org).toMatchObject({ revenue: 487868.44, deals_won: 82 });
  });
});
