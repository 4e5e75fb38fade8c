import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIsoDate } from '../../src/core/calendar-date.ts';
import type { KpiReport } from '../../src/core/kpis/report.ts';
import { findOrg, type OrgRecord } from '../../src/db/org-repo.ts';
import { fileOnDisk, filesInDirectory } from '../../src/importer/import-source.ts';
import { runImport } from '../../src/importer/run-import.ts';
import { prepareSources } from '../../src/services/imports/prepare-sources.ts';
import { kpiReport } from '../../src/services/kpis/kpi-report.ts';
import { reportDifferences } from './report-compare.ts';
import { createTestStore, DIALECTS, type TestStore } from './test-stores.ts';

export const EXPORTS_DIR = path.resolve(import.meta.dirname, '../data/exports');

/** The periods the samples cover (deals are created July–October 2026 and close until November). */
const PERIODS: readonly [string, string][] = [
  ['2026-06-01', '2026-06-30'],
  ['2026-07-01', '2026-07-31'],
  ['2026-08-01', '2026-08-31'],
  ['2026-09-01', '2026-09-30'],
  ['2026-10-01', '2026-10-31'],
  ['2026-11-01', '2026-11-30'],
  ['2026-12-01', '2026-12-31'],
  ['2026-07-01', '2026-09-30'],
  ['2026-10-01', '2026-12-31'],
  ['2026-01-01', '2026-12-31'],
];

interface Imported {
  store: TestStore;
  org: OrgRecord;
  /** Rep name → rep id in this store: the export's reps are made from owners, with ids of their own. */
  repIds: Map<string, string>;
}

async function importedOrg(store: TestStore, orgId: number): Promise<Imported> {
  const org = await findOrg(store.db, orgId);
  if (!org) throw new Error(`organisation ${orgId} missing after import`);
  const reps = await store.db.selectFrom('reps').select(['id', 'name']).where('org_id', '=', orgId).execute();
  return { store, org, repIds: new Map(reps.map((rep) => [rep.name, rep.id])) };
}

function reportAt(imported: Imported, from: string, to: string): Promise<KpiReport> {
  const range = { from: parseIsoDate(from) as number, to: parseIsoDate(to) as number };
  return kpiReport(imported.store, imported.org, range);
}

/** The report with its reps keyed by name, so two stores' reps compare whatever their ids. */
function byRepName(report: KpiReport, repIds: Map<string, string>): unknown {
  const names = new Map([...repIds].map(([name, id]) => [id, name]));
  const reps = Object.fromEntries(
    Object.entries(report.reps).map(([id, kpis]) => [names.get(id) ?? id, kpis]),
  );
  return JSON.parse(JSON.stringify({ ...report, reps }));
}

/**
 * The preset family's test: `<vendor>/`'s sample exports, imported with no mapping given (each file
 * recognised by its header), give on SQLite and PostgreSQL the KPI report that the same data written
 * by hand in UDN's format (`<vendor>/udn/`) gives, for the org, every team and every rep.
 */
