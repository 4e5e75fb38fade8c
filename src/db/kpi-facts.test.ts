import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedReports } from '../../test/support/conformance.ts';
import { createTestStore, DIALECTS, type TestStore } from '../../test/support/test-stores.ts';
import { parseIsoDate } from '../core/calendar-date.ts';
import { filesInDirectory } from '../importer/import-source.ts';
import { runImport } from '../importer/run-import.ts';
import { FACT_PARTS, loadPeriodFacts, loadQuotas, loadReps } from './kpi-facts.ts';
import { findDefaultOrg, type OrgRecord } from './org-repo.ts';

const range = (from: string, to: string) => ({ from: parseIsoDate(from)!, to: parseIsoDate(to)! });
const PERIODS = [
  range('2025-01-01', '2025-12-31'),
  range('2025-12-15', '2026-01-20'),
  range('2026-02-01', '2026-02-28'),
];

// A time series reads a period's facts in parts with shared inputs; with every part they are the report's facts.
describe.each(DIALECTS)('series facts on %s', (dialect) => {
  let store: TestStore;
  let org: OrgRecord;
  beforeAll(async () => {
    store = await createTestStore(dialect);
    const result = await runImport(store, filesInDirectory(expectedReports('small').dataDir).files, {
      source: 'test',
    });
    expect(result.errors).toEqual([]);
    org = (await findDefaultOrg(store.db))!;
  });
  afterAll(() => store.dispose());

  it('with every part and shared reps and quotas, equal the facts of the KPI report', async () => {
    for (const period of PERIODS) {
      const full = await loadPeriodFacts(store.db, org.id, period, org.timezone);
      const shared = {
        reps: await loadReps(store.db, org.id),
        quotas: await loadQuotas(store.db, org.id, period),
      };
      const parts = await loadPeriodFacts(store.db, org.id, period, org.timezone, {
        parts: new Set(FACT_PARTS),
        shared,
      });
      expect(parts).toEqual(full);
    }
  });
});
