import type { Kysely, Selectable } from 'kysely';
import type {
  Database,
  GoalFoldersTable,
  GoalKind,
  GoalsTable,
  GoalTargetsTable,
  QuotaChangesTable,
  TargetUpdatesTable,
} from './schema.ts';

export type { GoalKind };

export type FolderRow = Omit<Selectable<GoalFoldersTable>, 'org_id'>;
export type GoalRow = Omit<Selectable<GoalsTable>, 'org_id'>;
export type TargetRowRecord = Omit<Selectable<GoalTargetsTable>, 'org_id'>;
export type TargetUpdateRow = Omit<Selectable<TargetUpdatesTable>, 'org_id'>;
export type QuotaChangeRow = Omit<Selectable<QuotaChangesTable>, 'org_id'>;

/** Long id lists are sent in slices, well under SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 500;
async function inChunks<T>(ids: readonly number[], query: (slice: number[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...(await query(ids.slice(i, i + CHUNK))));
  return out;
}

const num = (value: unknown): number => Number(value);

// ——— folders ———

const FOLDER_COLUMNS = ['id', 'name', 'position', 'created_at'] as const;

export async function listFolders(
  db: Kysely<Database>,
  orgId: number,
): Promise<(FolderRow & { goal_count: number })[]> {
  const g = db;
  const [folders, counts] = await Promise.all([
    g
      .selectFrom('goal_folders')
      .select(FOLDER_COLUMNS)
      .where('org_id', '=', orgId)
      .orderBy('position')
      .orderBy('id')
      .execute(),
    g
      .selectFrom('goals')
      .select((eb) => ['folder_id', eb.fn.countAll<number>().as('n')])
      .where('org_id', '=', orgId)
      .where('folder_id', 'is not', null)
      .groupBy('folder_id')
      .execute(),
  ]);
  const byFolder = new Map(counts.map((row) => [row.folder_id, num(row.n)]));
  return folders.map((f) => ({ ...f, created_at: num(f.created_at), goal_count: byFolder.get(f.id) ?? 0 }));
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
  return row ? { ...row, created_at: num(row.created_at) } : undefined;
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
  return row ? { ...row, created_at: num(row.created_at) } : undefined;
}

export async function insertFolder(
  db: Kysely<Database>,
  orgId: number,
  input: { name: string; position?: number | undefined },
  now: number,
): Promise<FolderRow> {
  const g = db;
  let position = input.position;
  if (position === undefined) {
    const last = await g
      .selectFrom('goal_folders')
      .select((eb) => eb.fn.max('position').as('p'))
      .where('org_id', '=', orgId)
      .executeTakeFirst();
    position = last?.p === null || last?.p === undefined ? 0 : num(last.p) + 1;
  }
  const row = await g
    .insertInto('goal_folders')
    .values({ org_id: orgId, name: input.name, position, created_at: now })
    .returning(FOLDER_COLUMNS)
    .executeTakeFirstOrThrow();
  return { ...row, created_at: num(row.created_at) };
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
  const g = db;
  await g
    .updateTable('goals')
    .set({ folder_id: null })
    .where('org_id', '=', orgId)
    .where('folder_id', '=', id)
    .execute();
  const result = await g
    .deleteFrom('goal_folders')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return num(result.numDeletedRows) > 0;
}

// ——— goals ———

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
] as const;

const toGoal = (row: GoalRow): GoalRow => ({
  ...row,
  created_at: num(row.created_at),
  updated_at: num(row.updated_at),
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
}

export async function insertGoal(
  db: Kysely<Database>,
  orgId: number,
  values: GoalValues,
  now: number,
): Promise<GoalRow> {
  const row = await db
    .insertInto('goals')
    .values({ org_id: orgId, ...values, created_at: now, updated_at: now, version: 1 })
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
  const g = db;
  const targets = await inChunks(ids as number[], (slice) =>
    g
      .selectFrom('goal_targets')
      .select('id')
      .where('org_id', '=', orgId)
      .where('goal_id', 'in', slice)
      .execute(),
  );
  await deleteTargetRows(
    db,
    orgId,
    targets.map((t) => t.id),
  );
  let deleted = 0;
  for (let i = 0; i < ids.length; i += CHUNK) {
    const slice = ids.slice(i, i + CHUNK) as number[];
    await g.deleteFrom('goal_shares').where('org_id', '=', orgId).where('goal_id', 'in', slice).execute();
    const result = await g
      .deleteFrom('goals')
      .where('org_id', '=', orgId)
      .where('id', 'in', slice)
      .executeTakeFirst();
    deleted += num(result.numDeletedRows);
  }
  return deleted;
}

export async function sharesOf(
  db: Kysely<Database>,
  orgId: number,
  goalIds?: readonly number[],
): Promise<Map<number, string[]>> {
  const g = db;
  const base = g.selectFrom('goal_shares').select(['goal_id', 'scope']).where('org_id', '=', orgId);
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
  const g = db;
  await g.deleteFrom('goal_shares').where('org_id', '=', orgId).where('goal_id', '=', goalId).execute();
  const unique = [...new Set(scopes)];
  if (unique.length > 0) {
    await g
      .insertInto('goal_shares')
      .values(unique.map((scope) => ({ org_id: orgId, goal_id: goalId, scope })))
      .execute();
  }
}

// ——— targets ———

const TARGET_COLUMNS = [
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

const toTarget = (row: TargetRowRecord): TargetRowRecord => ({
  ...row,
  done: num(row.done),
  is_quota: num(row.is_quota),
  created_at: num(row.created_at),
  updated_at: num(row.updated_at),
});

/** The targets of some goals (all goals of the organisation when `goalIds` is undefined), in goal and position order. */
export async function targetRowsOf(
  db: Kysely<Database>,
  orgId: number,
  goalIds?: readonly number[],
): Promise<TargetRowRecord[]> {
  const base = db.selectFrom('goal_targets').select(TARGET_COLUMNS).where('org_id', '=', orgId);
  const rows =
    goalIds === undefined
      ? await base.execute()
      : await inChunks(goalIds as number[], (slice) => base.where('goal_id', 'in', slice).execute());
  return rows.map(toTarget).sort((a, b) => a.goal_id - b.goal_id || a.position - b.position || a.id - b.id);
}

