import type { Kysely } from 'kysely';
import type { Principal } from '../../core/access/principal.ts';
import { canCreateGoal, canEditGoal, canSeeGoal } from '../../core/access/record-policy.ts';
import type {
  Goal,
  GoalCreate,
  GoalFolder,
  GoalList,
  GoalsQuery,
  GoalUpdate,
} from '../../core/contracts/goals.ts';
import { forbidden, invalid, notFound, staleVersion } from '../../core/errors.ts';
import type { RepInfo } from '../../core/kpis/report.ts';
import { formatScope, parseScope, type Scope, teamMembers } from '../../core/scope.ts';
import type { Store } from '../../db/database.ts';
import {
  deleteFolder,
  findFolder,
  insertFolder,
  listFolders,
  updateFolder,
} from '../../db/goal-folders-repo.ts';
import { goalTargetRowsOf, insertGoalTargetRows, updateGoalTargetRow } from '../../db/goal-targets-repo.ts';
import {
  deleteGoalRows,
  type GoalRow,
  insertGoal,
  listGoalRows,
  replaceShares,
  sharesOf,
  updateGoalRow,
} from '../../db/goals-repo.ts';
import { loadReps } from '../../db/kpi-facts.ts';
import { bumpDataVersion, type OrgRecord } from '../../db/org-repo.ts';
import type { Database } from '../../db/schema.ts';
import { checkQuotaWrite, editableGoal, goalRefusal, policyGoal, visibleGoal } from './goal-access.ts';
import { type ClockOptions, dayText, isoInstant, nowOf, todayOf, type WhoOptions } from './goal-clock.ts';
import { checkScope } from './goal-scopes.ts';
import { goalViews } from './goal-views.ts';
import { claimQuota, quotaKeyOf, releaseQuota } from './quota-ledger.ts';
import { syncQuotaGoals } from './quota-sync.ts';
import { planTargetCreate, type TargetPlan } from './target-input.ts';
import { whoOf } from './targets-service.ts';
import { orgAfter, type WriteOutcome } from './write-outcome.ts';

/**
 * Goal folders and goals (docs/goals.md). Writes check everything first and then write in one
 * transaction, so a refused request changes nothing. A write that changes a sales quota bumps the
 * organisation's data version (KPI inputs changed) and says so in `dataVersion`.
 */

// ——— folders ———

const toFolder = (
  f: { id: number; name: string; position: number; created_at: number },
  count: number,
): GoalFolder => ({
  id: f.id,
  name: f.name,
  position: f.position,
  goal_count: count,
  created_at: isoInstant(f.created_at),
});

/** The folders, each with the count of its goals `as` sees (all of them without `as`). */
export async function foldersOf(store: Store, org: OrgRecord, as?: Principal): Promise<GoalFolder[]> {
  const folders = await listFolders(store.db, org.id);
  if (!as) return folders.map((f) => toFolder(f, f.goal_count));
  const [goals, shares, reps] = await Promise.all([
    listGoalRows(store.db, org.id),
    sharesOf(store.db, org.id),
    loadReps(store.db, org.id),
  ]);
  const counts = new Map<number, number>();
  for (const goal of goals) {
    if (goal.folder_id === null || !canSeeGoal(as, policyGoal(goal), shares.get(goal.id) ?? [], reps))
      continue;
    counts.set(goal.folder_id, (counts.get(goal.folder_id) ?? 0) + 1);
  }
  return folders.map((f) => toFolder(f, counts.get(f.id) ?? 0));
}

export async function createFolder(
  store: Store,
  org: OrgRecord,
  input: { name: string; position?: number | undefined },
  options: ClockOptions = {},
): Promise<GoalFolder> {
  return toFolder(await insertFolder(store.db, org.id, input, nowOf(options)), 0);
}

