import { buildReport, type KpiReport } from '../../core/kpis/report.ts';
import type { OrgSettings } from '../../core/org-settings.ts';
import { type DayRange, previousPeriod, type ResolvedPeriod } from '../../core/periods.ts';
import type { Store } from '../../db/database.ts';
import { loadPeriodFacts } from '../../db/kpi-facts.ts';

/** A plain date range as a resolved period: compared with the previous period of KPI-SPEC §3. */
export const plainPeriod = (range: DayRange): ResolvedPeriod => ({
  range,
  previous: previousPeriod(range),
  toDate: false,
});

/**
 * The KPI report of KPI-SPEC §5 for one organisation and period: what `udn kpi --json` prints. A
 * plain range is compared with its default previous period.
 */
export async function kpiReport(
  store: Store,
  org: OrgSettings & { id: number },
  input: DayRange | ResolvedPeriod,
): Promise<KpiReport> {
  const period = 'range' in input ? input : plainPeriod(input);
  const facts = await loadPeriodFacts(store.db, org.id, period.range, org.timezone, {
    previous: period.previous,
  });
  return buildReport(facts, org, { toDate: period.toDate });
}
