import { currencyDigits, minorToMajor } from '../money.ts';
import type { OrgSettings } from '../org-settings.ts';
import { type DayRange, dayCount, monthOf, monthsTouched, overlapDays, toPeriodText } from '../periods.ts';
import type { Scope } from '../scope.ts';
import { computeScope, type ScopeFacts, type ScopeValues } from './compute.ts';
import { METRIC_KEYS, METRICS, type MetricKey, TARGET_METRICS, type TargetMetric } from './definitions.ts';
import { emptyMeasures, type Measures, sumMeasures } from './measures.ts';
import { type Quota, targetsFor } from './targets.ts';

export interface RepInfo {
  id: string;
  name: string;
  team: string | null;
  /** Epoch days, inclusive; null = unbounded. */
  startedOn: number | null;
  endedOn: number | null;
}

/** Owner key of records without an owner: they count for the organisation only. */
export const NO_OWNER = '';

/** What the data layer aggregates for one period, per owner key (rep id or NO_OWNER). Money in minor units. */
export interface PeriodFacts {
  period: DayRange;
  previous: DayRange;
  reps: readonly RepInfo[];
  current: ReadonlyMap<string, Measures>;
  previousRevenue: ReadonlyMap<string, number>;
  /** Revenue per month (`YYYY-MM`) and owner, for every month P touches and the month before the first. */
  monthRevenue: ReadonlyMap<string, ReadonlyMap<string, number>>;
  cycleDurations: ReadonlyMap<string, readonly number[]>;
  quotas: readonly Quota[];
  /** Minor units; null when no spend is recorded in the period (unknown, not zero). */
  spend: number | null;
}

export interface ScopedValues {
  org: ScopeValues;
  teams: Map<string, ScopeValues>;
  reps: Map<string, ScopeValues>;
}

/** Days of P the rep was active ÷ days of P. */
export function repFte(rep: RepInfo, period: DayRange): number {
  const active = { from: rep.startedOn ?? period.from, to: rep.endedOn ?? period.to };
  return active.to < active.from ? 0 : overlapDays(active, period) / dayCount(period);
}

export function teamNames(reps: readonly RepInfo[]): string[] {
  return [...new Set(reps.flatMap((rep) => (rep.team ? [rep.team] : [])))].sort((a, b) => a.localeCompare(b));
}

/** The owner keys whose records count for a scope (KPI-SPEC §3): all of them for the organisation. */
export function ownerKeysOf(facts: PeriodFacts, scope: Scope): string[] {
  if (scope.kind === 'org') {
    return [...new Set([NO_OWNER, ...facts.reps.map((rep) => rep.id), ...facts.current.keys()])];
  }
  if (scope.kind === 'team') return facts.reps.filter((rep) => rep.team === scope.name).map((rep) => rep.id);
  return [scope.id];
}

/** The additive counts behind a scope's ratios (the funnel shows them as they are). */
export function scopeMeasures(facts: PeriodFacts, scope: Scope): Measures {
  return sumMeasures(ownerKeysOf(facts, scope).map((key) => facts.current.get(key) ?? emptyMeasures()));
}

const sumOver = (map: ReadonlyMap<string, number>, keys: readonly string[]): number =>
  keys.reduce((total, key) => total + (map.get(key) ?? 0), 0);