export async function renameFolder(
  store: Store,
  org: OrgRecord,
  id: number,
  input: { name?: string | undefined; position?: number | undefined },
): Promise<GoalFolder> {
  if (!(await findFolder(store.db, org.id, id))) throw notFound('goal_folder', id, 'id');
  await updateFolder(store.db, org.id, id, input);
  const folder = (await listFolders(store.db, org.id)).find((f) => f.id === id)!;
  return toFolder(folder, folder.goal_count);
}

/** Deletes a folder; its goals stay, without a folder. */
export async function removeFolder(store: Store, org: OrgRecord, id: number): Promise<void> {
  const deleted = await store.db.transaction().execute((trx) => deleteFolder(trx, org.id, id));
  if (!deleted) throw notFound('goal_folder', id, 'id');
}

// ——— reading goals ———

/** Whether a goal is for `scope`: shared with it, with everyone, with its team or reps, or owned by it. */
function visibleTo(
  scope: Scope,
  goal: GoalRow,
  shares: readonly string[],
  reps: readonly RepInfo[],
): boolean {
  if (scope.kind === 'org' || shares.includes('org') || shares.includes(formatScope(scope))) return true;
  if (scope.kind === 'team') {
    const members = teamMembers(reps, scope.name).map((rep) => rep.id);
    const memberShares = new Set(members.map((id) => formatScope({ kind: 'rep', id })));
    return (
      shares.some((share) => memberShares.has(share)) ||
      (goal.owner_rep_id !== null && members.includes(goal.owner_rep_id))
    );
  }
  const team = reps.find((rep) => rep.id === scope.id)?.team;
  return (
    (team != null && shares.includes(formatScope({ kind: 'team', name: team }))) ||
    goal.owner_rep_id === scope.id
  );
}

/** Goals with progress and pacing, optionally by folder, kind or who they are for. */
export async function listGoals(
  store: Store,
  org: OrgRecord,
  query: Omit<GoalsQuery, 'today'> = {},
  options: ClockOptions = {},
): Promise<GoalList> {
  // The safety net of docs/adr/0005: quotas imported by another process appear as quota goals.
  await syncQuotaGoals(store, org);
  let goals = await listGoalRows(store.db, org.id, { folderId: query.folder_id, kind: query.kind });
  const scope = query.scope;
  const as = options.as;
  const filtered = as !== undefined || (scope !== undefined && scope.kind !== 'org');
  const [reps, shares] = filtered
    ? await Promise.all([loadReps(store.db, org.id), sharesOf(store.db, org.id)])
    : [[], new Map<number, string[]>()];
  if (scope !== undefined && scope.kind !== 'org') {
    checkScope(scope, reps, 'scope');
    goals = goals.filter((goal) => visibleTo(scope, goal, shares.get(goal.id) ?? [], reps));
  }
  const total = goals.length;
  if (as !== undefined) {
    goals = goals.filter((goal) => canSeeGoal(as, policyGoal(goal), shares.get(goal.id) ?? [], reps));
  }
  const unfiltered =
    query.folder_id === undefined &&
    query.kind === undefined &&
    query.scope === undefined &&
    goals.length === total;
  return {
    today: dayText(todayOf(org, options)),
    currency: org.currency,
    goals: await goalViews(store, org, goals, { ...options, allOfOrg: unfiltered }),
  };
}

export async function goalOf(
  store: Store,
  org: OrgRecord,
  id: number,
  options: ClockOptions = {},
): Promise<Goal> {
  const { goal } = await visibleGoal(store, org, id, options.as);
  const [view] = await goalViews(store, org, [goal], options);
  return view!;
}

// ——— writing goals ———

interface GoalChecks {
  folder_id?: number | null | undefined;
  owner_rep_id?: string | null | undefined;
  shares?: readonly string[] | undefined;
}

