import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectedReports } from '../../../test/support/conformance.ts';
import { createTestStore, DIALECTS, type TestStore } from '../../../test/support/test-stores.ts';
import { startImportRecord } from '../../db/imports-repo.ts';
import { countOrgData, findDefaultOrg } from '../../db/org-repo.ts';
import { filesInDirectory } from '../../importer/import-source.ts';
import { runImport } from '../../importer/run-import.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SMALL = expectedReports('small');
const run = promisify(execFile);

async function udn(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(ROOT, 'bin/udn.js'), ...args], {
      cwd: ROOT,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe.each(DIALECTS)('udn reset on %s', (dialect) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await createTestStore(dialect);
    const imported = await runImport(store, filesInDirectory(SMALL.dataDir).files, { source: 'cli' });
    expect(imported.errors).toEqual([]);
  });
  afterEach(() => store.dispose());

  it('without --yes shows what it would delete and deletes nothing', async () => {
    const org = (await findDefaultOrg(store.db))!;
    const before = await countOrgData(store.db, org.id);
    const { code, stdout } = await udn('reset', '--db', store.location);
    expect(code).toBe(1);
    expect(stdout).toContain(
      `Org 42 (${store.location}) holds 12 reps, 120 accounts, 600 leads, 498 deals, 6,000 emails, 93 spend rows, 151 targets, 1 import in the history.`,
    );
    expect(stdout).toContain('nothing was deleted');
    expect(await countOrgData(store.db, org.id)).toEqual(before);
  });

  it('with --yes deletes all of it and says what', async () => {
    const org = (await findDefaultOrg(store.db))!;
    const { code, stdout } = await udn('reset', '--yes', '--db', store.location);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^deleted the data of Org 42: 12 reps, 120 accounts, 600 leads, 498 deals, 6,000 emails, 93 spend rows, 151 targets, 1 import in the history; the organisation is empty/,
    );
    const after = await countOrgData(store.db, org.id);
    expect(Object.values(after).every((n) => n === 0)).toBe(true);
    expect(await findDefaultOrg(store.db)).toMatchObject({ id: org.id, name: 'My organisation' });
  });

  it('is refused while an import runs', async () => {
    const org = (await findDefaultOrg(store.db))!;
    const id = await startImportRecord(store.db, org.id, 'cli', Date.now());
    const { code, stderr } = await udn('reset', '--yes', '--db', store.location);
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`^udn: import #${id} \\(cli\\) started at .* is still running`));
    expect((await countOrgData(store.db, org.id)).deals).toBe(498);
  });
});

describe('udn reset without a database', () => {
  it('says there is nothing to delete and creates no file', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'udn-reset-')), 'missing.sqlite');
    const { code, stderr } = await udn('reset', '--yes', '--db', file);
    expect(code).toBe(1);
    expect(stderr).toBe(`udn: no database at ${file}: nothing to delete\n`);
    expect(fs.existsSync(file)).toBe(false);
  });
});
