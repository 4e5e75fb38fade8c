import type { Kysely, Selectable } from 'kysely';
import type { Database, TaskStatus, TasksTable } from './schema.ts';

export type { TaskStatus };

export type TaskRow = Omit<Selectable<TasksTable>, 'org_id'> & {
  /** The goal of the linked target. */
  goal_id: number | null;
  /** Names of the linked rep, deal and account (null when unlinked, unnamed or gone). */
  assignee_name: string | null;
  deal_name: string | null;
  account_name: string | null;
};

export type TaskValues = Omit<
  TaskRow,
  | 'id'
  | 'created_at'
  | 'updated_at'
  | 'goal_id'
  | 'assignee_name'
  | 'deal_name'
  | 'account_name'
  | 'created_by'
> & {
  /** The user id of the member making it (null: the CLI or a file). */
  created_by?: string | null;
};

const num = (value: unknown): number => Number(value);
const toTask = (row: TaskRow): TaskRow => ({
  ...row,
  completed_at: row.completed_at === null ? null : num(row.completed_at),
  created_at: num(row.created_at),
  updated_at: num(row.updated_at),
  goal_id: row.goal_id === null ? null : num(row.goal_id),
  assignee_name: row.assignee_name ?? null,
  deal_name: row.deal_name ?? null,
  account_name: row.account_name ?? null,
});

function taskQuery(db: Kysely<Database>, orgId: number) {
  return (
    db
      .selectFrom('tasks as k')
      .leftJoin('goal_targets as t', (join) =>
        join.onRef('t.id', '=', 'k.target_id').onRef('t.org_id', '=', 'k.org_id'),
      )
      // Primary-key joins: one row each at most, so names come along at the cost of three lookups.
      .leftJoin('reps as r', (join) =>
        join.onRef('r.org_id', '=', 'k.org_id').onRef('r.id', '=', 'k.assignee_rep_id'),
      )
      .leftJoin('deals as d', (join) =>
        join.onRef('d.org_id', '=', 'k.org_id').onRef('d.id', '=', 'k.deal_id'),
      )
      .leftJoin('accounts as a', (join) =>
        join.onRef('a.org_id', '=', 'k.org_id').onRef('a.id', '=', 'k.account_id'),
      )
      .select([
        'k.id',
        'k.title',
        'k.type',
        'k.assignee_rep_id',
        'k.due_date',
        'k.status',
        'k.completed_at',
        'k.deal_id',
        'k.account_id',
        'k.target_id',
        'k.created_at',
        'k.updated_at',
        'k.created_by',
        't.goal_id',
        'r.name as assignee_name',
        'd.name as deal_name',
        'a.name as account_name',
      ])
      .where('k.org_id', '=', orgId)
  );
}

export interface TaskFilter {
  assigneeRepId?: string | undefined;
  status?: TaskStatus | undefined;
  targetId?: number | undefined;
  goalId?: number | undefined;
  dealId?: string | undefined;
  accountId?: string | undefined;
  dueFrom?: string | undefined;
  dueTo?: string | undefined;
  /** Open tasks due before this day (true) or the others (false). */
  overdue?: { today: string; value: boolean } | undefined;
  /** Only tasks assigned to one of these reps or made by this user (record-policy taskAudience). */
  audience?: { assigneeRepIds: readonly string[]; createdBy: string | null } | undefined;
  limit?: number;
  offset?: number;
}

export async function listTaskRows(
  db: Kysely<Database>,
  orgId: number,
  filter: TaskFilter = {},
): Promise<{ tasks: TaskRow[]; total: number }> {
  let query = taskQuery(db, orgId);
  if (filter.assigneeRepId !== undefined) query = query.where('k.assignee_rep_id', '=', filter.assigneeRepId);
  if (filter.status !== undefined) query = query.where('k.status', '=', filter.status);
  if (filter.targetId !== undefined) query = query.where('k.target_id', '=', filter.targetId);
  if (filter.goalId !== undefined) query = query.where('t.goal_id', '=', filter.goalId);
  if (filter.dealId !== undefined) query = query.where('k.deal_id', '=', filter.dealId);
  if (filter.accountId !== undefined) query = query.where('k.account_id', '=', filter.accountId);
  if (filter.dueFrom !== undefined) query = query.where('k.due_date', '>=', filter.dueFrom);
  if (filter.dueTo !== undefined) query = query.where('k.due_date', '<=', filter.dueTo);
  const audience = filter.audience;
  if (audience !== undefined) {
    query = query.where((eb) => {
      const either = [];
      if (audience.assigneeRepIds.length > 0) {
        either.push(eb('k.assignee_rep_id', 'in', audience.assigneeRepIds as string[]));
      }
      if (audience.createdBy !== null) either.push(eb('k.created_by', '=', audience.createdBy));
      return either.length > 0 ? eb.or(either) : eb.val(false);
    });
  }
  const overdue = filter.overdue;
  if (overdue !== undefined) {
    query = overdue.value
      ? query.where('k.status', '=', 'open').where('k.due_date', '<', overdue.today)
      : query.where((eb) =>
          eb.or([
            eb('k.status', '=', 'done'),
            eb('k.due_date', 'is', null),
            eb('k.due_date', '>=', overdue.today),
          ]),
        );
  }
  const counted = await query
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  // Open first, then by due date (undated last), so a to-do list reads top down.
  const rows = await query
    .orderBy('k.status', 'desc')
    .orderBy((eb) => eb.case().when('k.due_date', 'is', null).then(1).else(0).end())
    .orderBy('k.due_date')
    .orderBy('k.id')
    .limit(filter.limit ?? 500)
    .offset(filter.offset ?? 0)
    .execute();
  return { tasks: rows.map(toTask), total: num(counted?.n ?? 0) };
}

