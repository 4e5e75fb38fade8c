import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { writeBenchFiles } from '../../bench/generate-data.ts';
import { expectedReports } from '../../test/support/conformance.ts';
import { csv } from '../../test/support/import-fixtures.ts';
import { snapshotStore } from '../../test/support/store-snapshot.ts';
import { createTestStore, DIALECTS, type TestStore } from '../../test/support/test-stores.ts';
import { parseIsoDate } from '../core/calendar-date.ts';
import type { Store } from '../db/database.ts';
import { listImports } from '../db/imports-repo.ts';
import { findDefaultOrg } from '../db/org-repo.ts';
import { listGoals } from '../services/goals/goals-service.ts';
import { updateTarget } from '../services/goals/targets-service.ts';
import { importFiles } from '../services/imports/import-files.ts';
import { kpiReport } from '../services/kpis/kpi-report.ts';
import { fileFromText, filesInDirectory } from './import-source.ts';

const SMALL = expectedReports('small');
const PERIOD = { from: parseIsoDate(SMALL.reports[0]!.from)!, to: parseIsoDate(SMALL.reports[0]!.to)! };

const importDir = (store: Store, dir: string, parseThreadFromBytes?: number) =>
  importFiles(store, filesInDirectory(dir).files, { source: 'test', parseThreadFromBytes });

/** A copy of a directory of import files, to change one of them. */
function copyOf(dir: string): string {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'udn-noop-'));
  for (const name of fs.readdirSync(dir)) fs.copyFileSync(path.join(dir, name), path.join(copy, name));
  return copy;
}

/** Rewrites one data line of a CSV file of `dir` (line 2 is the first row). */
function editLine(dir: string, file: string, line: number, edit: (cells: string[]) => string[]): void {
  const full = path.join(dir, file);
  const lines = fs.readFileSync(full, 'utf8').split('\n');
  lines[line - 1] = edit(lines[line - 1]!.split(',')).join(',');
  fs.writeFileSync(full, lines.join('\n'));
}

/** Who wrote each deal and from which line. */
async function dealOrigins(store: Store): Promise<Map<string, [number, number]>> {
  const rows = await store.db.selectFrom('deals').select(['id', 'import_id', 'source_line']).execute();
  return new Map(rows.map((r) => [r.id, [Number(r.import_id), Number(r.source_line)]]));
}

async function kpisOf(store: Store) {
  return kpiReport(store, (await findDefaultOrg(store.db))!, PERIOD);
}

