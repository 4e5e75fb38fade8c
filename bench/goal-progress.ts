import { parseIsoDate } from '../src/core/calendar-date.ts';
import type { TargetCreate } from '../src/core/contracts/goals.ts';
import type { MetricKey } from '../src/core/kpis/definitions.ts';
import { monthsTouched } from '../src/core/periods.ts';
import type { Store } from '../src/db/database.ts';
import { deleteFolder } from '../src/db/goal-folders-repo.ts';
import { loadReps } from '../src/db/kpi-facts.ts';
import { findDefaultOrg } from '../src/db/org-repo.ts';
import { listQuotaRows } from '../src/db/quotas-repo.ts';
import { deleteTaskRows, insertTaskRows } from '../src/db/tasks-repo.ts';
import { dayOf, dayText } from '../src/services/goals/goal-clock.ts';
import { createFolder, createGoal, deleteGoal, listGoals } from '../src/services/goals/goals-service.ts';
import { clearKpiValueCache } from '../src/services/goals/kpi-values.ts';
import { syncQuotaGoals } from '../src/services/goals/quota-sync.ts';

/**
 * The goals part of `npm run bench` (issue: "200 goals and 1,000 targets … progress for all of them
 * computed in ≤ 200 ms server-side on the 1M-deal data set"). Creates the goals in a folder of their
 * own, times what GET /goals computes for them — cold (no KPI report cached for this data version,
 * as right after an import) and warm — and deletes them again unless `keep`. KPI targets adopt
 * existing quotas or follow non-quota metrics, so no KPI input changes; the quota goals the sync
 * creates from targets.csv stay (they are what any first goals listing creates).
 *   const r = await benchGoalProgress(store, { goals: 200, targets: 1000, runs: 10 });
 *   r.coldMs, r.warm.median — and r.all.* for every goal of the organisation, quota goals included.
 */

export interface Timing {
  median: number;
  p95: number;
  min: number;
}

export interface GoalBenchResult {
  goals: number;
  targets: number;
  kpiTargets: number;
  /** Distinct periods the KPI targets are measured over: one KPI report each. */
  periods: number;
  setupMs: number;
  /** The bench goals only (folder filter). */
  coldMs: number;
  warm: Timing;
  /** Every goal of the organisation, quota goals included. */
  all: { goals: number; targets: number; coldMs: number; warm: Timing };
  responseBytes: number;
}

const summarize = (samples: number[]): Timing => {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), p95: at(0.95), min: sorted[0]! };
};

/** Non-quota KPIs a goal may follow: counts, ratios, durations, money per rep, a ceiling. */
const KPI_MIX: { metric: MetricKey; direction: 'at_least' | 'at_most'; value: number }[] = [
  { metric: 'new_leads', direction: 'at_least', value: 500 },
  { metric: 'email_open_rate', direction: 'at_least', value: 0.4 },
  { metric: 'churn_rate', direction: 'at_most', value: 0.05 },
  { metric: 'avg_sales_cycle_days', direction: 'at_most', value: 30 },
  { metric: 'revenue_per_rep', direction: 'at_least', value: 100_000 },
  { metric: 'lead_conversion_rate', direction: 'at_least', value: 0.2 },
  { metric: 'new_opportunities', direction: 'at_least', value: 400 },
];

