import type { Kysely, Selectable } from 'kysely';
import { deleteGoalTargetRows } from './goal-targets-repo.ts';
import { ID_CHUNK, inChunks } from './in-chunks.ts';
import type { Database, GoalKind, GoalsTable } from './schema.ts';

/** Goals and whom they are shared with (their targets: goal-targets-repo.ts). */

export type { GoalKind };

export type GoalRow = Omit<Selectable<GoalsTable>, 'org_id'>;

const GOAL_COLUMNS = [
  'id',
  'folder_id',
  'name',
  'description',
  'owner_rep_id',
  'start_date',
  'due_date',
  'kind',
  'created_at',
  'updated_at',
  'version',
  'created_by',
  'is_private',
] as const;

const toGoal = (row: GoalRow): GoalRow => ({
  ...row,
  created_at: Number(row.created_at),
  updated_at: Number(row.updated_at),
});

export interface GoalFilter {
  folderId?: number | 'none' | undefined;
  kind?: GoalKind | undefined;
  ids?: readonly number[] | undefined;
}

export async function listGoalRows(
  db: Kysely<Database>,
  orgId: number,
  filter: GoalFilter = {},
): Promise<GoalRow[]> {
  let query = db.selectFrom('goals').select(GOAL_COLUMNS).where('org_id', '=', orgId);
  if (filter.folderId === 'none') query = query.where('folder_id', 'is', null);
  else if (filter.folderId !== undefined) query = query.where('folder_id', '=', filter.folderId);
  if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
  if (filter.ids !== undefined) {
    const ids = filter.ids;
    if (ids.length === 0) return [];
    const rows = await inChunks(ids as number[], (slice) => query.where('id', 'in', slice).execute());
    return rows.map(toGoal).sort((a, b) => a.id - b.id);
  }
  const rows = await query.orderBy('id').execute();
  return rows.map(toGoal);
}

export async function findGoalRow(
  db: Kysely<Database>,
  orgId: number,
  id: number,
): Promise<GoalRow | undefined> {
  const row = await db
    .selectFrom('goals')
    .select(GOAL_COLUMNS)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toGoal(row) : undefined;
}

export interface GoalValues {
  folder_id: number | null;
  name: string;
  description: string | null;
  owner_rep_id: string | null;
  start_date: string;
  due_date: string;
  kind: GoalKind;
  /** The user id of the member making it (null: the CLI or a file). */
  created_by?: string | null;
  is_private?: number;
}

export async function insertGoal(
  db: Kysely<Database>,
  orgId: number,
  values: GoalValues,
  now: number,
): Promise<GoalRow> {
  const row = await db
    .insertInto('goals')
    .values({
      org_id: orgId,
      ...values,
      created_by: values.created_by ?? null,
      is_private: values.is_private ?? 0,
      created_at: now,
      updated_at: now,
      version: 1,
    })
    .returning(GOAL_COLUMNS)
    .executeTakeFirstOrThrow();
  return toGoal(row);
}

export type GoalUpdateOutcome =
  | { status: 'updated'; goal: GoalRow }
  | { status: 'conflict'; current: GoalRow }
  | { status: 'missing' };

/** Writes only when the stored version is `expectedVersion`, so a stale save never overwrites a newer one. */
export async function updateGoalRow(
  db: Kysely<Database>,
  orgId: number,
  id: number,
  changes: Partial<Omit<GoalValues, 'kind'>>,
  expectedVersion: number,
  now: number,
): Promise<GoalUpdateOutcome> {
  const row = await db
    .updateTable('goals')
    .set((eb) => ({ ...changes, version: eb('version', '+', 1), updated_at: now }))
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returning(GOAL_COLUMNS)
    .executeTakeFirst();
  if (row) return { status: 'updated', goal: toGoal(row) };
  const current = await findGoalRow(db, orgId, id);
  return current ? { status: 'conflict', current } : { status: 'missing' };
}

/** Marks a goal as changed (its targets were edited): no version bump, which guards the goal's own fields. */
export async function touchGoal(db: Kysely<Database>, orgId: number, id: number, now: number): Promise<void> {
  await db
    .updateTable('goals')
    .set({ updated_at: now })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

/** Deletes goals with their shares, targets and value history; tasks linked to their targets stay, unlinked. */
export async function deleteGoalRows(
  db: Kysely<Database>,
  orgId: number,
  ids: readonly number[],
): Promise<number> {
  if (ids.length === 0) return 0;
  const targets = await inChunks(ids as number[], (slice) =>
    db
      .selectFrom('goal_targets')
      .select('id')
      .where('org_id', '=', orgId)
      .where('goal_id', 'in', slice)
      .execute(),
  );
  await deleteGoalTargetRows(
    db,
    orgId,
    targets.map((t) => t.id),
  );
  let deleted = 0;
  for (let i = 0; i < ids.length; i += ID_CHUNK) {
    const slice = ids.slice(i, i + ID_CHUNK) as number[];
    await db.deleteFrom('goal_shares').where('org_id', '=', orgId).where('goal_id', 'in', slice).execute();
    const result = await db
      .deleteFrom('goals')
      .where('org_id', '=', orgId)
      .where('id', 'in', slice)
      .executeTakeFirst();
    deleted += Number(result.numDeletedRows);
  }
  return deleted;
}

export async function sharesOf(
  db: Kysely<Database>,
  orgId: number,
  goalIds?: readonly number[],
): Promise<Map<number, string[]>> {
  const base = db.selectFrom('goal_shares').select(['goal_id', 'scope']).where('org_id', '=', orgId);
  const rows =
    goalIds === undefined
      ? await base.execute()
      : await inChunks(goalIds as number[], (slice) => base.where('goal_id', 'in', slice).execute());
  const out = new Map<number, string[]>();
  for (const row of rows) {
    const list = out.get(row.goal_id);
    if (list) list.push(row.scope);
    else out.set(row.goal_id, [row.scope]);
  }
  for (const list of out.values()) list.sort();
  return out;
}

export async function replaceShares(
  db: Kysely<Database>,
  orgId: number,
  goalId: number,
  scopes: readonly string[],
): Promise<void> {
  await db.deleteFrom('goal_shares').where('org_id', '=', orgId).where('goal_id', '=', goalId).execute();
  const unique = [...new Set(scopes)];
  if (unique.length > 0) {
    await db
      .insertInto('goal_shares')
      .values(unique.map((scope) => ({ org_id: orgId, goal_id: goalId, scope })))
      .execute();
  }
}
