import type { Kysely } from 'kysely';
import { periodLabel } from '../../core/goals/period-names.ts';
import { TARGET_METRICS } from '../../core/kpis/definitions.ts';
import type { RepInfo } from '../../core/kpis/report.ts';
import { parseScope } from '../../core/scope.ts';
import { lockForTransaction } from '../../db/advisory-lock.ts';
import type { Store } from '../../db/database.ts';
import { findFolderByName, insertFolder } from '../../db/goal-folders-repo.ts';
import {
  deleteGoalTargetRows,
  type GoalTargetValues,
  goalTargetRowsOf,
  insertGoalTargetRows,
} from '../../db/goal-targets-repo.ts';
import {
  deleteGoalRows,
  type GoalRow,
  insertGoal,
  listGoalRows,
  replaceShares,
} from '../../db/goals-repo.ts';
import { loadReps } from '../../db/kpi-facts.ts';
import type { OrgRecord } from '../../db/org-repo.ts';
import { listQuotaRows, type QuotaRow, quotaKeyText, userQuotaKeys } from '../../db/quotas-repo.ts';
import type { Database } from '../../db/schema.ts';
import { dayOf } from './goal-clock.ts';
import { quotaKeyOf } from './quota-ledger.ts';
import { kpiTargetName } from './target-input.ts';

/**
 * Sales quotas appear as KPI targets of auto-created goals of kind `quota` — the quota editor —,
 * one per quota period, in the folder "Sales quotas", shared with the organisation (docs/adr/0005,
 * 0008): every imported targets.csv row, and every quota goals wrote that no user goal's target is
 * (one a user goal made the quota and later let go of). The mirror targets are the quota
 * (`is_quota`) and hold no value: they name their row, so a re-import, an edit in a goal and the KPI
 * report all read one number. The sync is idempotent; it runs after every successful import, after
 * a user goal lets go of a quota, and, when the data version moved, before goals are listed.
 */

export const QUOTA_FOLDER_NAME = 'Sales quotas';

export interface SyncOutcome {
  created: number;
  removed: number;
  goalsCreated: number;
  goalsRemoved: number;
}

/** Per store: the data version last synced for each organisation, and the sync running now. */
const synced = new WeakMap<object, Map<number, number>>();
const running = new WeakMap<object, Promise<unknown>>();

/** The organisation's quotas first, then the teams', then the reps'. */
const SCOPE_ORDER = (text: string): number => {
  const parsed = parseScope(text);
  return !parsed.ok ? 2 : { org: 0, team: 1, rep: 2 }[parsed.scope.kind];
};

function mirrorOrder(a: QuotaRow, b: QuotaRow): number {
  return (
    SCOPE_ORDER(a.scope) - SCOPE_ORDER(b.scope) ||
    a.scope.localeCompare(b.scope, 'en', { numeric: true }) ||
    TARGET_METRICS.indexOf(a.metric as (typeof TARGET_METRICS)[number]) -
      TARGET_METRICS.indexOf(b.metric as (typeof TARGET_METRICS)[number])
  );
}

/**
 * Brings the quota goals in line with the `targets` table. Without `force` it does nothing when
 * this process already synced the organisation at its current data version (every quota change
 * bumps the version, so nothing can have moved since).
 */
export async function syncQuotaGoals(
  store: Store,
  org: OrgRecord,
  options: { force?: boolean; now?: number } = {},
): Promise<SyncOutcome> {
  const versions = synced.get(store.db) ?? new Map<number, number>();
  synced.set(store.db, versions);
  const none: SyncOutcome = { created: 0, removed: 0, goalsCreated: 0, goalsRemoved: 0 };
  if (!options.force && versions.get(org.id) === org.data_version) return none;
  // One sync at a time per store: two pages listing at once must not both create a quota goal.
  const previous = running.get(store.db) ?? Promise.resolve();
  const work = previous
    .catch(() => undefined)
    .then(async () => {
      if (!options.force && versions.get(org.id) === org.data_version) return none;
      const outcome = await syncOnce(store, org, options.now ?? Date.now()).catch(async (error: unknown) => {
        // Another process (udn import next to udn serve) may have created the same quota goal.
        if (!/unique|constraint/i.test(String(error))) throw error;
        return syncOnce(store, org, options.now ?? Date.now());
      });
      versions.set(org.id, org.data_version);
      return outcome;
    });
  running.set(store.db, work);
  return work;
}

