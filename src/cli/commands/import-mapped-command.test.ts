import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestStore, DIALECTS, type TestStore } from '../../../test/support/test-stores.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const HUBSPOT = path.join(ROOT, 'test/data/exports/hubspot');
const DEALS_EXPORT = 'hubspot-crm-exports-all-deals-2026-12-01.csv';
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

describe.each(DIALECTS)('udn import with exports, on %s', (dialect) => {
  let store: TestStore;
  let dir: string;
  beforeEach(async () => {
    store = await createTestStore(dialect);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udn-cli-mapped-'));
  });
  afterEach(async () => {
    await store.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('recognises each export by its header, mixed with a UDN reps file, and imports them all', async () => {
    for (const name of fs.readdirSync(HUBSPOT).filter((n) => n.endsWith('.csv') || n === 'org.json'))
      fs.copyFileSync(path.join(HUBSPOT, name), path.join(dir, name));
    // The owners of the export, as a UDN reps file named otherwise: recognised by its header.
    const owners = new Set<string>();
    const lines = fs.readFileSync(path.join(dir, DEALS_EXPORT), 'utf8').trim().split('\n').slice(1);
    for (const line of lines) owners.add(line.split(',')[4]!);
    const team = ['id,name', ...[...owners].map((name, i) => `R${i + 1},${name}`)].join('\n');
    fs.writeFileSync(path.join(dir, 'team.csv'), `${team}\n`);
    fs.writeFileSync(path.join(dir, 'README.txt'), 'how these were exported\n');

    const result = await udn('import', dir, '--db', store.location);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = result.stdout.split('\n');
    expect(out).toContain('warning: README.txt: not an import file, ignored');
    expect(out).toContain(`${DEALS_EXPORT}: HubSpot deals export → deals`);
    expect(out).toContain('team.csv: UDN reps file');
    expect(out.some((l) => /^team\.csv\s+5 rows: 5 new/.test(l))).toBe(true);
    expect(out.some((l) => /^hubspot-crm-exports-all-deals-2026-12-01\.csv\s+40 rows: 40 new/.test(l))).toBe(
      true,
    );
    expect(out.some((l) => l.startsWith('reps (from owners)'))).toBe(false);
    const deals = await store.db.selectFrom('deals').select(['owner_rep_id']).execute();
    expect(deals.length).toBe(40);
    expect(new Set(deals.map((d) => d.owner_rep_id)).size).toBe(5);
    expect(deals.every((d) => d.owner_rep_id !== null && /^R\d$/.test(d.owner_rep_id))).toBe(true);
  });

  it('--mapping FILE: a mapping document checked against the schema, errors naming the file and JSON path', async () => {
    const source = path.join(dir, 'pipeline.csv');
    fs.writeFileSync(source, 'Ref,Opened,State\nX1,12/01/2026,Open\n');
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(
      bad,
      JSON.stringify({
        udnMapping: 1,
        table: 'deals',
        fields: { id: { column: 'Ref' }, colour: { constant: 'red' } },
        dates: 'someday',
      }),
    );
    const refused = await udn('import', source, '--mapping', bad, '--db', store.location);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${bad}: dates: Invalid option`);
    const unknownField = path.join(dir, 'unknown-field.json');
    fs.writeFileSync(
      unknownField,
      JSON.stringify({
        udnMapping: 1,
        table: 'deals',
        fields: { id: { column: 'Ref' }, colour: { constant: 'red' } },
      }),
    );
    const refusedField = await udn('import', source, '--mapping', unknownField, '--db', store.location);
    expect(refusedField.stderr).toContain(`${unknownField}: fields.colour: deals has no field colour`);

    const good = path.join(dir, 'good.json');
    fs.writeFileSync(
      good,
      JSON.stringify({
        udnMapping: 1,
        table: 'deals',
        dates: 'MM/DD/YYYY',
        fields: {
          id: { column: 'Ref' },
          created_at: { column: 'Opened' },
          status: { column: 'State', values: { Open: 'open', Won: 'won' } },
        },
      }),
    );
    const imported = await udn('import', source, '--mapping', good, '--db', store.location);
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toContain('pipeline.csv: mapping onto deals → deals');
    const deals = await store.db.selectFrom('deals').select(['id', 'status']).execute();
    expect(deals).toEqual([{ id: 'X1', status: 'open' }]);
  });

  it('refuses a file it cannot recognise before importing anything, naming it and its header', async () => {
    fs.writeFileSync(path.join(dir, 'notes.csv'), 'When,What\n2026-01-01,call\n');
    fs.copyFileSync(path.join(HUBSPOT, DEALS_EXPORT), path.join(dir, DEALS_EXPORT));
    const result = await udn('import', dir, '--db', store.location);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'notes.csv: neither a UDN file nor an export UDN knows (its header is "When", "What"): give a mapping',
    );
    expect(await store.db.selectFrom('deals').select('id').execute()).toEqual([]);
  });

  it('--snapshot with --dry-run says what an export would remove, writing nothing; over half asks for --allow-mass-delete', async () => {
    for (const name of fs.readdirSync(HUBSPOT).filter((n) => n.endsWith('.csv') || n === 'org.json'))
      fs.copyFileSync(path.join(HUBSPOT, name), path.join(dir, name));
    expect((await udn('import', dir, '--db', store.location)).code).toBe(0);
    const dealCount = async () =>
      Number(
        (
          await store.db
            .selectFrom('deals')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await dealCount()).toBe(40);

    // Next week's export: three deals were deleted in the CRM.
    const next = fs.mkdtempSync(path.join(os.tmpdir(), 'udn-cli-snapshot-'));
    try {
      const lines = fs.readFileSync(path.join(HUBSPOT, DEALS_EXPORT), 'utf8').trimEnd().split('\n');
      const gone = lines.slice(1, 4).map((line) => line.split(',')[0]!);
      fs.writeFileSync(path.join(next, DEALS_EXPORT), `${[lines[0], ...lines.slice(4)].join('\n')}\n`);

      const dry = await udn('import', next, '--db', store.location, '--snapshot', 'deals', '--dry-run');
      expect(dry.stderr).toBe('');
      expect(dry.code).toBe(0);
      expect(dry.stdout).toMatch(
        /hubspot-crm-exports-all-deals-2026-12-01\.csv\s+37 rows: 0 new, 0 updated, 37 unchanged, 3 removed/,
      );
      expect(dry.stdout).toContain('dry run: ');
      expect(await dealCount()).toBe(40);

      const real = await udn('import', next, '--db', store.location, '--snapshot', 'deals');
      expect(real.code).toBe(0);
      expect(real.stdout).toMatch(/37 unchanged, 3 removed/);
      const left = await store.db.selectFrom('deals').select('id').execute();
      expect(left.length).toBe(37);
      expect(left.some((d) => gone.includes(d.id))).toBe(false);

      // A snapshot keeping 10 of 37 deals would remove most of the table: refused unless confirmed.
      fs.writeFileSync(path.join(next, DEALS_EXPORT), `${lines.slice(0, 11).join('\n')}\n`);
      const refused = await udn('import', next, '--db', store.location, '--snapshot', 'deals');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('--allow-mass-delete');
      expect(await dealCount()).toBe(37);
      const allowed = await udn(
        'import',
        next,
        '--db',
        store.location,
        '--snapshot',
        'deals',
        '--allow-mass-delete',
      );
      expect(allowed.code).toBe(0);
      expect(await dealCount()).toBe(10);
    } finally {
      fs.rmSync(next, { recursive: true, force: true });
    }
  });
});
