import { parseIsoDate } from '../src/core/calendar-date.ts';
import type { AlertCondition } from '../src/core/contracts/alerts.ts';
import { ALERT_PERIODS } from '../src/core/contracts/alerts.ts';
import type { MetricKey } from '../src/core/kpis/definitions.ts';
import { startOfLocalDay } from '../src/core/time-zone.ts';
import { deleteAlertRuleRow, insertAlertRuleRow } from '../src/db/alert-rules-repo.ts';
import type { Store } from '../src/db/database.ts';
import { loadReps } from '../src/db/kpi-facts.ts';
import { findDefaultOrg } from '../src/db/org-repo.ts';
import { AlertEngine } from '../src/services/alerts/alert-engine.ts';
import { listGoals } from '../src/services/goals/goals-service.ts';
import { clearKpiValueCache } from '../src/services/goals/kpi-values.ts';

/**
 * The alerts part of `npm run bench -- --only alerts` (issue 14: "evaluating 1,000 alert rules after
 * an import at 1M deals ≤ 1 s"). Adds 1,000 rules of every kind over the organisation, its teams and
 * reps and the four watched periods, then times AlertEngine.evaluateOrg as right after an import:
 * no KPI report cached, every rule's states read and the crossings written. The first run writes
 * every state (the heaviest); the median is of 5 runs. The rules are deleted again.
 *   const r = await benchAlerts(store, { today: '2026-09-15' });
 */

export interface AlertBenchResult {
  rules: number;
  kinds: Record<string, number>;
  firstMs: number;
  medianMs: number;
  /** As in the server: an import's end computes goal progress ahead (import-job-events.ts), then the rules run. */
  afterGoalsMedianMs: number;
  maxMs: number;
  fired: number;
}

const METRICS: MetricKey[] = [
  'revenue',
  'deals_won',
  'email_open_rate',
  'churn_rate',
  'new_opportunities',
  'avg_sales_cycle_days',
  'revenue_per_rep',
  'lead_conversion_rate',
];

export async function benchAlerts(
  store: Store,
  options: { today: string; rules?: number; runs?: number },
): Promise<AlertBenchResult> {
  const org = (await findDefaultOrg(store.db))!;
  const reps = await loadReps(store.db, org.id);
  const teams = [...new Set(reps.map((rep) => rep.team).filter((t): t is string => t !== null))];
  const scopes = ['org', ...teams.map((t) => `team:${t}`), ...reps.slice(0, 40).map((r) => `rep:${r.id}`)];
  const count = options.rules ?? 1000;
  const kinds: Record<string, number> = {};
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const scope = scopes[i % scopes.length]!;
    const metric = METRICS[i % METRICS.length]!;
    const period = ALERT_PERIODS[i % ALERT_PERIODS.length]!;
    const slot = i % 10;
    const condition: AlertCondition =
      slot < 4
        ? { kind: 'threshold', metric, period, operator: i % 2 ? 'above' : 'below', value: i * 10 }
        : slot < 6
          ? {
              kind: 'change',
              metric,
              period,
              against: i % 3 ? 'previous' : 'last-year',
              direction: 'down',
              percent: 10,
            }
          : slot < 8
            ? { kind: 'target-status', targetId: null, statuses: ['at_risk', 'off_track'] }
            : slot < 9
              ? { kind: 'inactivity', days: 7 + (i % 20), activity: 'any' }
              : { kind: 'import', removedAtLeast: 100 };
    kinds[condition.kind] = (kinds[condition.kind] ?? 0) + 1;
    const [kind, id] = scope === 'org' ? ['org', null] : [scope.slice(0, 4), scope.slice(5)];
    const row = await insertAlertRuleRow(
      store.db,
      org.id,
      {
        name: `bench ${i}`,
        kind: condition.kind,
        condition: JSON.stringify(condition),
        scope_kind: kind!,
        scope_id: id ?? null,
        create_task: 0,
        recipients: '{"users":[],"teams":[]}',
        enabled: 1,
      },
      null,
      Date.now(),
    );
    ids.push(row.id);
  }
  // Noon of the bench day in the organisation's zone: the data set ends 2026-09-30.
  const now = startOfLocalDay(parseIsoDate(options.today)!, org.timezone) + 12 * 3_600_000;
  const engine = new AlertEngine({
    store,
    notify: async () => undefined,
    emit: async () => undefined,
    onError: (error, message) => console.error(message, error),
    now: () => now,
  });
  const samples: number[] = [];
  const afterGoals: number[] = [];
  let fired = 0;
  try {
    for (let run = 0; run < (options.runs ?? 5); run++) {
      clearKpiValueCache(store);
      const t = performance.now();
      const out = await engine.evaluateOrg(org.id);
      samples.push(performance.now() - t);
      if (run === 0) fired = out.length;
    }
    for (let run = 0; run < (options.runs ?? 5); run++) {
      clearKpiValueCache(store);
      await listGoals(store, org, {}, { now });
      const t = performance.now();
      await engine.evaluateOrg(org.id);
      afterGoals.push(performance.now() - t);
    }
  } finally {
    await engine.stop();
    for (const id of ids) await deleteAlertRuleRow(store.db, org.id, id);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    rules: count,
    kinds,
    firstMs: samples[0]!,
    medianMs: sorted[Math.floor(sorted.length / 2)]!,
    maxMs: sorted[sorted.length - 1]!,
    afterGoalsMedianMs: [...afterGoals].sort((a, b) => a - b)[Math.floor(afterGoals.length / 2)]!,
    fired,
  };
}

export const alertsTableRow = (size: string, dialect: string, r: AlertBenchResult): string =>
  `| ${size} deals | ${dialect} | ${r.rules} rules (${Object.entries(r.kinds)
    .map(([k, n]) => `${n} ${k}`)
    .join(
      ', ',
    )}) | first ${r.firstMs.toFixed(0)} ms (${r.fired} fired) | median ${r.medianMs.toFixed(0)} ms | max ${r.maxMs.toFixed(0)} ms | median ${r.afterGoalsMedianMs.toFixed(0)} ms after the import's goal progress |`;
