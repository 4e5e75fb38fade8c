import type { Kysely, Selectable } from 'kysely';
import type { Database } from './schema.ts';
import type { AnnotationsTable } from './schema-rhythm.ts';

/** Annotations on time charts: a day or a range of days with a note, for the organisation or a team. */

export type AnnotationRow = Omit<Selectable<AnnotationsTable>, 'org_id'>;

const COLUMNS = [
  'id',
  'team',
  'from_day',
  'to_day',
  'note',
  'created_by',
  'created_at',
  'updated_at',
] as const;

/** PostgreSQL returns bigint as text: instants are numbers everywhere else. */
const normalise = (row: AnnotationRow): AnnotationRow => ({
  ...row,
  created_at: Number(row.created_at),
  updated_at: Number(row.updated_at),
});

export interface AnnotationFilter {
  from?: string | undefined;
  to?: string | undefined;
  /** The organisation's annotations and this team's; undefined: every annotation. */
  team?: string | undefined;
}

/** The annotations overlapping from..to (days compare as text: YYYY-MM-DD sorts as dates do). */
export async function listAnnotations(
  db: Kysely<Database>,
  orgId: number,
  filter: AnnotationFilter,
): Promise<AnnotationRow[]> {
  let query = db.selectFrom('annotations').select(COLUMNS).where('org_id', '=', orgId);
  if (filter.from !== undefined) query = query.where('to_day', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('from_day', '<=', filter.to);
  const team = filter.team;
  if (team !== undefined) query = query.where((eb) => eb.or([eb('team', 'is', null), eb('team', '=', team)]));
  const rows = await query.orderBy('from_day').orderBy('id').execute();
  return rows.map(normalise);
}

export async function findAnnotation(
  db: Kysely<Database>,
  orgId: number,
  id: number,
): Promise<AnnotationRow | undefined> {
  const row = await db
    .selectFrom('annotations')
    .select(COLUMNS)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? normalise(row) : undefined;
}

export interface AnnotationValues {
  team: string | null;
  from_day: string;
  to_day: string;
  note: string;
}

export async function insertAnnotation(
  db: Kysely<Database>,
  orgId: number,
  values: AnnotationValues,
  createdBy: string | null,
  now: number,
): Promise<AnnotationRow> {
  const row = await db
    .insertInto('annotations')
    .values({ org_id: orgId, ...values, created_by: createdBy, created_at: now, updated_at: now })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return normalise(row);
}

export async function updateAnnotation(
  db: Kysely<Database>,
  orgId: number,
  id: number,
  values: AnnotationValues,
  now: number,
): Promise<AnnotationRow | undefined> {
  const row = await db
    .updateTable('annotations')
    .set({ ...values, updated_at: now })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .returning(COLUMNS)
    .executeTakeFirst();
  return row ? normalise(row) : undefined;
}

export async function deleteAnnotation(db: Kysely<Database>, orgId: number, id: number): Promise<boolean> {
  const result = await db
    .deleteFrom('annotations')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