export async function findTargetRow(
  db: Kysely<Database>,
  orgId: number,
  id: number,
): Promise<TargetRowRecord | undefined> {
  const row = await db
    .selectFrom('goal_targets')
    .select(TARGET_COLUMNS)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toTarget(row) : undefined;
}

export type TargetValues = Omit<TargetRowRecord, 'id' | 'created_at' | 'updated_at'>;

export async function nextTargetPosition(
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
  return row?.p === null || row?.p === undefined ? 0 : num(row.p) + 1;
}

export async function insertTargetRows(
  db: Kysely<Database>,
  orgId: number,
  values: readonly TargetValues[],
  now: number,
): Promise<TargetRowRecord[]> {
  if (values.length === 0) return [];
  const out: TargetRowRecord[] = [];
  // Slices keep each statement under the bound-parameter limits (18 columns a row).
  for (let i = 0; i < values.length; i += 200) {
    const rows = await db
      .insertInto('goal_targets')
      .values(
        values.slice(i, i + 200).map((v) => ({ org_id: orgId, ...v, created_at: now, updated_at: now })),
      )
      .returning(TARGET_COLUMNS)
      .execute();
    out.push(...rows.map(toTarget));
  }
  return out;
}

export async function updateTargetRow(
  db: Kysely<Database>,
  orgId: number,
  id: number,
  changes: Partial<TargetValues>,
  now: number,
): Promise<TargetRowRecord | undefined> {
  const row = await db
    .updateTable('goal_targets')
    .set({ ...changes, updated_at: now })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .returning(TARGET_COLUMNS)
    .executeTakeFirst();
  return row ? toTarget(row) : undefined;
}

/** Deletes targets with their value history; tasks linked to them stay, unlinked. */
export async function deleteTargetRows(
  db: Kysely<Database>,
  orgId: number,
  ids: readonly number[],
): Promise<void> {
  const g = db;
  for (let i = 0; i < ids.length; i += CHUNK) {
    const slice = ids.slice(i, i + CHUNK) as number[];
    await g
      .deleteFrom('target_updates')
      .where('org_id', '=', orgId)
      .where('target_id', 'in', slice)
      .execute();
    await g
      .updateTable('tasks')
      .set({ target_id: null })
      .where('org_id', '=', orgId)
      .where('target_id', 'in', slice)
      .execute();
    await g.deleteFrom('goal_targets').where('org_id', '=', orgId).where('id', 'in', slice).execute();
  }
}

// ——— value history ———

