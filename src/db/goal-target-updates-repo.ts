import type { Kysely, Selectable } from 'kysely';
import { inChunks } from './in-chunks.ts';
import type { Database, TargetUpdatesTable } from './schema.ts';

/** The history of values typed by hand into a goal target (`target_updates`). */

export type GoalTargetUpdateRow = Omit<Selectable<TargetUpdatesTable>, 'org_id'>;

const UPDATE_COLUMNS = ['id', 'target_id', 'value', 'note', 'updated_by', 'at'] as const;
const toUpdate = (row: GoalTargetUpdateRow): GoalTargetUpdateRow => ({ ...row, at: Number(row.at) });

export async function insertGoalTargetUpdate(
  db: Kysely<Database>,
  orgId: number,
  input: { target_id: number; value: number; note: string | null; updated_by: string; at: number },
): Promise<GoalTargetUpdateRow> {
  const row = await db
    .insertInto('target_updates')
    .values({ org_id: orgId, ...input })
    .returning(UPDATE_COLUMNS)
    .executeTakeFirstOrThrow();
  return toUpdate(row);
}

/** A target's updates, newest first. */
export async function listGoalTargetUpdates(
  db: Kysely<Database>,
  orgId: number,
  targetId: number,
): Promise<GoalTargetUpdateRow[]> {
  const rows = await db
    .selectFrom('target_updates')
    .select(UPDATE_COLUMNS)
    .where('org_id', '=', orgId)
    .where('target_id', '=', targetId)
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toUpdate);
}

/** The latest update of each target that has one. */
export async function lastUpdatesOf(
  db: Kysely<Database>,
  orgId: number,
  targetIds: readonly number[],
): Promise<Map<number, GoalTargetUpdateRow>> {
  const latest = await inChunks(targetIds as number[], (slice) =>
    db
      .selectFrom('target_updates')
      .select((eb) => eb.fn.max('id').as('id'))
      .where('org_id', '=', orgId)
      .where('target_id', 'in', slice)
      .groupBy('target_id')
      .execute(),
  );
  const ids = latest.map((row) => Number(row.id));
  const rows = await inChunks(ids, (slice) =>
    db
      .selectFrom('target_updates')
      .select(UPDATE_COLUMNS)
      .where('org_id', '=', orgId)
      .where('id', 'in', slice)
      .execute(),
  );
  return new Map(rows.map((row) => [row.target_id, toUpdate(row)]));
}
