import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTestPerson, type TestPerson } from '../../../test/support/test-people.ts';
import { createTestStore, DIALECTS, type TestStore } from '../../../test/support/test-stores.ts';
import { createOrg, type OrgRecord } from '../../db/org-repo.ts';
import { principalOfToken } from '../../services/access/api-tokens.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const run = promisify(execFile);
const udn = (...args: string[]) =>
  run(process.execPath, [path.join(ROOT, 'bin/udn.js'), ...args], { cwd: ROOT }).then(
    (done) => ({ ...done, code: 0 }),
    (failed: { stdout: string; stderr: string; code: number }) => ({
      stdout: failed.stdout,
      stderr: failed.stderr,
      code: failed.code,
    }),
  );

// The real CLI, in a child process, against a temporary database of each dialect.
describe.each(DIALECTS)('udn tokens on %s', (dialect) => {
  let store: TestStore;
  let acme: OrgRecord;
  let rep: TestPerson;
  let admin: TestPerson;
  beforeAll(async () => {
    store = await createTestStore(dialect);
    acme = await createOrg(store.db, { name: 'Acme' }, 'acme');
    await createOrg(store.db, { name: 'Globex' }, 'globex');
    rep = await addTestPerson(store, acme, 'rep', { email: 'rina@acme.test' });
    admin = await addTestPerson(store, acme, 'admin', { email: 'ade@acme.test' });
  });
  afterAll(() => store.dispose());

  it('creates a token printed alone on the last line of standard output, within the role', async () => {
    const made = await udn(
      'tokens',
      'create',
      'Rina@Acme.test',
      '--scope',
      'write',
      '--name',
      'CRM sync',
      '--org',
      'acme',
      '--expires-days',
      '90',
      '--db',
      store.location,
    );
    expect(made.code, made.stderr).toBe(0);
    const lines = made.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const token = lines.at(-1)!;
    expect(token).toMatch(/^udn_pat_[A-Za-z0-9]{40}$/);
    expect(made.stderr).toContain('for rina@acme.test (rep) in acme');
    const principal = await principalOfToken(store, token);
    expect(principal).toMatchObject({ userId: rep.user.id, orgId: acme.id, role: 'rep', scope: 'write' });

    const above = await udn(
      'tokens',
      'create',
      'rina@acme.test',
      '--scope',
      'admin',
      '--org',
      'acme',
      '--db',
      store.location,
    );
    expect(above.code).toBe(1);
    expect(above.stdout).toBe('');
    expect(above.stderr).toContain('a rep may make tokens of scope write at most, not admin');

    const days = await udn(
      'tokens',
      'create',
      'ade@acme.test',
      '--scope',
      'admin',
      '--org',
      'acme',
      '--expires-days',
      '0',
      '--db',
      store.location,
    );
    expect(days.code).toBe(1);
    expect(days.stderr).toContain('--expires-days');
    const audit = await store.db.selectFrom('audit_log').selectAll().where('kind', '=', 'token').execute();
    expect(audit.map((e) => [e.action, e.actor_via, e.org_id])).toEqual([['created', 'cli', acme.id]]);
  });

  it('says which organisation when there are several, and who is not a member', async () => {
    const several = await udn('tokens', 'list', '--db', store.location);
    expect(several.code).toBe(1);
    expect(several.stderr).toContain('several organisations: say which with --org (acme, globex)');
    const unknown = await udn('tokens', 'list', '--org', 'initech', '--db', store.location);
    expect(unknown.stderr).toContain('no organisation "initech"');
    const stranger = await udn(
      'tokens',
      'create',
      'rina@acme.test',
      '--scope',
      'read',
      '--org',
      'globex',
      '--db',
      store.location,
    );
    expect(stranger.code).toBe(1);
    expect(stranger.stderr).toContain('rina@acme.test is not a member of globex');
  });

  it('lists tokens without their secrets and revokes one at once', async () => {
    const made = await udn(
      'tokens',
      'create',
      'rina@acme.test',
      '--scope',
      'read',
      '--name',
      'Sheet',
      '--org',
      'acme',
      '--db',
      store.location,
    );
    const token = made.stdout.trim();
    const list = await udn('tokens', 'list', '--org', 'acme', '--db', store.location);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).not.toContain(token);
    expect(list.stdout).not.toContain(rep.token);
    expect(list.stdout).toMatch(/Sheet\s+udn_pat_\w{4}…\s+read\s+rina@acme\.test\s+never\s+never\s+active/);
    const json = JSON.parse(
      (await udn('tokens', 'list', '--org', 'acme', '--json', '--db', store.location)).stdout,
    ) as {
      tokens: { id: number; name: string; state: string; userEmail: string }[];
    };
    const sheet = json.tokens.find((t) => t.name === 'Sheet')!;
    expect(sheet).toMatchObject({ state: 'active', userEmail: 'rina@acme.test' });
    expect(JSON.stringify(json)).not.toContain(admin.token);

    const revoked = await udn('tokens', 'revoke', String(sheet.id), '--org', 'acme', '--db', store.location);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toContain(`revoked token ${sheet.id} "Sheet"`);
    expect(await principalOfToken(store, token)).toBeNull();
    const again = await udn('tokens', 'revoke', String(sheet.id), '--org', 'acme', '--db', store.location);
    expect(again.stdout).toContain('was already revoked');
    const elsewhere = await udn(
      'tokens',
      'revoke',
      String(sheet.id),
      '--org',
      'globex',
      '--db',
      store.location,
    );
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stderr).toContain(`token ${sheet.id} does not exist`);
  });
});
