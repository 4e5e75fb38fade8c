import type { Kysely, Selectable } from 'kysely';
import { ID_CHUNK, inChunks } from './in-chunks.ts';
import type { Database, GoalTargetsTable } from './schema.ts';

/** A goal's targets (`goal_targets`); the sales quotas of targets.csv are quotas-repo.ts's. */

export type GoalTargetRow = Omit<Selectable<GoalTargetsTable>, 'org_id'>;

const GOAL_TARGET_COLUMNS = [
  'id',
  'goal_id',
  'name',
  'kind',
  'position',
  'weight',
  'start_value',
  'target_value',
  'current_value',
  'done',
  'metric',
  'scope',
  'direction',
  'period_start',
  'period_end',
  'is_quota',
  'created_at',
  'updated_at',
] as const;

const toGoalTarget = (row: GoalTargetRow): GoalTargetRow => ({
  ...row,
  done: Number(row.done),
  is_quota: Number(row.is_quota),
  created_at: Number(row.created_at),
  updated_at: Number(row.updated_at),
});

/** The targets of some goals (all goals of the organisation when `goalIds` is undefined), in goal and position order. */
export async function goalTargetRowsOf(
  db: Kysely<Database>,
  orgId: number,
  goalIds?: readonly number[],
): Promise<GoalTargetRow[]> {
  const base = db.selectFrom('goal_targets').select(GOAL_TARGET_COLUMNS).where('org_id', '=', orgId);
  const rows =
    goalIds === undefined
      ? await base.execute()
      : await inChunks(goalIds as number[], (slice) => base.where('goal_id', 'in', slice).execute());
  return rows
    .map(toGoalTarget)
    .sort((a, b) => a.goal_id - b.goal_id || a.position - b.position || a.id - b.id);
}

export async function findGoalTargetRow(
  db: Kysely<Database>,
  orgId: number,
  id: number,
): Promise<GoalTargetRow | undefined> {
  const row = await db
    .selectFrom('goal_targets')
    .select(GOAL_TARGET_COLUMNS)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toGoalTarget(row) : undefined;
}

export type GoalTargetValues = Omit<GoalTargetRow, 'id' | 'created_at' | 'updated_at'>;

export async function nextGoalTargetPosition(
  db: Kysely<Database>,
  orgId: number,
  goalId: number,
): Promise<number> {
  const row = await db
    .selectFrom('goal_targets')
    .select((eb) => eb.fn.max('position').as('p'))
    .where('org_id', '=', orgId)
    .where('goal_id', '=', goalId)
    .executeTakeFirst();
  return row?.p === null || row?.p === undefined ? 0 : Number(row.p) + 1;
}

export async function insertGoalTargetRows(
  db: Kysely<Database>,
  orgId: number,
  values: readonly GoalTargetValues[],
  now: number,
): Promise<GoalTargetRow[]> {
  if (values.length === 0) return [];
  const out: GoalTargetRow[] = [];
  // Slices keep each statement under the bound-parameter limits (18 columns a row).
  for (let i = 0; i < values.length; i += 200) {
    const rows = await db
      .insertInto('goal_targets')
      .values(
        values.slice(i, i + 200).map((v) => ({ org_id: orgId, ...v, created_at: now, updated_at: now })),
      )
      .returning(GOAL_TARGET_COLUMNS)
      .execute();
    out.push(...rows.map(toGoalTarget));
  }
  return out;
}

export async function updateGoalTargetRow(
  db: Kysely<Database>,
  orgId: number,
  id: number,
  changes: Partial<GoalTargetValues>,
  now: number,
): Promise<GoalTargetRow | undefined> {
  const row = await db
    .updateTable('goal_targets')
    .set({ ...changes, updated_at: now })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .returning(GOAL_TARGET_COLUMNS)
    .executeTakeFirst();
  return row ? toGoalTarget(row) : undefined;
}

/** Deletes targets with their value history; tasks linked to them stay, unlinked. */
export async function deleteGoalTargetRows(
  db: Kysely<Database>,
  orgId: number,
  ids: readonly number[],
): Promise<void> {
  for (let i = 0; i < ids.length; i += ID_CHUNK) {
    const slice = ids.slice(i, i + ID_CHUNK) as number[];
    await db
      .deleteFrom('target_updates')
      .where('org_id', '=', orgId)
      .where('target_id', 'in', slice)
      .execute();
    await db
      .updateTable('tasks')
      .set({ target_id: null })
      .where('org_id', '=', orgId)
      .where('target_id', 'in', slice)
      .execute();
    await db.deleteFrom('goal_targets').where('org_id', '=', orgId).where('id', 'in', slice).execute();
  }
}
