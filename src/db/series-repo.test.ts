import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIsoDate } from '../core/calendar-date.ts';
import { rangeInstants } from '../core/periods.ts';
import { filesInDirectory } from '../importer/import-source.ts';
import { runImport } from '../importer/run-import.ts';
import { expectedReports } from '../test-support/conformance.ts';
import { createTestStore, DIALECTS, type TestStore } from '../test-support/test-stores.ts';
import { customersByOwner, loadPeriodFacts, loadReps, loadTargets } from './kpi-facts.ts';
import { findDefaultOrg, type OrgRecord } from './org-repo.ts';
import { countCustomers, FACT_PARTS, loadCustomerSpans, loadSelectedFacts } from './series-repo.ts';

const range = (from: string, to: string) => ({ from: parseIsoDate(from)!, to: parseIsoDate(to)! });
const PERIODS = [
  range('2025-01-01', '2025-12-31'),
  range('2025-12-15', '2026-01-20'),
  range('2026-02-01', '2026-02-28'),
];

// A time series reads a period's facts in parts; with every part they must be loadPeriodFacts' facts.
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

  it('with every part, equal the facts of the KPI report (monthly revenue aside)', async () => {
    for (const period of PERIODS) {
      const full = await loadPeriodFacts(store.db, org.id, period, org.timezone);
      const shared = {
        reps: await loadReps(store.db, org.id),
        targets: await loadTargets(store.db, org.id, period),
      };
      const parts = await loadSelectedFacts(
        store.db,
        org.id,
        period,
        org.timezone,
        new Set(FACT_PARTS),
        shared,
      );
      expect({ ...parts, monthRevenue: null }).toEqual({ ...full, monthRevenue: null });
    }
  });

  it('customer counts from spans read once equal the per-period query', async () => {
    const whole = rangeInstants(range('2024-01-01', '2026-12-31'), org.timezone);
    const spans = await loadCustomerSpans(store.db, org.id, whole.start, whole.end);
    for (const period of [...PERIODS, range('2025-06-01', '2025-06-01'), range('2026-03-01', '2026-03-31')]) {
      const { start, end } = rangeInstants(period, org.timezone);
      const sql = await customersByOwner(store.db, org.id, start, end);
      const normalize = (rows: { owner_rep_id: string | null }[]) =>
        rows
          .map((row) =>
            Object.fromEntries(
              Object.entries(row).map(([k, v]) => [k, k === 'owner_rep_id' ? (v ?? '') : Number(v)]),
            ),
          )
          .sort((a, b) => String(a.owner_rep_id).localeCompare(String(b.owner_rep_id)));
      expect(normalize(countCustomers(spans, start, end))).toEqual(normalize(sql));
    }
  });
});
