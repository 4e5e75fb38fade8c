import type { SeriesResponse } from '../../core/contracts/api.ts';
import { invalid } from '../../core/errors.ts';
import type { ScopeValues } from '../../core/kpis/compute.ts';
import type { MetricKey } from '../../core/kpis/definitions.ts';
import { factPartsFor } from '../../core/kpis/metric-inputs.ts';
import { computeScopes, type ScopedValues, toReportScope } from '../../core/kpis/report.ts';
import { currencyDigits } from '../../core/money.ts';
import { bucketRange, type DayRange, toPeriodText } from '../../core/periods.ts';
import { formatScope, type Scope, scopeSlice } from '../../core/scope.ts';
import type { Store } from '../../db/database.ts';
import { loadPeriodFacts, loadQuotas, loadReps } from '../../db/kpi-facts.ts';
import type { OrgRecord } from '../../db/org-repo.ts';
import { mapLimit } from '../map-limit.ts';
import { kpiScopeOf } from './kpi-scope.ts';

/** More points than any chart can show; also bounds the work of one uncached request. */
export const MAX_BUCKETS = 400;

export interface SeriesQuery {
  metric: MetricKey;
  grain: 'day' | 'week' | 'month';
  scope: Scope;
  range: DayRange;
}

export function scopeValues(scoped: ScopedValues, scope: Scope): ScopeValues {
  const values = scopeSlice(scoped, scope);
  if (!values) throw new Error(`scope ${formatScope(scope)} has no values`);
  return values;
}

/**
 * One value per day, ISO week or month bucket (partial at the edges), each computed by the core
 * KPI functions from that bucket's facts, exactly as the report for that bucket would be.
 */
export async function seriesFor(store: Store, org: OrgRecord, query: SeriesQuery): Promise<SeriesResponse> {
  const buckets = bucketRange(query.range, query.grain);
  if (buckets.length > MAX_BUCKETS) {
    throw invalid(
      'grain',
      `${buckets.length} ${query.grain} buckets; at most ${MAX_BUCKETS}: choose a coarser grain or a shorter period`,
    );
  }
  const reps = await loadReps(store.db, org.id);
  const { scope } = kpiScopeOf(query.scope, reps);
  const parts = factPartsFor(query.metric);
  const quotas = parts.has('quotas') ? await loadQuotas(store.db, org.id, query.range) : [];
  const digits = currencyDigits(org.currency) ?? 2;
  const points = await mapLimit(buckets, 8, async (bucket) => {
    const facts = await loadPeriodFacts(store.db, org.id, bucket, org.timezone, {
      parts,
      shared: { reps, quotas },
    });
    const values = scopeValues(computeScopes(facts, org), scope);
    // Rounded like the report prints it, so a point equals /kpis for that bucket.
    return { ...toPeriodText(bucket), value: toReportScope(values, digits)[query.metric] };
  });
  return { metric: query.metric, grain: query.grain, scope: formatScope(scope), points };
}
