import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, DIALECTS, type TestStore } from '../../../test/support/test-stores.ts';
import { findSourceByName } from '../../db/import-sources-repo.ts';
import { createOrg, type OrgRecord } from '../../db/org-repo.ts';

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

const REPS =
  'id,name,email,team,started_on,ended_on\nR01,Rep 1,rep1@example.com,Jakarta,2025-01-13,\nR02,Rep 2,,Surabaya,2025-05-06,\n';

// The real CLI, in a child process, against a temporary database of each dialect and a local sheet host.
describe.each(DIALECTS)('udn sources on %s', (dialect) => {
  let store: TestStore;
  let acme: OrgRecord;
  let url = '';
  let seenHeader: string | undefined;
  const server = http.createServer((request, response) => {
    seenHeader = request.headers['x-api-key'] as string | undefined;
    response.writeHead(200, { 'content-type': 'text/csv', etag: '"r1"' }).end(REPS);
  });
  beforeAll(async () => {
    store = await createTestStore(dialect);
    acme = await createOrg(store.db, { name: 'Acme', timezone: 'Asia/Jakarta' }, 'acme');
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/team.csv`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await store.dispose();
  });

  it('adds, lists, runs and removes a source', async () => {
    const bad = await udn(
      'sources',
      'add',
      'team',
      '--url',
      url,
      '--schedule',
      '0 6 * * 8',
      '--db',
      store.location,
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--schedule: "0 6 \* \* 8" is not a valid cron schedule: /);

    const added = await udn(
      'sources',
      'add',
      'team',
      '--url',
      url,
      '--header',
      'X-Api-Key: key-abcdefgh-9876',
      '--snapshot',
      'reps',
      '--schedule',
      '0 6 * * 1-5',
      '--db',
      store.location,
    );
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(
      /^added source team \(url http:\/\/127\.0\.0\.1:\d+\/team\.csv\), 0 6 \* \* 1-5 in Asia\/Jakarta; next run \d{4}-\d\d-\d\d 06:00\n/,
    );
    const stored = await findSourceByName(store.db, acme.id, 'team');
    expect(stored?.header_secret).not.toContain('key-abcdefgh');
    expect(stored?.snapshot).toBe('reps');

    const listed = await udn('sources', 'list', '--db', store.location);
    expect(listed.code, listed.stderr).toBe(0);
    const lines = listed.stdout.split('\n');
    expect(lines[0]).toMatch(/^name\s+kind\s+schedule\s+last run\s+status\s+next run$/);
    expect(lines[2]).toMatch(/^team\s+url\s+0 6 \* \* 1-5\s+—\s+never run\s+\d{4}-\d\d-\d\d 06:00$/);

    const ran = await udn('sources', 'run', 'team', '--db', store.location);
    expect(ran.code, ran.stderr).toBe(0);
    expect(seenHeader).toBe('key-abcdefgh-9876');
    expect(ran.stdout).toMatch(/team\.csv\s+2 rows: 2 new, 0 updated, 0 unchanged/);
    expect(ran.stdout).toMatch(/imported 2 rows in .* import #\d+/);
    const history = await store.db.selectFrom('imports').select(['source', 'status']).execute();
    expect(history).toEqual([{ source: 'source:team', status: 'succeeded' }]);

    const again = await udn('sources', 'run', 'team', '--db', store.location);
    expect(again.stdout).toBe('team: skipped: unchanged: same content (SHA-256) as the last import\n');
    const relisted = await udn('sources', 'list', '--json', '--db', store.location);
    const { sources } = JSON.parse(relisted.stdout) as {
      sources: { name: string; lastStatus: string; header: unknown }[];
    };
    expect(sources).toMatchObject([
      { name: 'team', lastStatus: 'skipped', header: { name: 'X-Api-Key', value: '••••9876' } },
    ]);

    const removed = await udn('sources', 'remove', 'team', '--db', store.location);
    expect(removed.code, removed.stderr).toBe(0);
    expect(await findSourceByName(store.db, acme.id, 'team')).toBeUndefined();
    const missing = await udn('sources', 'run', 'team', '--db', store.location);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no source "team" in acme/);
  });

  it('refuses a folder source without UDN_SOURCE_FOLDERS, naming the variable', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udn-cli-folder-'));
    try {
      const refused = await udn(
        'sources',
        'add',
        'drop',
        '--folder',
        dir,
        '--schedule',
        '0 * * * *',
        '--db',
        store.location,
      );
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(
        /--url\/--folder: folder sources are turned off on this server: set UDN_SOURCE_FOLDERS/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