const UPDATE_COLUMNS = ['id', 'target_id', 'value', 'note', 'updated_by', 'at'] as const;
const toUpdate = (row: TargetUpdateRow): TargetUpdateRow => ({ ...row, at: num(row.at) });

export async function insertTargetUpdate(
  db: Kysely<Database>,
  orgId: number,
  input: { target_id: number; value: number; note: string | null; updated_by: string; at: number },
): Promise<TargetUpdateRow> {
  const row = await db
    .insertInto('target_updates')
    .values({ org_id: orgId, ...input })
    .returning(UPDATE_COLUMNS)
    .executeTakeFirstOrThrow();
  return toUpdate(row);
}

/** A target's updates, newest first. */
export async function listTargetUpdates(
  db: Kysely<Database>,
  orgId: number,
  targetId: number,
): Promise<TargetUpdateRow[]> {
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
): Promise<Map<number, TargetUpdateRow>> {
  const g = db;
  const latest = await inChunks(targetIds as number[], (slice) =>
    g
      .selectFrom('target_updates')
      .select((eb) => eb.fn.max('id').as('id'))
      .where('org_id', '=', orgId)
      .where('target_id', 'in', slice)
      .groupBy('target_id')
      .execute(),
  );
  const ids = latest.map((row) => num(row.id));
  const rows = await inChunks(ids, (slice) =>
    g
      .selectFrom('target_updates')
      .select(UPDATE_COLUMNS)
      .where('org_id', '=', orgId)
      .where('id', 'in', slice)
      .execute(),
  );
  return new Map(rows.map((row) => [row.target_id, toUpdate(row)]));
}

// ——— sales quotas (the `targets` table, KPI #1) ———

export interface QuotaKey {
  scope: string;
  metric: string;
  period_start: string;
  period_end: string;
}
export interface QuotaRow extends QuotaKey {
  value: number;
  import_id: number;
}

export const quotaKeyText = (k: QuotaKey): string =>
  `${k.scope}\u0000${k.metric}\u0000${k.period_start}\u0000${k.period_end}`;

export async function listQuotaRows(db: Kysely<Database>, orgId: number): Promise<QuotaRow[]> {
  const rows = await db
    .selectFrom('targets')
    .select(['scope', 'metric', 'period_start', 'period_end', 'value', 'import_id'])
    .where('org_id', '=', orgId)
    .execute();
  return rows.map((row) => ({ ...row, value: num(row.value), import_id: num(row.import_id) }));
}

export async function findQuotaRow(
  db: Kysely<Database>,
  orgId: number,
  key: QuotaKey,
): Promise<QuotaRow | undefined> {
  const row = await db
    .selectFrom('targets')
    .select(['scope', 'metric', 'period_start', 'period_end', 'value', 'import_id'])
    .where('org_id', '=', orgId)
    .where('scope', '=', key.scope)
    .where('metric', '=', key.metric)
    .where('period_start', '=', key.period_start)
    .where('period_end', '=', key.period_end)
    .executeTakeFirst();
  return row ? { ...row, value: num(row.value), import_id: num(row.import_id) } : undefined;
}

/**
 * Sets a quota's value. A row written by a goal has import_id 0 and source_line 0 (no import made
 * it); an imported row keeps its provenance and only takes the new value.
 */
export async function upsertQuotaRow(
  db: Kysely<Database>,
  orgId: number,
  key: QuotaKey,
  value: number,
): Promise<void> {
  await db
    .insertInto('targets')
    .values({ org_id: orgId, ...key, value, import_id: 0, source_line: 0 })
    .onConflict((oc) =>
      oc.columns(['org_id', 'scope', 'metric', 'period_start', 'period_end']).doUpdateSet({ value }),
    )
    .execute();
}

export async function deleteQuotaRow(db: Kysely<Database>, orgId: number, key: QuotaKey): Promise<void> {
  await db
    .deleteFrom('targets')
    .where('org_id', '=', orgId)
    .where('scope', '=', key.scope)
    .where('metric', '=', key.metric)
    .where('period_start', '=', key.period_start)
    .where('period_end', '=', key.period_end)
    .execute();
}

/** Hands an imported quota over to the goals that use it, so the quota goals stop mirroring it. */
export async function disownQuotaRow(db: Kysely<Database>, orgId: number, key: QuotaKey): Promise<void> {
  await db
    .updateTable('targets')
    .set({ import_id: 0, source_line: 0 })
    .where('org_id', '=', orgId)
    .where('scope', '=', key.scope)
    .where('metric', '=', key.metric)
    .where('period_start', '=', key.period_start)
    .where('period_end', '=', key.period_end)
    .execute();
}

