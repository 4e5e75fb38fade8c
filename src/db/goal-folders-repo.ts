import type { Kysely, Selectable } from 'kysely';
import type { Database, GoalFoldersTable } from './schema.ts';

/** Folders that goals are filed in. */

export type FolderRow = Omit<Selectable<GoalFoldersTable>, 'org_id'>;

const FOLDER_COLUMNS = ['id', 'name', 'position', 'created_at'] as const;

export async function listFolders(
  db: Kysely<Database>,
  orgId: number,
): Promise<(FolderRow & { goal_count: number })[]> {
  const [folders, counts] = await Promise.all([
    db
      .selectFrom('goal_folders')
      .select(FOLDER_COLUMNS)
      .where('org_id', '=', orgId)
      .orderBy('position')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('goals')
      .select((eb) => ['folder_id', eb.fn.countAll<number>().as('n')])
      .where('org_id', '=', orgId)
      .where('folder_id', 'is not', null)
      .groupBy('folder_id')
      .execute(),
  ]);
  const byFolder = new Map(counts.map((row) => [row.folder_id, Number(row.n)]));
  return folders.map((f) => ({
    ...f,
    created_at: Number(f.created_at),
    goal_count: byFolder.get(f.id) ?? 0,
  }));
}

export async function findFolder(
  db: Kysely<Database>,
  orgId: number,
  id: number,
): Promise<FolderRow | undefined> {
  const row = await db
    .selectFrom('goal_folders')
    .select(FOLDER_COLUMNS)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? { ...row, created_at: Number(row.created_at) } : undefined;
}

export async function findFolderByName(
  db: Kysely<Database>,
  orgId: number,
  name: string,
): Promise<FolderRow | undefined> {
  const row = await db
    .selectFrom('goal_folders')
    .select(FOLDER_COLUMNS)
    .where('org_id', '=', orgId)
    .where('name', '=', name)
    .orderBy('id')
    .executeTakeFirst();
  return row ? { ...row, created_at: Number(row.created_at) } : undefined;
}

export async function insertFolder(
  db: Kysely<Database>,
  orgId: number,
  input: { name: string; position?: number | undefined },
  now: number,
): Promise<FolderRow> {
  let position = input.position;
  if (position === undefined) {
    const last = await db
      .selectFrom('goal_folders')
      .select((eb) => eb.fn.max('position').as('p'))
      .where('org_id', '=', orgId)
      .executeTakeFirst();
    position = last?.p === null || last?.p === undefined ? 0 : Number(last.p) + 1;
  }
  const row = await db
    .insertInto('goal_folders')
    .values({ org_id: orgId, name: input.name, position, created_at: now })
    .returning(FOLDER_COLUMNS)
    .executeTakeFirstOrThrow();
  return { ...row, created_at: Number(row.created_at) };
}

export async function updateFolder(
  db: Kysely<Database>,
  orgId: number,
  id: number,
  changes: { name?: string | undefined; position?: number | undefined },
): Promise<FolderRow | undefined> {
  const set = {
    ...(changes.name !== undefined ? { name: changes.name } : {}),
    ...(changes.position !== undefined ? { position: changes.position } : {}),
  };
  if (Object.keys(set).length > 0) {
    await db.updateTable('goal_folders').set(set).where('org_id', '=', orgId).where('id', '=', id).execute();
  }
  return findFolder(db, orgId, id);
}

/** Deletes a folder; its goals stay, without a folder. */
export async function deleteFolder(db: Kysely<Database>, orgId: number, id: number): Promise<boolean> {
  await db
    .updateTable('goals')
    .set({ folder_id: null })
    .where('org_id', '=', orgId)
    .where('folder_id', '=', id)
    .execute();
  const result = await db
    .deleteFrom('goal_folders')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