export async function findTaskRow(
  db: Kysely<Database>,
  orgId: number,
  id: number,
): Promise<TaskRow | undefined> {
  const row = await taskQuery(db, orgId).where('k.id', '=', id).executeTakeFirst();
  return row ? toTask(row) : undefined;
}

export async function insertTaskRows(
  db: Kysely<Database>,
  orgId: number,
  values: readonly TaskValues[],
  now: number,
): Promise<number[]> {
  const ids: number[] = [];
  // Slices keep each statement under the bound-parameter limits (12 columns a row).
  for (let i = 0; i < values.length; i += 500) {
    const rows = await db
      .insertInto('tasks')
      .values(
        values.slice(i, i + 500).map((v) => ({ org_id: orgId, ...v, created_at: now, updated_at: now })),
      )
      .returning('id')
      .execute();
    ids.push(...rows.map((row) => row.id));
  }
  return ids;
}

export async function updateTaskRow(
  db: Kysely<Database>,
  orgId: number,
  id: number,
  changes: Partial<TaskValues>,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('tasks')
    .set({ ...changes, updated_at: now })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return num(result.numUpdatedRows) > 0;
}

export async function deleteTaskRow(db: Kysely<Database>, orgId: number, id: number): Promise<boolean> {
  const result = await db
    .deleteFrom('tasks')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return num(result.numDeletedRows) > 0;
}

export async function deleteTaskRows(
  db: Kysely<Database>,
  orgId: number,
  ids: readonly number[],
): Promise<void> {
  const g = db;
  for (let i = 0; i < ids.length; i += 500) {
    await g
      .deleteFrom('tasks')
      .where('org_id', '=', orgId)
      .where('id', 'in', ids.slice(i, i + 500) as number[])
      .execute();
  }
}

/** Completed and linked tasks per target: the progress of a tasks target. */
export async function taskCountsByTarget(
  db: Kysely<Database>,
  orgId: number,
): Promise<Map<number, { done: number; total: number }>> {
  const rows = await db
    .selectFrom('tasks')
    .select((eb) => [
      'target_id',
      eb.fn.countAll<number>().as('total'),
      eb.fn.sum<number>(eb.case().when('status', '=', 'done').then(1).else(0).end()).as('done'),
    ])
    .where('org_id', '=', orgId)
    .where('target_id', 'is not', null)
    .groupBy('target_id')
    .execute();
  return new Map(
    rows.map((row) => [num(row.target_id), { done: num(row.done ?? 0), total: num(row.total) }]),
  );
}

/** Per assignee: tasks completed in [start, end), open tasks due before `today`, and open tasks. */
export async function taskStatsByAssignee(
  db: Kysely<Database>,
  orgId: number,
  range: { start: number; end: number },
  today: string,
): Promise<Map<string, { completed: number; overdue: number; open: number }>> {
  const rows = await db
    .selectFrom('tasks')
    .select((eb) => [
      'assignee_rep_id',
      eb.fn
        .sum<number>(
          eb
            .case()
            .when(
              eb.and([
                eb('status', '=', 'done'),
                eb('completed_at', '>=', range.start),
                eb('completed_at', '<', range.end),
              ]),
            )
            .then(1)
            .else(0)
            .end(),
        )
        .as('completed'),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when(eb.and([eb('status', '=', 'open'), eb('due_date', '<', today)]))
            .then(1)
            .else(0)
            .end(),
        )
        .as('overdue'),
      eb.fn.sum<number>(eb.case().when('status', '=', 'open').then(1).else(0).end()).as('open'),
    ])
    .where('org_id', '=', orgId)
    .where('assignee_rep_id', 'is not', null)
    .groupBy('assignee_rep_id')
    .execute();
  return new Map(
    rows.map((row) => [
      String(row.assignee_rep_id),
      { completed: num(row.completed ?? 0), overdue: num(row.overdue ?? 0), open: num(row.open ?? 0) },
    ]),
  );
}

/** Whether a deal / account with this id exists (tasks may link to them). */
export async function factExists(
  db: Kysely<Database>,
  orgId: number,
  table: 'deals' | 'accounts',
  id: string,
): Promise<boolean> {
  const row = await db
    .selectFrom(table)
    .select('id')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row !== undefined;
}
