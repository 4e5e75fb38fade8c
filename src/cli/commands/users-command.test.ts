import { verifyPassword } from 'better-auth/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedReports } from '../../../test/support/conformance.ts';
import { udn } from '../../../test/support/run-udn.ts';
import { createTestStore, DIALECTS, type TestStore } from '../../../test/support/test-stores.ts';
import { findMember } from '../../db/members-repo.ts';
import { findOrgBySlug, type OrgRecord } from '../../db/org-repo.ts';
import { findUserByEmail } from '../../db/users-repo.ts';
import { filesInDirectory } from '../../importer/import-source.ts';
import { importFiles } from '../../services/imports/import-files.ts';

const SMALL = expectedReports('small');

describe.each(DIALECTS)('udn users on %s', (dialect) => {
  let store: TestStore;
  let org: OrgRecord;
  beforeAll(async () => {
    store = await createTestStore(dialect);
    expect((await udn(['orgs', 'add', 'acme', '--db', store.location])).code).toBe(0);
    const imported = await importFiles(store, filesInDirectory(SMALL.dataDir).files, {
      source: 'test',
      orgSlug: 'acme',
    });
    expect(imported.errors).toEqual([]);
    org = (await findOrgBySlug(store.db, 'acme'))!;
  });
  afterAll(() => store.dispose());

  const memberRows = () =>
    store.db
      .selectFrom('members')
      .select(['user_id', 'role', 'rep_id', 'teams'])
      .orderBy('user_id')
      .execute();

  it('adds an owner with a password read from standard input', async () => {
    const password = 'a password from stdin';
    const added = await udn(
      [
        'users',
        'add',
        'Boss@Acme.test',
        '--role',
        'owner',
        '--name',
        'The Boss',
        '--password-stdin',
        '--db',
        store.location,
      ],
      `${password}\n`,
    );
    expect(added).toMatchObject({ code: 0, stdout: 'added boss@acme.test in acme as owner\n' });
    const user = (await findUserByEmail(store.db, 'boss@acme.test'))!;
    expect(user.name).toBe('The Boss');
    expect(await findMember(store.db, org.id, user.id)).toMatchObject({ role: 'owner' });
    const account = await store.db
      .selectFrom('account')
      .select('password')
      .where('userId', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(await verifyPassword({ hash: account.password!, password })).toBe(true);
    const audit = await store.db
      .selectFrom('audit_log')
      .select(['action', 'actor_via', 'summary'])
      .where('kind', '=', 'member')
      .execute();
    expect(audit).toEqual([{ action: 'added', actor_via: 'cli', summary: 'boss@acme.test joined as owner' }]);
  });

  it('adds a manager of teams and a rep without a password, saying how to set one', async () => {
    const manager = await udn([
      'users',
      'add',
      'mgr@acme.test',
      '--role',
      'manager',
      '--team',
      'Jakarta',
      '--team',
      'Bandung',
      '--org',
      'acme',
      '--db',
      store.location,
    ]);
    expect(manager.code, manager.stderr).toBe(0);
    expect(manager.stdout).toBe(
      'added mgr@acme.test in acme as manager of Jakarta, Bandung\nmgr@acme.test has no password yet: give one with "udn users add mgr@acme.test --role manager --org acme --password-stdin" (reads it from standard input), or let them use "Forgot password?" on the sign-in page (a reset link)\n',
    );
    const rep = await udn(['users', 'add', 'rep5@example.com', '--role', 'rep', '--db', store.location]);
    expect(rep.stdout.split('\n')[0]).toBe('added rep5@example.com in acme as rep (rep R05, Rep 5)');
  });

  it('refuses an unknown team, rep or short password, naming the option, and adds no one', async () => {
    const before = await memberRows();
    const users = await store.db.selectFrom('user').select('id').execute();
    const team = await udn([
      'users',
      'add',
      'x@acme.test',
      '--role',
      'manager',
      '--team',
      'Atlantis',
      '--db',
      store.location,
    ]);
    expect(team.code).toBe(1);
    expect(team.stderr).toBe(
      'udn: --team: no team "Atlantis" in this organisation\'s reps (teams: Bandung, Jakarta, Surabaya)\n',
    );
    const rep = await udn([
      'users',
      'add',
      'x@acme.test',
      '--role',
      'rep',
      '--rep',
      'R99',
      '--db',
      store.location,
    ]);
    expect(rep.stderr).toBe('udn: --rep: no rep "R99" in this organisation\'s reps\n');
    const short = await udn(
      ['users', 'add', 'x@acme.test', '--role', 'viewer', '--password-stdin', '--db', store.location],
      'short\n',
    );
    expect(short.stderr).toBe('udn: --password-stdin: the password must be at least 10 characters\n');
    const role = await udn(['users', 'add', 'x@acme.test', '--role', 'boss', '--db', store.location]);
    expect(role.code).toBe(1);
    expect(role.stderr).toContain("argument 'boss' is invalid");
    expect(await memberRows()).toEqual(before);
    expect(await store.db.selectFrom('user').select('id').execute()).toEqual(users);
  });

  it('lists, changes roles and removes, keeping the last owner', async () => {
    const list = await udn(['users', 'list', '--db', store.location]);
    expect(list.code).toBe(0);
    const rows = list.stdout
      .trim()
      .split('\n')
      .slice(2)
      .map((line) => line.split(/\s{2,}/));
    expect(rows).toEqual([
      ['boss@acme.test', 'The Boss', 'owner', 'never'],
      ['mgr@acme.test', 'mgr', 'manager', 'Jakarta, Bandung', 'never'],
      ['rep5@example.com', 'rep5', 'rep', 'R05', 'never'],
    ]);
    const promote = await udn(['users', 'role', 'mgr@acme.test', 'admin', '--db', store.location]);
    expect(promote).toMatchObject({ code: 0, stdout: 'mgr@acme.test is now admin in acme\n' });
    const user = (await findUserByEmail(store.db, 'mgr@acme.test'))!;
    expect(await findMember(store.db, org.id, user.id)).toMatchObject({ role: 'admin', teams: [] });
    const manager = await udn([
      'users',
      'role',
      'mgr@acme.test',
      'manager',
      '--team',
      'Surabaya',
      '--db',
      store.location,
    ]);
    expect(manager.stdout).toBe('mgr@acme.test is now manager in acme of Surabaya\n');

    const before = await memberRows();
    const demote = await udn(['users', 'role', 'boss@acme.test', 'admin', '--db', store.location]);
    expect(demote.code).toBe(1);
    expect(demote.stderr).toBe(
      "udn: this is the organisation's last owner: make another member owner first, then change this role\n",
    );
    const removeOwner = await udn(['users', 'remove', 'boss@acme.test', '--db', store.location]);
    expect(removeOwner.stderr).toContain('last owner');
    const stranger = await udn(['users', 'remove', 'nobody@acme.test', '--db', store.location]);
    expect(stranger.stderr).toBe('udn: nobody@acme.test is not a member of acme\n');
    expect(await memberRows()).toEqual(before);

    const removed = await udn([
      'users',
      'remove',
      'rep5@example.com',
      '--org',
      'acme',
      '--db',
      store.location,
    ]);
    expect(removed).toMatchObject({ code: 0, stdout: 'removed rep5@example.com from acme\n' });
    const rep = (await findUserByEmail(store.db, 'rep5@example.com'))!;
    expect(await findMember(store.db, org.id, rep.id)).toBeUndefined();
  });
});