describe.each(DIALECTS)('re-importing unchanged files on %s', (dialect) => {
  let store: TestStore;
  const dirs: string[] = [];
  beforeEach(async () => {
    store = await createTestStore(dialect);
  });
  afterEach(async () => {
    await store.dispose();
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('changes nothing: rows, their import and line, the data version; says so in the result and the history', async () => {
    const first = await importDir(store, SMALL.dataDir);
    expect(first).toMatchObject({ ok: true, changed: true, dataVersion: 1 });
    const before = await snapshotStore(store);

    const again = await importDir(store, SMALL.dataDir);
    expect(again.errors).toEqual([]);
    expect(again).toMatchObject({ ok: true, changed: false, dataVersion: 1 });
    expect(again.files.map((f) => f.file)).toEqual(first.files.map((f) => f.file));
    for (const [i, f] of again.files.entries()) {
      expect(f).toEqual({
        file: f.file,
        rows: first.files[i]!.rows,
        inserted: 0,
        updated: 0,
        unchanged: f.rows,
      });
    }
    expect(await snapshotStore(store)).toEqual(before);

    // Without the recorded fingerprints every row is compared, with the same outcome.
    await store.db.deleteFrom('imported_files').execute();
    const compared = await importDir(store, SMALL.dataDir);
    expect(compared).toMatchObject({ ok: true, changed: false, dataVersion: 1 });
    expect(compared.files.every((f) => f.unchanged === f.rows && f.rows > 0)).toBe(true);
    expect(await snapshotStore(store)).toEqual(before);

    const history = await listImports(store.db, first.orgId!);
    expect(history.map((h) => [h.id, h.status, h.changed])).toEqual([
      [compared.importId, 'succeeded', false],
      [again.importId, 'succeeded', false],
      [first.importId, 'succeeded', true],
    ]);
    expect(history[1]!.files).toEqual(again.files);
  });

  it('a header-only deals.csv changes nothing', async () => {
    await importDir(store, SMALL.dataDir);
    const before = await snapshotStore(store);
    const header = fs.readFileSync(path.join(SMALL.dataDir, 'deals.csv'), 'utf8').split('\n')[0]!;
    const result = await importFiles(store, [fileFromText('deals.csv', `${header}\n`)], { source: 'test' });
    expect(result).toMatchObject({ ok: true, changed: false, dataVersion: 1 });
    expect(result.files).toEqual([{ file: 'deals.csv', rows: 0, inserted: 0, updated: 0, unchanged: 0 }]);
    expect(await snapshotStore(store)).toEqual(before);
  });

  it('one changed deal: only its row is written, the version moves once, the KPIs are a fresh import’s', async () => {
    await importDir(store, SMALL.dataDir);
    const originsBefore = await dealOrigins(store);
    const changedDir = copyOf(SMALL.dataDir);
    dirs.push(changedDir);
    // Line 3 is D00002, won: its amount counts in revenue.
    editLine(changedDir, 'deals.csv', 3, (cells) => cells.map((c, i) => (i === 8 ? '1999.99' : c)));

    const result = await importDir(store, changedDir);
    expect(result).toMatchObject({ ok: true, changed: true, dataVersion: 2 });
    const deals = result.files.find((f) => f.file === 'deals.csv')!;
    expect(deals).toMatchObject({ inserted: 0, updated: 1, unchanged: deals.rows - 1 });
    for (const f of result.files.filter((f) => f.file !== 'deals.csv')) expect(f.unchanged).toBe(f.rows);

    const originsAfter = await dealOrigins(store);
    for (const [id, origin] of originsAfter) {
      expect(origin, id).toEqual(id === 'D00002' ? [result.importId, 3] : originsBefore.get(id));
    }

    const fresh = await createTestStore(dialect);
    try {
      expect((await importDir(fresh, changedDir)).ok).toBe(true);
      expect(await kpisOf(store)).toEqual(await kpisOf(fresh));
    } finally {
      await fresh.dispose();
    }
  });

  it('takes no shortcut once the data changed since: a quota edited through goals is put back', async () => {
    await importDir(store, SMALL.dataDir);
    const org = (await findDefaultOrg(store.db))!;
    const quotaGoal = (await listGoals(store, org, { kind: 'quota' })).goals[0]!;
    const quota = quotaGoal.targets.find((t) => t.is_quota)!;
    const edited = await updateTarget(store, org, quotaGoal.id, quota.id, {
      target_value: (quota.target_value ?? 0) + 1000,
      updated_by: 'test',
    });
    expect(edited.dataVersion).toBe(2);

    const result = await importDir(store, SMALL.dataDir);
    expect(result).toMatchObject({ ok: true, changed: true, dataVersion: 3 });
    expect(result.files.find((f) => f.file === 'targets.csv')).toMatchObject({ updated: 1 });
    const after = (await listGoals(store, (await findDefaultOrg(store.db))!, { kind: 'quota' })).goals;
    const target = after.flatMap((g) => g.targets).find((t) => t.id === quota.id)!;
    expect(target.target_value).toBe(quota.target_value);
  });

  it('takes no shortcut after another import: the file is compared row by row and put back', async () => {
    await importDir(store, SMALL.dataDir);
    const snapshot = await snapshotStore(store);
    const changedDir = copyOf(SMALL.dataDir);
    dirs.push(changedDir);
    editLine(changedDir, 'deals.csv', 3, (cells) => cells.map((c, i) => (i === 8 ? '1999.99' : c)));
    const dealsOnly = await importFiles(
      store,
      filesInDirectory(changedDir).files.filter((f) => f.name === 'deals.csv'),
      {
        source: 'test',
      },
    );
    expect(dealsOnly).toMatchObject({ changed: true, dataVersion: 2 });

    // deals.csv is the file recorded after the first import, byte for byte; the store is not.
    const result = await importDir(store, SMALL.dataDir);
    expect(result).toMatchObject({ ok: true, changed: true, dataVersion: 3 });
    expect(result.files.find((f) => f.file === 'deals.csv')).toMatchObject({ updated: 1 });
    const restored = await snapshotStore(store);
    const deal = (rows: unknown[]) => rows.find((r) => String(r).includes('"D00002"'));
    expect(deal(restored.deals!)).not.toEqual(deal(snapshot.deals!));
    expect(restored.daily_facts).toEqual(snapshot.daily_facts);
    expect(await kpisOf(store)).toEqual(
      await (async () => {
        const fresh = await createTestStore(dialect);
        try {
          await importDir(fresh, SMALL.dataDir);
          return await kpisOf(fresh);
        } finally {
          await fresh.dispose();
        }
      })(),
    );
  });

  it('skips a recorded file without reading its rows while nothing changed since', async () => {
    await importDir(store, SMALL.dataDir);
    // A change behind the importer's back, not through a data version: only a skipped file misses it.
    await store.db
      .updateTable('deals')
      .set({ name: 'changed behind the back' })
      .where('id', '=', 'D00002')
      .execute();
    const result = await importDir(store, SMALL.dataDir);
    expect(result).toMatchObject({ changed: false, dataVersion: 1 });
    const row = await store.db
      .selectFrom('deals')
      .select('name')
      .where('id', '=', 'D00002')
      .executeTakeFirst();
    expect(row?.name).toBe('changed behind the back');
  });

  it('replays the warnings of a skipped file', async () => {
    const reps = csv(['id', 'name', 'nickname'], ['R1', 'Ana', 'an']);
    const first = await importFiles(store, [fileFromText('reps.csv', reps)], { source: 'test' });
    expect(first.warnings).toHaveLength(1);
    const again = await importFiles(store, [fileFromText('reps.csv', reps)], { source: 'test' });
    expect(again).toMatchObject({ changed: false, warnings: first.warnings });
  });
});

describe.each(DIALECTS)('re-importing a generated set on %s', (dialect) => {
  let store: TestStore;
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udn-noop-gen-'));
    // 2,200 leads: more than one batch of 2,000 rows.
    await writeBenchFiles(dir, { deals: 1100 });
    store = await createTestStore(dialect);
  });
  afterAll(async () => {
    await store.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('on the parsing thread, by fingerprint and row by row, leaves every row as it was', async () => {
    const first = await importDir(store, dir, 0);
    expect(first.errors).toEqual([]);
    const before = await snapshotStore(store);
    const again = await importDir(store, dir, 0);
    expect(again).toMatchObject({ ok: true, changed: false, dataVersion: first.dataVersion });
    expect(again.files.map((f) => f.unchanged)).toEqual(first.files.map((f) => f.rows));
    await store.db.deleteFrom('imported_files').execute();
    const compared = await importDir(store, dir, 0);
    expect(compared).toMatchObject({ ok: true, changed: false, dataVersion: first.dataVersion });
    expect(compared.files.map((f) => f.unchanged)).toEqual(first.files.map((f) => f.rows));
    expect(await snapshotStore(store)).toEqual(before);
  });

  it('refuses a duplicate of an unchanged row in a later batch, quoting both lines', async () => {
    const text = fs.readFileSync(path.join(dir, 'leads.csv'), 'utf8');
    const lines = text.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(2002);
    const before = await snapshotStore(store);
    // Line 2's lead again at the end (past the first batch of 2,000 rows), once as it is and once changed.
    const same = `${text.trimEnd()}\n${lines[1]}\n`;
    const changedCopy = `${lines[1]!.replace(/,[^,]*$/, ',changed')}`;
    const last = lines.length + 1;
    for (const [content, message] of [
      [same, 'as given'],
      [`${text.trimEnd()}\n${changedCopy}\n`, 'changed'],
    ] as const) {
      const result = await importFiles(store, [fileFromText('leads.csv', content)], { source: 'test' });
      const id = lines[1]!.split(',')[0]!;
      expect(result.ok, message).toBe(false);
      expect(result.errors, message).toEqual([
        {
          file: 'leads.csv',
          line: last,
          column: 'id',
          message: `duplicate id "${id}": first given on line 2`,
        },
      ]);
    }
    // A moved row is still unchanged; its duplicate quotes the line it has in this file.
    const moved = [lines[0], ...lines.slice(2), lines[1], lines[1]].join('\n');
    const result = await importFiles(store, [fileFromText('leads.csv', `${moved}\n`)], { source: 'test' });
    expect(result.errors.map((e) => [e.line, e.message.replace(/".*"/, '…')])).toEqual([
      [lines.length + 1, `duplicate id …: first given on line ${lines.length}`],
    ]);
    expect(await snapshotStore(store)).toEqual(before);
  });
});