/** Computes every KPI for the organisation, each team and each rep (money in minor units, unrounded). */
export function computeScopes(facts: PeriodFacts, org: OrgSettings): ScopedValues {
  const digits = currencyDigits(org.currency) ?? 2;
  const months = monthsTouched(facts.period);
  const previousMonthName = (index: number): string =>
    index > 0 ? months[index - 1]!.month : monthOf(months[0]!.from - 1).month;

  const targetsByMetric = new Map(
    TARGET_METRICS.map((metric) => [metric, targetsFor(metric, facts.period, facts.quotas, facts.reps)]),
  );
  const scale = (metric: TargetMetric, value: number | null) =>
    value === null ? null : metric === 'revenue' ? value * 10 ** digits : value;
  const targetsOf = (pick: (metric: TargetMetric) => number | null | undefined) =>
    Object.fromEntries(
      TARGET_METRICS.map((metric) => [metric, scale(metric, pick(metric) ?? null)]),
    ) as Record<TargetMetric, number | null>;

  // A plain loop: flatMap over tens of thousands of durations costs more than the whole median.
  const concatDurations = (keys: readonly string[]): number[] => {
    const out: number[] = [];
    for (const key of keys) {
      const list = facts.cycleDurations.get(key);
      if (list) for (const d of list) out.push(d);
    }
    return out;
  };

  const scopeFacts = (
    keys: readonly string[],
    repsInScope: readonly RepInfo[],
    targets: ScopeFacts['targets'],
    spend: number | null,
  ): ScopeFacts => ({
    measures: sumMeasures(keys.map((key) => facts.current.get(key) ?? emptyMeasures())),
    cycleDurationsMs: concatDurations(keys),
    previousRevenue: sumOver(facts.previousRevenue, keys),
    monthly: months.map((month, index) => ({
      month: month.month,
      revenue: sumOver(facts.monthRevenue.get(month.month) ?? new Map(), keys),
      previousRevenue: sumOver(facts.monthRevenue.get(previousMonthName(index)) ?? new Map(), keys),
    })),
    repFte: repsInScope.reduce((total, rep) => total + repFte(rep, facts.period), 0),
    targets,
    spend,
  });

  const orgValues = computeScope(
    scopeFacts(
      ownerKeysOf(facts, { kind: 'org' }),
      facts.reps,
      targetsOf((metric) => targetsByMetric.get(metric)!.org),
      facts.spend,
    ),
    org.gross_margin,
  );
  const teams = new Map<string, ScopeValues>();
  for (const team of teamNames(facts.reps)) {
    const members = facts.reps.filter((rep) => rep.team === team);
    teams.set(
      team,
      computeScope(
        scopeFacts(
          members.map((rep) => rep.id),
          members,
          targetsOf((metric) => targetsByMetric.get(metric)!.teams.get(team)),
          null,
        ),
        org.gross_margin,
      ),
    );
  }
  const reps = new Map<string, ScopeValues>();
  for (const rep of facts.reps) {
    reps.set(
      rep.id,
      computeScope(
        scopeFacts(
          [rep.id],
          [rep],
          targetsOf((metric) => targetsByMetric.get(metric)!.reps.get(rep.id)),
          null,
        ),
        org.gross_margin,
      ),
    );
  }
  return { org: orgValues, teams, reps };
}

export type ReportScope = Record<MetricKey, number | null> & {
  monthly: { month: string; revenue: number; growth: number | null }[];
};

/** The KPI report of KPI-SPEC §5. */
export interface KpiReport {
  period: {
    from: string;
    to: string;
    timezone: string;
    /** Present and true for a named period cut at a date (KPI-SPEC §3); absent otherwise. */
    to_date?: true;
    previous: { from: string; to: string };
  };
  currency: string;
  org: ReportScope;
  teams: Record<string, ReportScope>;
  reps: Record<string, ReportScope>;
}

/** Rounds money to the currency's minor unit as printed; everything else stays unrounded. */
export function toReportScope(values: ScopeValues, digits: number): ReportScope {
  const out = {} as ReportScope;
  for (const key of METRIC_KEYS) {
    const value = values[key];
    (out as Record<MetricKey, number | null>)[key] =
      value !== null && METRICS[key].unit === 'money' ? minorToMajor(value, digits) : value;
    if (key === 'sales_growth') {
      out.monthly = values.monthly.map((month) => ({
        month: month.month,
        revenue: minorToMajor(month.revenue, digits),
        growth: month.growth,
      }));
    }
  }
  return out;
}

export function buildReport(
  facts: PeriodFacts,
  org: OrgSettings,
  options: { toDate?: boolean } = {},
): KpiReport {
  const digits = currencyDigits(org.currency) ?? 2;
  const scopes = computeScopes(facts, org);
  return {
    period: {
      ...toPeriodText(facts.period),
      timezone: org.timezone,
      ...(options.toDate ? { to_date: true as const } : {}),
      previous: toPeriodText(facts.previous),
    },
    currency: org.currency,
    org: toReportScope(scopes.org, digits),
    teams: Object.fromEntries(
      [...scopes.teams].map(([team, values]) => [team, toReportScope(values, digits)]),
    ),
    reps: Object.fromEntries([...scopes.reps].map(([rep, values]) => [rep, toReportScope(values, digits)])),
  };
}
