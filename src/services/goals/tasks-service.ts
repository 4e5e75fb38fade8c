import type { Kysely } from 'kysely';
import type { Principal } from '../../core/access/principal.ts';
import {
  canAssignTask,
  canEditTask,
  canSeeGoal,
  canSeeTask,
  type PolicyTask,
  taskAudience,
} from '../../core/access/record-policy.ts';
import type {
  Task,
  TaskCreate,
  TaskList,
  TaskStats,
  TasksQuery,
  TaskUpdate,
} from '../../core/contracts/goals.ts';
import { forbidden, invalid, notFound } from '../../core/errors.ts';
import type { RepInfo } from '../../core/kpis/report.ts';
import { type DayRange, rangeInstants } from '../../core/periods.ts';
import type { Store } from '../../db/database.ts';
import { findGoalTargetRow } from '../../db/goal-targets-repo.ts';
import { findGoalRow, sharesOf } from '../../db/goals-repo.ts';
import { loadReps } from '../../db/kpi-facts.ts';
import type { OrgRecord } from '../../db/org-repo.ts';
import type { Database } from '../../db/schema.ts';
import {
  deleteTaskRow,
  factExists,
  findTaskRow,
  insertTaskRows,
  listTaskRows,
  type TaskRow,
  type TaskValues,
  taskStatsByAssignee,
  updateTaskRow,
} from '../../db/tasks-repo.ts';
import { policyGoal } from './goal-access.ts';
import { type ClockOptions, dayText, isoInstant, nowOf, todayOf } from './goal-clock.ts';

/**
 * A light task list for sales work. A task may be assigned to a rep and linked to a deal, an
 * account and a goal target; a tasks target's progress is its completed share of linked tasks.
 */

const policyTask = (row: TaskRow): PolicyTask => ({
  assigneeRepId: row.assignee_rep_id,
  createdBy: row.created_by,
});

/** A task as shown; `canEdit` is the caller's (true without one: the command line). */
export function toTask(row: TaskRow, today: string, canEdit = true): Task {
  return {
    id: row.id,
    title: row.title,
    type: row.type,
    assignee_rep_id: row.assignee_rep_id,
    assignee_name: row.assignee_name,
    due_date: row.due_date,
    status: row.status,
    completed_at: row.completed_at === null ? null : isoInstant(row.completed_at),
    deal_id: row.deal_id,
    deal_name: row.deal_name,
    account_id: row.account_id,
    account_name: row.account_name,
    target_id: row.target_id,
    goal_id: row.goal_id,
    overdue: row.status === 'open' && row.due_date !== null && row.due_date < today,
    created_at: isoInstant(row.created_at),
    updated_at: isoInstant(row.updated_at),
    createdBy: row.created_by,
    canEdit,
  };
}

async function goalSeenBy(
  db: Kysely<Database>,
  org: OrgRecord,
  goalId: number,
  as: Principal,
): Promise<boolean> {
  const [goal, shares, reps] = await Promise.all([
    findGoalRow(db, org.id, goalId),
    sharesOf(db, org.id, [goalId]),
    loadReps(db, org.id),
  ]);
  return goal !== undefined && canSeeGoal(as, policyGoal(goal), shares.get(goalId) ?? [], reps);
}

/** A task `as` sees, or 404 (an unseen task is not revealed); without `as`, any task. */
async function visibleTask(
  store: Store,
  org: OrgRecord,
  id: number,
  as: Principal | undefined,
): Promise<{ row: TaskRow; reps: RepInfo[] }> {
  const [row, reps] = await Promise.all([findTaskRow(store.db, org.id, id), loadReps(store.db, org.id)]);
  if (!row || (as && !canSeeTask(as, policyTask(row), reps))) throw notFound('task', id, 'id');
  return { row, reps };
}

/** A task `as` may change: 404 when unseen, 403 when only seen. */
async function editableTask(
  store: Store,
  org: OrgRecord,
  id: number,
  as: Principal | undefined,
): Promise<{ row: TaskRow; reps: RepInfo[] }> {
  const found = await visibleTask(store, org, id, as);
  if (as && !canEditTask(as, policyTask(found.row), found.reps)) {
    throw forbidden(`a ${as.role} may not change tasks`);
  }
  return found;
}

/** Refuses giving a task to a rep `as` may not make tasks for. */
function checkAssignee(as: Principal | undefined, assignee: string | null, reps: readonly RepInfo[]): void {
  if (!as || canAssignTask(as, assignee, reps)) return;
  throw forbidden(
    as.role === 'rep'
      ? 'a rep makes tasks for themselves only'
      : as.role === 'manager'
        ? `rep ${assignee} is not in a team you manage`
        : `a ${as.role} may not make tasks`,
    { field: 'assignee_rep_id' },
  );
}

type Links = Pick<TaskValues, 'assignee_rep_id' | 'deal_id' | 'account_id' | 'target_id'>;

