import type { Kysely } from 'kysely';
import { type Mapping, mappingSchema, type SavedMapping } from '../core/contracts/mapping.ts';
import type { Database } from './schema.ts';

interface Row {
  name: string;
  document: string;
  updated_at: number;
  updated_by: string | null;
}

/**
 * A stored document is parsed through the schema again: defaults added by a later version of the
 * contract apply, and a row edited by hand into something invalid fails here, naming the mapping,
 * rather than deep in an import.
 */
function mappingOf(row: Row): Mapping {
  const parsed = mappingSchema.safeParse(JSON.parse(row.document));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `saved mapping "${row.name}" is not a valid mapping (${issue?.path.join('.') || '(document)'}: ${issue?.message})`,
    );
  }
  return parsed.data;
}

const toSaved = (row: Row): SavedMapping => ({
  name: row.name,
  mapping: mappingOf(row),
  updatedAt: new Date(Number(row.updated_at)).toISOString(),
  updatedBy: row.updated_by,
});

const COLUMNS = ['name', 'document', 'updated_at', 'updated_by'] as const;

/** The organisation's mapping saved under `name` (exactly as saved), or undefined. */
export async function findSavedMapping(
  db: Kysely<Database>,
  orgId: number,
  name: string,
): Promise<Mapping | undefined> {
  return (await getSavedMapping(db, orgId, name))?.mapping;
}

/** The saved mapping of this name with when and by whom it was saved, or undefined. */
export async function getSavedMapping(
  db: Kysely<Database>,
  orgId: number,
  name: string,
): Promise<SavedMapping | undefined> {
  const row = await db
    .selectFrom('import_mappings')
    .select(COLUMNS)
    .where('org_id', '=', orgId)
    .where('name', '=', name)
    .executeTakeFirst();
  return row ? toSaved(row) : undefined;
}

/** The organisation's saved mappings, by name. */
export async function listSavedMappings(db: Kysely<Database>, orgId: number): Promise<SavedMapping[]> {
  const rows = await db
    .selectFrom('import_mappings')
    .select(COLUMNS)
    .where('org_id', '=', orgId)
    .orderBy('name')
    .execute();
  return rows.map(toSaved);
}

/**
 * Saves `mapping` under `name`, replacing what was saved there; the document keeps `name` as its
 * own name so an exported file says what it was saved as. `created` tells a new name from a
 * replaced one; `before` is what was replaced (for the audit log).
 */
export async function saveMapping(
  db: Kysely<Database>,
  orgId: number,
  name: string,
  mapping: Mapping,
  userId: string | null,
  now = Date.now(),
): Promise<{ saved: SavedMapping; before: Mapping | undefined }> {
  return db.transaction().execute(async (trx) => {
    const before = await findSavedMapping(trx, orgId, name);
    const document = JSON.stringify({ ...mapping, name });
    await trx
      .insertInto('import_mappings')
      .values({ org_id: orgId, name, document, created_at: now, updated_at: now, updated_by: userId })
      .onConflict((oc) =>
        oc.columns(['org_id', 'name']).doUpdateSet({ document, updated_at: now, updated_by: userId }),
      )
      .execute();
    return { saved: toSaved({ name, document, updated_at: now, updated_by: userId }), before };
  });
}

/** Deletes the saved mapping; what it was, or undefined when there was none. */
export async function deleteSavedMapping(
  db: Kysely<Database>,
  orgId: number,
  name: string,
): Promise<Mapping | undefined> {
  return db.transaction().execute(async (trx) => {
    const before = await findSavedMapping(trx, orgId, name);
    if (before)
      await trx.deleteFrom('import_mappings').where('org_id', '=', orgId).where('name', '=', name).execute();
    return before;
  });
}
