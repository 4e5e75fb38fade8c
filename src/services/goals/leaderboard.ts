import type { Leaderboard } from '../../core/contracts/goals.ts';
import { type DayRange, overlapDays, toPeriodText } from '../../core/periods.ts';
import { parseScope, type Scope } from '../../core/scope.ts';
import type { Store } from '../../db/database.ts';
import { loadReps } from '../../db/kpi-facts.ts';
import type { OrgRecord } from '../../db/org-repo.ts';
import { type ClockOptions, dayOf } from './goal-clock.ts';
import { listGoals } from './goals-service.ts';
import { kpiValueOf, periodKey, periodReports } from './kpi-values.ts';

/**
 * Reps ranked by target attainment for a period (docs/goals.md). `attainment` is the mean capped
 * progress of the rep's own KPI targets (scope rep:<id>, any goal, quota or not) whose period
 * overlaps the asked one — each distinct (metric, direction, period, target value) counted once,
 * however many goals show it: the quota and the goals that are it count once, a goal's own aim for
 * the same KPI counts as a target of its own (docs/adr/0008). Ties, and reps without such targets, are ordered by `attainment_revenue` of the
 * KPI report for the period (revenue ÷ revenue target, uncapped), then by name.
 */
export async function targetLeaderboard(
  store: Store,
  org: OrgRecord,
  period: DayRange,
  options: ClockOptions & { limit?: number | undefined } = {},
): Promise<Leaderboard> {
  const [list, reps, reports] = await Promise.all([
    listGoals(store, org, {}, options),
    loadReps(store.db, org.id),
    periodReports(
      store,
      org,
      (['attainment_revenue', 'revenue', 'target_revenue'] as const).map((metric) => ({
        range: period,
        metric,
      })),
    ),
  ]);
  const report = reports.get(periodKey(period));
  const progressByRep = new Map<string, Map<string, number | null>>();
  for (const goal of list.goals) {
    for (const t of goal.targets) {
      const scope = t.kind === 'kpi' && t.scope !== null ? parseScope(t.scope) : null;
      if (!scope?.ok || scope.scope.kind !== 'rep') continue;
      if (overlapDays({ from: dayOf(t.from), to: dayOf(t.to) }, period) === 0) continue;
      const rep = scope.scope.id;
      const seen = progressByRep.get(rep) ?? new Map<string, number | null>();
      seen.set(`${t.metric}|${t.direction}|${t.from}|${t.to}|${t.target_value}`, t.progress);
      progressByRep.set(rep, seen);
    }
  }
  const rows = reps
    .map((rep) => {
      const progress = [...(progressByRep.get(rep.id)?.values() ?? [])];
      const scope: Scope = { kind: 'rep', id: rep.id };
      return {
        rank: 0,
        rep_id: rep.id,
        name: rep.name,
        team: rep.team,
        attainment:
          progress.length === 0
            ? null
            : progress.reduce<number>((sum, p) => sum + (p ?? 0), 0) / progress.length,
        targets: progress.length,
        achieved: progress.filter((p) => p !== null && p >= 1).length,
        attainment_revenue: kpiValueOf(report, 'attainment_revenue', scope),
        revenue: kpiValueOf(report, 'revenue', scope),
        target_revenue: kpiValueOf(report, 'target_revenue', scope),
      };
    })
    .filter((row) => row.targets > 0 || row.target_revenue !== null);
  const desc = (a: number | null, b: number | null) => (b ?? -Infinity) - (a ?? -Infinity);
  rows.sort(
    (a, b) =>
      desc(a.attainment, b.attainment) ||
      desc(a.attainment_revenue, b.attainment_revenue) ||
      a.name.localeCompare(b.name),
  );
  rows.forEach((row, index) => {
    row.rank = index + 1;
  });
  return {
    period: toPeriodText(period),
    today: list.today,
    currency: org.currency,
    entries: options.limit === undefined ? rows : rows.slice(0, options.limit),
  };
}