/** Every link must point at something that exists; the 400 names the link. */
async function checkLinks(
  db: Kysely<Database>,
  org: OrgRecord,
  links: Partial<Links>,
  as?: Principal,
): Promise<void> {
  if (links.assignee_rep_id != null) {
    const reps = await loadReps(db, org.id);
    if (!reps.some((rep) => rep.id === links.assignee_rep_id)) {
      throw invalid('assignee_rep_id', `unknown rep "${links.assignee_rep_id}"`, {
        rule: 'unknown_rep',
        rep: links.assignee_rep_id,
      });
    }
  }
  // A name typed where the id belongs is the usual mistake: say where the id can be found.
  if (links.deal_id != null && !(await factExists(db, org.id, 'deals', links.deal_id))) {
    throw invalid(
      'deal_id',
      `deal "${links.deal_id}" does not exist (deal_id takes a deal's id; GET /api/v1/deals?search= finds it by name)`,
      { rule: 'unknown_deal', id: links.deal_id },
    );
  }
  if (links.account_id != null && !(await factExists(db, org.id, 'accounts', links.account_id))) {
    throw invalid(
      'account_id',
      `account "${links.account_id}" does not exist (account_id takes an account's id; GET /api/v1/accounts?search= finds it by name)`,
      { rule: 'unknown_account', id: links.account_id },
    );
  }
  const target = links.target_id == null ? undefined : await findGoalTargetRow(db, org.id, links.target_id);
  // A target of a goal the caller may not see is, to them, a target that does not exist.
  const unseen = target !== undefined && as !== undefined && !(await goalSeenBy(db, org, target.goal_id, as));
  if (links.target_id != null && (target === undefined || unseen)) {
    throw invalid('target_id', `goal target ${links.target_id} does not exist`, {
      rule: 'unknown_target',
      id: links.target_id,
    });
  }
}

export async function listTasks(
  store: Store,
  org: OrgRecord,
  query: Partial<Omit<TasksQuery, 'today'>> = {},
  options: ClockOptions = {},
): Promise<TaskList> {
  const today = dayText(todayOf(org, options));
  const as = options.as;
  const reps = as ? await loadReps(store.db, org.id) : [];
  const audience = as ? (taskAudience(as, reps) ?? undefined) : undefined;
  const { tasks, total } = await listTaskRows(store.db, org.id, {
    audience,
    assigneeRepId: query.assignee_rep_id,
    status: query.status,
    targetId: query.target_id,
    goalId: query.goal_id,
    dealId: query.deal_id,
    accountId: query.account_id,
    dueFrom: query.due_from,
    dueTo: query.due_to,
    overdue: query.overdue === undefined ? undefined : { today, value: query.overdue },
    limit: query.limit ?? 500,
    offset: query.offset ?? 0,
  });
  return {
    today,
    total,
    tasks: tasks.map((row) => toTask(row, today, !as || canEditTask(as, policyTask(row), reps))),
  };
}

export async function taskOf(
  store: Store,
  org: OrgRecord,
  id: number,
  options: ClockOptions = {},
): Promise<Task> {
  const { row, reps } = await visibleTask(store, org, id, options.as);
  const as = options.as;
  return toTask(row, dayText(todayOf(org, options)), !as || canEditTask(as, policyTask(row), reps));
}

export async function createTask(
  store: Store,
  org: OrgRecord,
  input: TaskCreate,
  options: ClockOptions = {},
): Promise<Task> {
  const as = options.as;
  if (as) checkAssignee(as, input.assignee_rep_id ?? null, await loadReps(store.db, org.id));
  const values: TaskValues = {
    title: input.title,
    type: input.type,
    assignee_rep_id: input.assignee_rep_id ?? null,
    due_date: input.due_date ?? null,
    status: input.status,
    completed_at: input.status === 'done' ? nowOf(options) : null,
    deal_id: input.deal_id ?? null,
    account_id: input.account_id ?? null,
    target_id: input.target_id ?? null,
    created_by: as?.userId ?? null,
  };
  await checkLinks(store.db, org, values, as);
  const [id] = await insertTaskRows(store.db, org.id, [values], nowOf(options));
  return taskOf(store, org, id!, options);
}

/** Changes a task; open → done records when it was completed, done → open forgets it. */
export async function updateTask(
  store: Store,
  org: OrgRecord,
  id: number,
  input: TaskUpdate,
  options: ClockOptions = {},
): Promise<Task> {
  const { row: stored, reps } = await editableTask(store, org, id, options.as);
  if (input.assignee_rep_id !== undefined && input.assignee_rep_id !== stored.assignee_rep_id) {
    checkAssignee(options.as, input.assignee_rep_id, reps);
  }
  await checkLinks(store.db, org, input, options.as);
  const changes: Partial<TaskValues> = {};
  for (const key of [
    'title',
    'type',
    'assignee_rep_id',
    'due_date',
    'deal_id',
    'account_id',
    'target_id',
  ] as const) {
    if (input[key] !== undefined) (changes as Record<string, unknown>)[key] = input[key];
  }
  if (input.status !== undefined && input.status !== stored.status) {
    changes.status = input.status;
    changes.completed_at = input.status === 'done' ? nowOf(options) : null;
  }
  await updateTaskRow(store.db, org.id, id, changes, nowOf(options));
  return taskOf(store, org, id, options);
}

export async function deleteTask(
  store: Store,
  org: OrgRecord,
  id: number,
  options: ClockOptions = {},
): Promise<Task> {
  const { row } = await editableTask(store, org, id, options.as);
  if (!(await deleteTaskRow(store.db, org.id, id))) throw notFound('task', id, 'id');
  return toTask(row, dayText(todayOf(org, options)));
}

/**
 * For the team performance table: per rep, tasks completed in the period (completed_at inside it,
 * in the organisation's zone) and open tasks overdue today. Every rep is listed, with zeros.
 */
export async function taskStats(
  store: Store,
  org: OrgRecord,
  period: DayRange,
  options: ClockOptions = {},
): Promise<TaskStats> {
  const today = dayText(todayOf(org, options));
  const [reps, stats] = await Promise.all([
    loadReps(store.db, org.id),
    taskStatsByAssignee(store.db, org.id, rangeInstants(period, org.timezone), today),
  ]);
  const out: TaskStats = {};
  for (const rep of reps) out[rep.id] = stats.get(rep.id) ?? { completed: 0, overdue: 0, open: 0 };
  return out;
}