export async function benchGoalProgress(
  store: Store,
  options: { goals?: number; targets?: number; runs?: number; today?: string; keep?: boolean } = {},
): Promise<GoalBenchResult> {
  const goalCount = options.goals ?? 200;
  const targetCount = options.targets ?? 1000;
  const runs = options.runs ?? 10;
  const org = await findDefaultOrg(store.db);
  if (!org) throw new Error('bench goals: the store has no organisation (import data first)');
  const today = options.today === undefined ? undefined : parseIsoDate(options.today);
  const clock = today === undefined ? {} : { today };
  await syncQuotaGoals(store, org, { force: true });

  const started = performance.now();
  const reps = await loadReps(store.db, org.id);
  const teams = [...new Set(reps.flatMap((rep) => (rep.team ? [rep.team] : [])))];
  const scopes = ['org', ...teams.map((team) => `team:${team}`), ...reps.map((rep) => `rep:${rep.id}`)];
  // The latest four quota periods and the months of the latest one: several periods, as real goals have.
  const quotas = await listQuotaRows(store.db, org.id);
  const quotaPeriods = [...new Set(quotas.map((q) => `${q.period_start}|${q.period_end}`))]
    .sort()
    .reverse()
    .slice(0, 4);
  const periods = quotaPeriods.map((p) => p.split('|') as [string, string]);
  const latest = periods[0];
  if (latest) {
    for (const month of monthsTouched({ from: dayOf(latest[0]), to: dayOf(latest[1]) })) {
      periods.push([dayText(month.from), dayText(month.to)]);
    }
  } else {
    periods.push(['2026-01-01', '2026-03-31'], ['2026-04-01', '2026-06-30']);
  }
  const quotasOf = new Map<string, typeof quotas>();
  for (const q of quotas) {
    const key = `${q.period_start}|${q.period_end}`;
    quotasOf.set(key, [...(quotasOf.get(key) ?? []), q]);
  }

  const folder = await createFolder(store, org, { name: `Bench goals ${new Date().toISOString()}` });
  const perGoal = Math.max(1, Math.round(targetCount / goalCount));
  const ids: number[] = [];
  let made = 0;
  let kpiTargets = 0;
  const taskTargets: number[] = [];
  for (let g = 0; g < goalCount; g++) {
    const [start, due] = periods[g % periods.length]!;
    const adoptable = quotasOf.get(`${start}|${due}`) ?? [];
    const want = g === goalCount - 1 ? targetCount - made : Math.min(perGoal, targetCount - made);
    const targets: TargetCreate[] = [];
    for (let i = 0; i < want; i++) {
      const n = g * perGoal + i;
      const slot = i % 5;
      if (slot === 0 && adoptable.length > 0) {
        // Adopts an imported quota: the bench changes no KPI input.
        const q = adoptable[n % adoptable.length]!;
        targets.push({ kind: 'kpi', metric: q.metric as MetricKey, scope: q.scope, is_quota: true });
      } else if (slot <= 1) {
        const mix = KPI_MIX[n % KPI_MIX.length]!;
        const scope = mix.metric === 'revenue_per_rep' || n % 3 !== 0 ? scopes[n % scopes.length]! : 'org';
        targets.push({
          kind: 'kpi',
          metric: mix.metric,
          scope,
          direction: mix.direction,
          target_value: mix.value,
        });
      } else if (slot === 2) {
        targets.push({ kind: 'number', name: `Number ${n}`, target_value: 10, current_value: n % 11 });
      } else if (slot === 3) {
        targets.push({ kind: 'boolean', name: `Done ${n}`, done: n % 2 === 0 });
      } else {
        targets.push({ kind: 'tasks', name: `Tasks ${n}` });
      }
    }
    const created = await createGoal(store, org, {
      name: `Bench goal ${g + 1}`,
      folder_id: folder.id,
      start_date: start,
      due_date: due,
      targets,
    });
    ids.push(created.value.id);
    made += created.value.targets.length;
    kpiTargets += created.value.targets.filter((t) => t.kind === 'kpi').length;
    taskTargets.push(...created.value.targets.filter((t) => t.kind === 'tasks').map((t) => t.id));
  }
  const now = Date.now();
  const taskIds = await insertTaskRows(
    store.db,
    org.id,
    taskTargets.flatMap((targetId, i) =>
      [0, 1, 2].map((k) => ({
        title: `Bench task ${i}.${k}`,
        type: 'call' as const,
        assignee_rep_id: reps[(i + k) % Math.max(1, reps.length)]?.id ?? null,
        due_date: null,
        status: k === 0 ? ('done' as const) : ('open' as const),
        completed_at: k === 0 ? now : null,
        deal_id: null,
        account_id: null,
        target_id: targetId,
      })),
    ),
    now,
  );
  const setupMs = performance.now() - started;

  const time = async (query: { folder_id?: number }) => {
    const t0 = performance.now();
    const list = await listGoals(store, org, query, clock);
    return { ms: performance.now() - t0, list };
  };
  clearKpiValueCache(store);
  const cold = await time({ folder_id: folder.id });
  const warm: number[] = [];
  for (let i = 0; i < runs; i++) warm.push((await time({ folder_id: folder.id })).ms);
  clearKpiValueCache(store);
  const allCold = await time({});
  const allWarm: number[] = [];
  for (let i = 0; i < runs; i++) allWarm.push((await time({})).ms);

  const result: GoalBenchResult = {
    goals: cold.list.goals.length,
    targets: cold.list.goals.reduce((n, g) => n + g.targets.length, 0),
    kpiTargets,
    periods: new Set(periods.map((p) => p.join('|'))).size,
    setupMs,
    coldMs: cold.ms,
    warm: summarize(warm),
    all: {
      goals: allCold.list.goals.length,
      targets: allCold.list.goals.reduce((n, g) => n + g.targets.length, 0),
      coldMs: allCold.ms,
      warm: summarize(allWarm),
    },
    responseBytes: JSON.stringify(cold.list).length,
  };

  if (!options.keep) {
    for (const id of ids) await deleteGoal(store, org, id);
    await store.db.transaction().execute((trx) => deleteFolder(trx, org.id, folder.id));
    await deleteTaskRows(store.db, org.id, taskIds);
  }
  return result;
}
