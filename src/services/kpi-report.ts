import { buildReport, type KpiReport } from '../core/kpis/report.ts';
import type { OrgSettings } from '../core/org-settings.ts';
import type { DayRange } from '../core/periods.ts';
import type { Store } from '../db/database.ts';
import { loadPeriodFacts } from '../db/kpi-facts.ts';

/** The KPI report of KPI-SPEC §5 for one organisation and period: what `udn kpi --json` prints. */
export async function kpiReport(
  store: Store,
  org: OrgSettings & { id: number },
  period: DayRange,
): Promise<KpiReport> {
  const facts = await loadPeriodFacts(store.db, org.id, period, org.timezone);
  return buildReport(facts, org);
}