/**
 * The goal targets that are a quota (is_quota) and name this key: KPI targets on its metric and
 * scope whose period — their own, or else their goal's — is the quota's.
 */
export async function quotaReferences(
  db: Kysely<Database>,
  orgId: number,
  key: QuotaKey,
): Promise<{ id: number; goal_id: number; goal_kind: GoalKind }[]> {
  const rows = await db
    .selectFrom('goal_targets as t')
    .innerJoin('goals as g', (join) =>
      join.onRef('g.id', '=', 't.goal_id').onRef('g.org_id', '=', 't.org_id'),
    )
    .select(['t.id', 't.goal_id', 'g.kind as goal_kind'])
    .where('t.org_id', '=', orgId)
    .where('t.is_quota', '=', 1)
    .where('t.metric', '=', key.metric)
    .where('t.scope', '=', key.scope)
    .where((eb) => eb(eb.fn.coalesce('t.period_start', 'g.start_date'), '=', key.period_start))
    .where((eb) => eb(eb.fn.coalesce('t.period_end', 'g.due_date'), '=', key.period_end))
    .execute();
  return rows;
}

/** The keys of every quota a user goal's target is (is_quota), as quotaKeyText. */
export async function userQuotaKeys(db: Kysely<Database>, orgId: number): Promise<Set<string>> {
  const rows = await db
    .selectFrom('goal_targets as t')
    .innerJoin('goals as g', (join) =>
      join.onRef('g.id', '=', 't.goal_id').onRef('g.org_id', '=', 't.org_id'),
    )
    .select(['t.scope', 't.metric', 't.period_start', 't.period_end', 'g.start_date', 'g.due_date'])
    .where('t.org_id', '=', orgId)
    .where('t.is_quota', '=', 1)
    .where('g.kind', '=', 'user')
    .execute();
  return new Set(
    rows.map((row) =>
      quotaKeyText({
        scope: row.scope ?? 'org',
        metric: row.metric ?? '',
        period_start: row.period_start ?? row.start_date,
        period_end: row.period_end ?? row.due_date,
      }),
    ),
  );
}

// ——— the quota history (changes of `targets` rows made through goals) ———

const CHANGE_COLUMNS = [
  'id',
  'at',
  'updated_by',
  'action',
  'scope',
  'metric',
  'period_start',
  'period_end',
  'old_value',
  'new_value',
  'goal_id',
  'goal_name',
  'target_id',
  'target_name',
] as const;

export type QuotaChangeValues = Omit<QuotaChangeRow, 'id'>;

export async function insertQuotaChange(
  db: Kysely<Database>,
  orgId: number,
  change: QuotaChangeValues,
): Promise<void> {
  await db
    .insertInto('quota_changes')
    .values({ org_id: orgId, ...change })
    .execute();
}

export interface QuotaChangeFilter {
  scope?: string | undefined;
  metric?: string | undefined;
  period_start?: string | undefined;
  period_end?: string | undefined;
  goal_id?: number | undefined;
  target_id?: number | undefined;
  limit: number;
}

/** Changes of sales quotas, newest first. */
export async function listQuotaChanges(
  db: Kysely<Database>,
  orgId: number,
  filter: QuotaChangeFilter,
): Promise<QuotaChangeRow[]> {
  let query = db.selectFrom('quota_changes').select(CHANGE_COLUMNS).where('org_id', '=', orgId);
  if (filter.scope !== undefined) query = query.where('scope', '=', filter.scope);
  if (filter.metric !== undefined) query = query.where('metric', '=', filter.metric);
  if (filter.period_start !== undefined) query = query.where('period_start', '=', filter.period_start);
  if (filter.period_end !== undefined) query = query.where('period_end', '=', filter.period_end);
  if (filter.goal_id !== undefined) query = query.where('goal_id', '=', filter.goal_id);
  if (filter.target_id !== undefined) query = query.where('target_id', '=', filter.target_id);
  const rows = await query.orderBy('id', 'desc').limit(filter.limit).execute();
  return rows.map((row) => ({
    ...row,
    at: num(row.at),
    old_value: row.old_value === null ? null : num(row.old_value),
    new_value: row.new_value === null ? null : num(row.new_value),
  }));
}