async function checkGoalRefs(
  db: Kysely<Database>,
  org: OrgRecord,
  input: GoalChecks,
  reps: readonly RepInfo[],
) {
  if (input.folder_id != null && !(await findFolder(db, org.id, input.folder_id))) {
    throw invalid('folder_id', `goal folder ${input.folder_id} does not exist`, {
      rule: 'unknown_folder',
      id: input.folder_id,
    });
  }
  if (input.owner_rep_id != null && !reps.some((rep) => rep.id === input.owner_rep_id)) {
    throw invalid('owner_rep_id', `unknown rep "${input.owner_rep_id}"`, {
      rule: 'unknown_rep',
      rep: input.owner_rep_id,
    });
  }
  input.shares?.forEach((text, index) => {
    const parsed = parseScope(text);
    if (!parsed.ok) throw invalid(`shares.${index}`, parsed.reason);
    checkScope(parsed.scope, reps, `shares.${index}`);
  });
}

function checkDates(start: string, due: string, dueSent: boolean): void {
  if (due < start) {
    throw dueSent
      ? invalid('due_date', `is before start_date ${start}`, { rule: 'due_before_start', start })
      : invalid('start_date', `is after due_date ${due}`, { rule: 'start_after_due', due });
  }
}

export async function createGoal(
  store: Store,
  org: OrgRecord,
  input: GoalCreate,
  options: ClockOptions = {},
): Promise<WriteOutcome<Goal>> {
  const as = options.as;
  if (as && !canCreateGoal(as, 'user')) throw forbidden(`a ${as.role} may not create goals`);
  const reps = await loadReps(store.db, org.id);
  checkDates(input.start_date, input.due_date, true);
  await checkGoalRefs(store.db, org, input, reps);
  const draft = { id: 0, kind: 'user' as const, start_date: input.start_date, due_date: input.due_date };
  const plans: TargetPlan[] = [];
  for (const [index, target] of (input.targets ?? []).entries()) {
    const prefix = `targets.${index}.`;
    if (target.updated_by !== undefined) {
      throw invalid(`${prefix}updated_by`, 'say who creates the goal once, in its own updated_by', {
        rule: 'who_once',
      });
    }
    const plan = await planTargetCreate(store.db, org, draft, target, reps, index, prefix);
    checkQuotaWrite(as, plan);
    plans.push(plan);
  }
  const now = nowOf(options);
  const { goal, dataVersion } = await store.db.transaction().execute(async (trx) => {
    const goal = await insertGoal(
      trx,
      org.id,
      {
        folder_id: input.folder_id ?? null,
        name: input.name,
        description: input.description ?? null,
        owner_rep_id: input.owner_rep_id ?? null,
        start_date: input.start_date,
        due_date: input.due_date,
        kind: 'user',
        created_by: as?.userId ?? null,
        is_private: input.isPrivate ? 1 : 0,
      },
      now,
    );
    await replaceShares(trx, org.id, goal.id, input.shares ?? ['org']);
    const targets = await insertGoalTargetRows(
      trx,
      org.id,
      plans.map((plan) => ({ ...plan.values, goal_id: goal.id })),
      now,
    );
    let changed = false;
    for (const [index, plan] of plans.entries()) {
      if (!plan.quota) continue;
      const audit = {
        updatedBy: whoOf(as, input.updated_by) ?? null,
        at: now,
        goal,
        target: targets[index]!,
      };
      changed = (await claimQuota(trx, org.id, plan.quota.key, plan.quota.value, audit)) || changed;
    }
    return { goal, dataVersion: changed ? await bumpDataVersion(trx, org.id) : null };
  });
  const [view] = await goalViews(store, orgAfter(org, dataVersion), [goal], options);
  return { value: view!, dataVersion };
}