export function describePresetKpis(vendor: string, expected: Record<string, string>): void {
  const dir = path.join(EXPORTS_DIR, vendor);
  describeWithTeams(vendor);
  describe.each(DIALECTS)(`${vendor} sample exports on %s`, (dialect) => {
    let fromExports: Imported;
    let fromTwin: Imported;
    let recognised: Record<string, string>;

    beforeAll(async () => {
      const names = filesOf(dir);
      const prepared = await prepareSources(
        names.map((name) => fileOnDisk(name, path.join(dir, name))),
        {},
      );
      expect(prepared.unknown).toEqual([]);
      recognised = Object.fromEntries(
        prepared.recognised.map(({ source, recognition }) => [
          source,
          recognition.kind === 'preset' ? recognition.preset : recognition.kind,
        ]),
      );
      const exportsStore = await createTestStore(dialect);
      const exported = await runImport(exportsStore, prepared.files, { source: 'cli' });
      expect(exported.errors, JSON.stringify(exported.errors.slice(0, 5))).toEqual([]);
      expect(exported.ok).toBe(true);
      fromExports = await importedOrg(exportsStore, exported.orgId as number);

      const twinStore = await createTestStore(dialect);
      const twin = await runImport(twinStore, filesInDirectory(path.join(dir, 'udn')).files, {
        source: 'cli',
      });
      expect(twin.errors, JSON.stringify(twin.errors.slice(0, 5))).toEqual([]);
      fromTwin = await importedOrg(twinStore, twin.orgId as number);
    });
    afterAll(async () => {
      await fromExports?.store.dispose();
      await fromTwin?.store.dispose();
    });

    it('recognises every export as its preset', () => {
      for (const [file, preset] of Object.entries(expected)) expect(recognised[file], file).toBe(preset);
    });

    it('makes one rep per owner, named as in the export', () => {
      expect([...fromExports.repIds.keys()].sort()).toEqual([...fromTwin.repIds.keys()].sort());
    });

    it.each(PERIODS)('gives the same KPI report for %s..%s', async (from, to) => {
      const actual = byRepName(await reportAt(fromExports, from, to), fromExports.repIds);
      const twin = byRepName(await reportAt(fromTwin, from, to), fromTwin.repIds);
      expect(reportDifferences(actual, twin)).toEqual([]);
      expect(actual).toEqual(twin);
    });

    it('has real numbers to compare: revenue, deals won and new opportunities in 2026', async () => {
      const year = await reportAt(fromExports, '2026-01-01', '2026-12-31');
      expect(year.org.revenue).toBeGreaterThan(0);
      expect(year.org.deals_won).toBeGreaterThan(5);
      expect(year.org.new_opportunities).toBeGreaterThan(20);
      expect(Object.keys(year.reps).length).toBe(fromTwin.repIds.size);
    });
  });
}

const filesOf = (dir: string): string[] =>
  fs
    .readdirSync(dir)
    .filter((name) => fs.statSync(path.join(dir, name)).isFile())
    .sort();

/**
 * The exports imported together with a UDN reps.csv (`<vendor>/teams/`: the same reps, with emails,
 * teams and start or end dates) in one import: owners then match those reps by name, none is
 * created, and the report of every team and rep (by id) equals the twin's with that reps file.
 */
function describeWithTeams(vendor: string): void {
  const dir = path.join(EXPORTS_DIR, vendor);
  const repsFile = path.join(dir, 'teams', 'reps.csv');
  describe.each(DIALECTS)(`${vendor} sample exports with a reps file, on %s`, (dialect) => {
    let fromExports: Imported;
    let fromTwin: Imported;

    beforeAll(async () => {
      const prepared = await prepareSources(
        [
          ...filesOf(dir).map((name) => fileOnDisk(name, path.join(dir, name))),
          fileOnDisk('reps.csv', repsFile),
        ],
        {},
      );
      expect(prepared.unknown).toEqual([]);
      const exportsStore = await createTestStore(dialect);
      const exported = await runImport(exportsStore, prepared.files, { source: 'cli' });
      expect(exported.errors, JSON.stringify(exported.errors.slice(0, 5))).toEqual([]);
      fromExports = await importedOrg(exportsStore, exported.orgId as number);

      const twinFiles = filesInDirectory(path.join(dir, 'udn')).files.filter(
        (file) => file.name !== 'reps.csv',
      );
      const twinStore = await createTestStore(dialect);
      const twin = await runImport(twinStore, [...twinFiles, fileOnDisk('reps.csv', repsFile)], {
        source: 'cli',
      });
      expect(twin.errors, JSON.stringify(twin.errors.slice(0, 5))).toEqual([]);
      fromTwin = await importedOrg(twinStore, twin.orgId as number);
    });
    afterAll(async () => {
      await fromExports?.store.dispose();
      await fromTwin?.store.dispose();
    });

    it('matches owners to the reps of the same import, creating none', () => {
      expect([...fromExports.repIds].sort()).toEqual([...fromTwin.repIds].sort());
    });

    it.each(PERIODS)('gives the same report for the org, every team and rep, %s..%s', async (from, to) => {
      const actual = JSON.parse(JSON.stringify(await reportAt(fromExports, from, to)));
      const twin = JSON.parse(JSON.stringify(await reportAt(fromTwin, from, to)));
      expect(Object.keys(twin.teams).sort()).toEqual(['Enterprise', 'Mid-Market']);
      expect(actual).toEqual(twin);
    });
  });
}
