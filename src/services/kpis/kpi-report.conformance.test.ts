import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleNames, expectedReports } from '../../../test/support/conformance.ts';
import { reportDifferences } from '../../../test/support/report-compare.ts';
import { createTestStore, DIALECTS, type TestStore } from '../../../test/support/test-stores.ts';
import { parseIsoDate } from '../../core/calendar-date.ts';
import { findDefaultOrg } from '../../db/org-repo.ts';
import { filesInDirectory } from '../../importer/import-source.ts';
import { runImport } from '../../importer/run-import.ts';
import { kpiReport } from './kpi-report.ts';

// The shared examples are the contract's own test: every expected report must come out of the engine.
describe.each(DIALECTS)('conformance examples on %s', (dialect) => {
  for (const example of exampleNames()) {
    describe(example, () => {
      const { dataDir, reports } = expectedReports(example);
      let store: TestStore;
      beforeAll(async () => {
        store = await createTestStore(dialect);
        const result = await runImport(store, filesInDirectory(dataDir).files, { source: 'test' });
        expect(result.errors).toEqual([]);
      });
      afterAll(() => store.dispose());

      it.each(reports)('$file matches', async ({ from, to, report }) => {
        const org = await findDefaultOrg(store.db);
        const actual = await kpiReport(store, org!, { from: parseIsoDate(from)!, to: parseIsoDate(to)! });
        expect(reportDifferences(actual, report)).toEqual([]);
      });

      it('a second import of the same files changes nothing', async () => {
        const org = await findDefaultOrg(store.db);
        const period = { from: parseIsoDate(reports[0]!.from)!, to: parseIsoDate(reports[0]!.to)! };
        const before = await kpiReport(store, org!, period);
        const again = await runImport(store, filesInDirectory(dataDir).files, { source: 'test' });
        expect(again.ok).toBe(true);
        expect(again.files.every((f) => f.inserted === 0 && f.updated === 0 && f.unchanged === f.rows)).toBe(
          true,
        );
        expect(await kpiReport(store, org!, period)).toEqual(before);
      });
    });
  }
});