export async function updateGoal(
  store: Store,
  org: OrgRecord,
  id: number,
  input: GoalUpdate,
  options: ClockOptions = {},
): Promise<WriteOutcome<Goal>> {
  const { goal: stored, shares: storedShares, reps } = await editableGoal(store, org, id, options.as);
  const as = options.as;
  if (as && (input.shares !== undefined || input.isPrivate !== undefined)) {
    // A change may not take the goal out of its editor's hands (a manager sharing it wider, or
    // hiding a goal someone else made).
    const after = policyGoal({
      ...stored,
      is_private: input.isPrivate ? 1 : input.isPrivate === false ? 0 : stored.is_private,
    });
    const shares = input.shares ?? storedShares;
    if (!canEditGoal(as, after, shares, reps)) {
      throw forbidden(
        input.shares !== undefined
          ? `${goalRefusal(as, stored)}: these shares would put it out of your hands`
          : 'only its creator and admins make a goal private',
      );
    }
  }
  const start = input.start_date ?? stored.start_date;
  const due = input.due_date ?? stored.due_date;
  checkDates(start, due, input.due_date !== undefined);
  await checkGoalRefs(store.db, org, input, reps);
  if (input.version !== stored.version) throw staleVersion('goal', id, stored.version, input.version);
  const now = nowOf(options);
  const outcome = await store.db.transaction().execute(async (trx) => {
    const { shares, version, isPrivate, ...fields } = input;
    const changes = isPrivate === undefined ? fields : { ...fields, is_private: isPrivate ? 1 : 0 };
    const result = await updateGoalRow(trx, org.id, id, changes, version, now);
    if (result.status !== 'updated') return result;
    if (shares !== undefined) await replaceShares(trx, org.id, id, shares);
    await pinQuotaPeriods(trx, org.id, stored, result.goal, now);
    return result;
  });
  if (outcome.status === 'missing') throw notFound('goal', id, 'id');
  if (outcome.status === 'conflict') throw staleVersion('goal', id, outcome.current.version, input.version);
  const [view] = await goalViews(store, org, [outcome.goal], options);
  return { value: view!, dataVersion: null };
}

/**
 * Re-dating a goal never changes a sales quota: its targets that are a quota and were measured over
 * the goal's period keep that period as their own, so they stay the quota they were (docs/adr/0008).
 */
async function pinQuotaPeriods(
  trx: Kysely<Database>,
  orgId: number,
  before: GoalRow,
  after: GoalRow,
  now: number,
): Promise<void> {
  if (before.start_date === after.start_date && before.due_date === after.due_date) return;
  for (const target of await goalTargetRowsOf(trx, orgId, [after.id])) {
    if (quotaKeyOf(target, before) === null || target.period_start !== null) continue;
    await updateGoalTargetRow(
      trx,
      orgId,
      target.id,
      { period_start: before.start_date, period_end: before.due_date },
      now,
    );
  }
}

/**
 * Deletes a goal with its targets. A user goal never takes a company quota with it; a quota goal
 * deletes its quotas that no other goal target is (docs/adr/0008).
 */
export async function deleteGoal(
  store: Store,
  org: OrgRecord,
  id: number,
  options: WhoOptions = {},
): Promise<WriteOutcome<GoalRow>> {
  const { goal } = await editableGoal(store, org, id, options.as);
  const now = nowOf(options);
  const { dataVersion, orphaned } = await store.db.transaction().execute(async (trx) => {
    const targets = await goalTargetRowsOf(trx, org.id, [id]);
    const leaving = new Set(targets.map((t) => t.id));
    let changed = false;
    let orphaned = false;
    for (const target of targets) {
      const key = quotaKeyOf(target, goal);
      if (!key) continue;
      const audit = { updatedBy: whoOf(options.as, options.updatedBy) ?? null, at: now, goal, target };
      const release = await releaseQuota(trx, org.id, key, leaving, goal.kind === 'quota', audit);
      changed = release.changed || changed;
      orphaned = release.orphaned || orphaned;
    }
    await deleteGoalRows(trx, org.id, [id]);
    return { dataVersion: changed ? await bumpDataVersion(trx, org.id) : null, orphaned };
  });
  if (orphaned) await syncQuotaGoals(store, orgAfter(org, dataVersion), { force: true, now });
  return { value: goal, dataVersion };
}
