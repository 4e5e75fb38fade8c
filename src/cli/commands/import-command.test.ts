import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csv } from '../../../test/support/import-fixtures.ts';
import { createTestStore, DIALECTS, type TestStore } from '../../../test/support/test-stores.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const run = promisify(execFile);

/** The real CLI in a child process; a refusal exits 1, which is an answer here, not a failure. */
async function udn(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(ROOT, 'bin/udn.js'), ...args], {
      cwd: ROOT,
      maxBuffer: 1 << 26,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function directory(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udn-cli-import-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

const USD = '"USD" differs from the organisation\'s currency IDR';

describe.each(DIALECTS)('udn import prints refused imports by cause, on %s', (dialect) => {
  let store: TestStore;
  let base: string;
  let broken: string;
  beforeAll(async () => {
    store = await createTestStore(dialect);
    base = directory({
      'org.json': '{"currency":"IDR","timezone":"Asia/Jakarta"}',
      'reps.csv': csv(['id', 'name'], ['R1', 'Ana']),
    });
    const deals = [['id', 'created_at', 'status', 'closed_at', 'amount', 'currency', 'owner_rep_id']];
    for (let i = 1; i <= 258; i++)
      deals.push([`D${i}`, '2026-01-05', 'won', '2026-01-20', '100', 'USD', 'R1']);
    deals.push(['D259', '2026-01-05', 'won', '2026-01-20', '100', 'IDR', 'R404']);
    deals.push(['D260', '2026-01-05', 'won', '2026-01-20', '100', 'IDR', 'R405']);
    broken = directory({ 'deals.csv': csv(...deals) });
    expect((await udn('import', base, '--db', store.location)).code).toBe(0);
  });
  afterAll(async () => {
    await store.dispose();
    for (const dir of [base, broken]) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('one line per cause with its count and first lines, then the total', async () => {
    const { code, stderr } = await udn('import', broken, '--db', store.location);
    expect(code).toBe(1);
    expect(stderr.trimEnd().split('\n')).toEqual([
      `error: deals.csv: currency: ${USD} (258 rows)`,
      '  lines 2, 3, 4, 5, 6 … and 253 more',
      'error: deals.csv: owner_rep_id: rep "…" does not exist (not stored and not in this import) (2 rows)',
      '  line 260: rep "R404" does not exist (not stored and not in this import)',
      '  line 261: rep "R405" does not exist (not stored and not in this import)',
      'import failed with 260 errors of 2 kinds; nothing was written',
    ]);
  });

  it('--list-errors lists the errors one by one: the first 100, then a count', async () => {
    const { code, stderr } = await udn('import', broken, '--db', store.location, '--list-errors');
    expect(code).toBe(1);
    const lines = stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(102);
    expect(lines[0]).toBe(`error: deals.csv:2: currency: ${USD}`);
    expect(lines[99]).toBe(`error: deals.csv:101: currency: ${USD}`);
    expect(lines[100]).toBe('… and 160 more errors (260 in all)');
    expect(lines[101]).toBe('import failed with 260 errors of 2 kinds; nothing was written');
  });

  it('says so when importing the same files again changes nothing', async () => {
    const { code, stdout } = await udn('import', base, '--db', store.location);
    expect(code).toBe(0);
    expect(stdout).toContain('reps.csv                1 rows: 0 new, 0 updated, 1 unchanged\n');
    expect(stdout).toContain(
      'No changes: every row is already stored as given (data version 1 unchanged).\n',
    );
  });
});

describe.each(DIALECTS)('udn import --encoding, on %s', (dialect) => {
  let store: TestStore;
  let dir: string;
  beforeAll(async () => {
    store = await createTestStore(dialect);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udn-cli-latin1-'));
    fs.writeFileSync(path.join(dir, 'reps.csv'), Buffer.from('id,name\nR1,Ana\nR2,José Muñoz\n', 'latin1'));
  });
  afterAll(async () => {
    await store.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses Latin-1 without the flag, pointing at it, and reads it with --encoding latin1', async () => {
    const refused = await udn('import', dir, '--db', store.location);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'error: reps.csv:3: name: not valid UTF-8 (byte 0xE9 in "Jos\\xE9 Mu\\xF1oz…"); the file looks like Latin-1 (Windows-1252): import it with --encoding latin1',
    );
    expect(await store.db.selectFrom('reps').selectAll().execute()).toEqual([]);

    const { code, stdout } = await udn('import', dir, '--db', store.location, '--encoding', 'latin1');
    expect(code).toBe(0);
    expect(stdout).toMatch(/reps\.csv\s+2 rows: 2 new/);
    const names = await store.db.selectFrom('reps').select('name').orderBy('id').execute();
    expect(names.map((r) => r.name)).toEqual(['Ana', 'José Muñoz']);
  });

  it('names the encodings it knows when given another', async () => {
    const { code, stderr } = await udn('import', dir, '--db', store.location, '--encoding', 'ebcdic');
    expect(code).toBe(1);
    expect(stderr).toContain('Allowed choices are utf-8, latin1, utf-16');
  });
});
