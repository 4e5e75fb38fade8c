import type { BREAKDOWN_DIMENSIONS, BreakdownResponse } from '../../core/contracts/api.ts';
import { factPartsFor } from '../../core/kpis/metric-inputs.ts';
import { scopeMeasures } from '../../core/kpis/report.ts';
import { currencyDigits, minorToMajor } from '../../core/money.ts';
import { type DayRange, rangeInstants, toPeriodText } from '../../core/periods.ts';
import { formatScope, type Scope } from '../../core/scope.ts';
import { leadsBySource, openDealsByStage, spendByCategory } from '../../db/breakdowns-repo.ts';
import type { Store } from '../../db/database.ts';
import { loadPeriodFacts, loadReps } from '../../db/kpi-facts.ts';
import type { OrgRecord } from '../../db/org-repo.ts';
import { kpiScopeOf } from './kpi-scope.ts';

export type Dimension = (typeof BREAKDOWN_DIMENSIONS)[number];

/** Label of records that have no value for the dimension (a lead without a source, a deal without a stage). */
export const NONE_KEY = '(none)';

export interface BreakdownQuery {
  dimension: Dimension;
  scope: Scope;
  range: DayRange;
}

type Item = BreakdownResponse['items'][number];
const byValue = (a: Item, b: Item) => b.value - a.value || a.key.localeCompare(b.key);

/**
 * lead_source: new leads of the period per source. spend_category: spend of the period per category
 * (organisation only). deal_stage: deals open now that were created by the period's end, per stage,
 * with their amount. funnel: the period's lead cohort → linked to a deal → linked to a won deal
 * (any owner, any time: KPI #6), so its steps are lead_cohort_size, lead_to_opportunity_ratio × cohort
 * and lead_conversion_rate × cohort exactly.
 */
export async function breakdownFor(
  store: Store,
  org: OrgRecord,
  query: BreakdownQuery,
): Promise<BreakdownResponse> {
  const reps = await loadReps(store.db, org.id);
  const scope = kpiScopeOf(query.scope, reps);
  const window = rangeInstants(query.range, org.timezone);
  const digits = currencyDigits(org.currency) ?? 2;
  const base = { dimension: query.dimension, scope: formatScope(scope.scope) };
  switch (query.dimension) {
    case 'lead_source': {
      const rows = await leadsBySource(store.db, org.id, window, scope.owners);
      const items = rows.map((row) => ({ key: row.key ?? NONE_KEY, value: row.count }));
      return { ...base, unit: 'count', items: items.sort(byValue) };
    }
    case 'spend_category': {
      // Spend belongs to the organisation only (KPI-SPEC §3).
      if (scope.scope.kind !== 'org') return { ...base, unit: 'money', items: [] };
      const rows = await spendByCategory(store.db, org.id, toPeriodText(query.range));
      const items = rows.map((row) => ({ key: row.key, value: minorToMajor(row.amount, digits) }));
      return { ...base, unit: 'money', items: items.sort(byValue) };
    }
    case 'deal_stage': {
      const rows = await openDealsByStage(store.db, org.id, window.end, scope.owners);
      const items = rows.map((row) => ({
        key: row.key ?? NONE_KEY,
        value: row.count,
        amount: minorToMajor(row.amount, digits),
      }));
      return { ...base, unit: 'count', items: items.sort(byValue) };
    }
    case 'funnel': {
      // The counts the report's conversion ratios divide (KPI #6), read from the same facts.
      const facts = await loadPeriodFacts(store.db, org.id, query.range, org.timezone, {
        parts: factPartsFor('lead_conversion_rate'),
        shared: { reps, quotas: [] },
      });
      const m = scopeMeasures(facts, scope.scope);
      return {
        ...base,
        unit: 'count',
        items: [
          { key: 'leads', value: m.newLeads },
          { key: 'opportunities', value: m.leadsWithDeal },
          { key: 'won', value: m.leadsWon },
        ],
      };
    }
  }
}