async function syncOnce(store: Store, org: OrgRecord, now: number): Promise<SyncOutcome> {
  const reps = await loadReps(store.db, org.id);
  return store.db.transaction().execute(async (trx) => {
    // Another server on the database may sync this organisation now: the second waits here, then
    // reads the goals the first made (the in-process queue above cannot see other processes).
    await lockForTransaction(trx, store.dialect, `quota-sync:${org.id}`);
    const rows = await listQuotaRows(trx, org.id);
    const rowKeys = new Set(rows.map(quotaKeyText));
    const keptByUserGoals = await userQuotaKeys(trx, org.id);
    const goals = await listGoalRows(trx, org.id, { kind: 'quota' });
    const goalById = new Map(goals.map((g) => [g.id, g]));
    const targets = await goalTargetRowsOf(
      trx,
      org.id,
      goals.map((g) => g.id),
    );

    const mirrored = new Set<string>();
    const orphans: number[] = [];
    const remaining = new Map(goals.map((g) => [g.id, 0]));
    for (const target of targets) {
      const key = quotaKeyOf(target, goalById.get(target.goal_id)!);
      if (key !== null && !rowKeys.has(quotaKeyText(key))) {
        orphans.push(target.id); // its quota was deleted: nothing left to mirror
        continue;
      }
      if (key !== null) mirrored.add(quotaKeyText(key));
      remaining.set(target.goal_id, (remaining.get(target.goal_id) ?? 0) + 1);
    }
    await deleteGoalTargetRows(trx, org.id, orphans);

    // A quota only goals wrote lives in the user goals that are it; once none is, it shows here.
    const missingRows = rows.filter(
      (row) =>
        !mirrored.has(quotaKeyText(row)) && (row.import_id > 0 || !keptByUserGoals.has(quotaKeyText(row))),
    );
    const byPeriod = new Map<string, QuotaRow[]>();
    for (const row of missingRows) {
      const period = `${row.period_start}|${row.period_end}`;
      const list = byPeriod.get(period);
      if (list) list.push(row);
      else byPeriod.set(period, [row]);
    }
    let goalsCreated = 0;
    const values: GoalTargetValues[] = [];
    for (const [period, list] of [...byPeriod].sort(([a], [b]) => a.localeCompare(b))) {
      const [start, due] = period.split('|') as [string, string];
      let goal = goals.find((g) => g.start_date === start && g.due_date === due);
      if (!goal) {
        goal = await createQuotaGoal(trx, org, start, due, goals, now);
        goalsCreated++;
      }
      let position = targets
        .filter((t) => t.goal_id === goal!.id)
        .reduce((max, t) => Math.max(max, t.position + 1), 0);
      for (const row of list.sort(mirrorOrder)) {
        values.push(mirrorValues(goal.id, row, reps, position++));
        remaining.set(goal.id, (remaining.get(goal.id) ?? 0) + 1);
      }
    }
    await insertGoalTargetRows(trx, org.id, values, now);

    // A quota goal whose every quota is gone has nothing left to show.
    const empty = goals.filter((g) => (remaining.get(g.id) ?? 0) === 0).map((g) => g.id);
    const goalsRemoved = await deleteGoalRows(trx, org.id, empty);
    return { created: values.length, removed: orphans.length, goalsCreated, goalsRemoved };
  });
}

function mirrorValues(
  goalId: number,
  row: QuotaRow,
  reps: readonly RepInfo[],
  position: number,
): GoalTargetValues {
  return {
    goal_id: goalId,
    name: kpiTargetName(row.metric, row.scope, reps),
    kind: 'kpi',
    is_quota: 1,
    position,
    weight: null,
    start_value: null,
    target_value: null,
    current_value: null,
    done: 0,
    metric: row.metric,
    scope: row.scope,
    direction: 'at_least',
    // Pinned to the row's period: renaming or re-dating the quota goal never moves a quota.
    period_start: row.period_start,
    period_end: row.period_end,
  };
}

/** The quota goal of a period, in the folder the other quota goals are in (else "Sales quotas"). */
async function createQuotaGoal(
  trx: Kysely<Database>,
  org: OrgRecord,
  start: string,
  due: string,
  existing: GoalRow[],
  now: number,
): Promise<GoalRow> {
  let folderId = existing.find((g) => g.folder_id !== null)?.folder_id ?? null;
  if (folderId === null) {
    const folder =
      (await findFolderByName(trx, org.id, QUOTA_FOLDER_NAME)) ??
      (await insertFolder(trx, org.id, { name: QUOTA_FOLDER_NAME }, now));
    folderId = folder.id;
  }
  const label = periodLabel({ from: dayOf(start), to: dayOf(due) }, org.fiscal_year_start_month);
  const goal = await insertGoal(
    trx,
    org.id,
    {
      folder_id: folderId,
      name: `Sales quotas ${label}`,
      description:
        'Sales quotas (targets.csv). Each target is the quota itself, so this goal and "sales vs target" always agree: editing a value here changes the quota, and every change is recorded in its history.',
      owner_rep_id: null,
      start_date: start,
      due_date: due,
      kind: 'quota',
    },
    now,
  );
  await replaceShares(trx, org.id, goal.id, ['org']);
  existing.push(goal);
  return goal;
}
