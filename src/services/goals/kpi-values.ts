import { LRUCache } from 'lru-cache';
import type { MetricKey } from '../../core/kpis/definitions.ts';
// Which facts each formula reads: shared with the time series (it belongs with the engine, not HTTP).
import { factPartsFor } from '../../core/kpis/metric-inputs.ts';
import { buildReport, type KpiReport, type RepInfo } from '../../core/kpis/report.ts';
import type { DayRange } from '../../core/periods.ts';
import { type Scope, scopeSlice } from '../../core/scope.ts';
import type { Store } from '../../db/database.ts';
import { type FactPart, loadPeriodFacts, loadReps } from '../../db/kpi-facts.ts';
import type { OrgRecord } from '../../db/org-repo.ts';

/**
 * The KPI engine's values for goal KPI targets: the very report `udn kpi` and GET /kpis produce
 * (buildReport over loadPeriodFacts), one per period however many targets share it. Reports are
 * kept per (organisation, data version, period): a new import or quota edit bumps the version, so
 * an entry never goes stale, and the LRU bound lets old versions fall out.
 */

interface Entry {
  /** The parts of the period's facts this report was computed from (see metric-inputs.ts). */
  parts: ReadonlySet<FactPart>;
  report: KpiReport;
}

interface PeriodCache {
  reports: LRUCache<string, Entry>;
  inFlight: Map<string, Promise<Entry>>;
}

/** Keyed by the Kysely instance: one cache per open store, gone with it. */
const caches = new WeakMap<object, PeriodCache>();

function cacheOf(store: Store): PeriodCache {
  let cache = caches.get(store.db);
  if (!cache) {
    cache = { reports: new LRUCache({ max: 256 }), inFlight: new Map() };
    caches.set(store.db, cache);
  }
  return cache;
}

export const periodKey = (range: DayRange): string => `${range.from}..${range.to}`;

/** Forgets every computed report of this store (benchmarks measure the cold path with it). */
export function clearKpiValueCache(store: Store): void {
  const cache = caches.get(store.db);
  cache?.reports.clear();
}

/** A metric wanted over a period. */
export interface KpiNeed {
  range: DayRange;
  metric: MetricKey;
}

const covers = (have: ReadonlySet<FactPart>, want: ReadonlySet<FactPart>) =>
  [...want].every((p) => have.has(p));

/**
 * The KPI report of each period (keyed by periodKey) in which the wanted metrics are exact. Each
 * period loads only the parts of its facts that its metrics read — the same selection the time
 * series use, which series-equals-report-per-bucket.test.ts holds equal to the full report — so a
 * page of churn and revenue goals does not pay for sales-cycle medians. A later need for more parts
 * recomputes the period with the union.
 */
export async function periodReports(
  store: Store,
  org: OrgRecord,
  needs: readonly KpiNeed[],
): Promise<Map<string, KpiReport>> {
  const cache = cacheOf(store);
  const wanted = new Map<string, { range: DayRange; parts: Set<FactPart> }>();
  for (const need of needs) {
    const key = periodKey(need.range);
    const entry = wanted.get(key) ?? { range: need.range, parts: new Set<FactPart>() };
    for (const part of factPartsFor(need.metric)) entry.parts.add(part);
    wanted.set(key, entry);
  }
  const versionKey = `${org.id}|${org.data_version}|${org.timezone}`;
  let reps: Promise<RepInfo[]> | undefined;
  const entries = await Promise.all(
    [...wanted].map(async ([key, { range, parts }]) => {
      const cacheKey = `${versionKey}|${key}`;
      const hit = cache.reports.get(cacheKey);
      if (hit && covers(hit.parts, parts)) return [key, hit.report] as const;
      const union = new Set<FactPart>([...parts, ...(hit?.parts ?? [])]);
      const flightKey = `${cacheKey}|${[...union].sort().join(',')}`;
      let pending = cache.inFlight.get(flightKey);
      if (!pending) {
        reps ??= loadReps(store.db, org.id);
        pending = reps
          .then((shared) =>
            loadPeriodFacts(store.db, org.id, range, org.timezone, {
              parts: union,
              shared: { reps: shared },
            }),
          )
          .then((facts) => {
            const entry = { parts: union, report: buildReport(facts, org) };
            const current = cache.reports.get(cacheKey);
            if (!current || covers(union, current.parts)) cache.reports.set(cacheKey, entry);
            return entry;
          })
          .finally(() => cache.inFlight.delete(flightKey));
        cache.inFlight.set(flightKey, pending);
      }
      return [key, (await pending).report] as const;
    }),
  );
  return new Map(entries);
}

/** A metric's value for a scope in a report, exactly as the report has it (money in major units). */
export function kpiValueOf(report: KpiReport | undefined, metric: MetricKey, scope: Scope): number | null {
  if (!report) return null;
  return scopeSlice(report, scope)?.[metric] ?? null;
}
