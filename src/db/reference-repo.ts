import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

export interface RepRow {
  id: string;
  name: string;
  email: string | null;
  team: string | null;
  startedOn: string | null;
  endedOn: string | null;
}

export async function listReps(db: Kysely<Database>, orgId: number): Promise<RepRow[]> {
  const rows = await db
    .selectFrom('reps')
    .select(['id', 'name', 'email', 'team', 'started_on', 'ended_on'])
    .where('org_id', '=', orgId)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    email: row.email,
    team: row.team,
    startedOn: row.started_on,
    endedOn: row.ended_on,
  }));
}

/** Whether any KPI input is stored: an organisation that only has settings is still empty. */
export async function hasAnyData(db: Kysely<Database>, orgId: number): Promise<boolean> {
  for (const table of ['reps', 'deals', 'leads', 'emails', 'accounts'] as const) {
    const row = await db
      .selectFrom(table)
      .select('org_id')
      .where('org_id', '=', orgId)
      .limit(1)
      .executeTakeFirst();
    if (row) return true;
  }
  const spend = await db
    .selectFrom('spend')
    .select('org_id')
    .where('org_id', '=', orgId)
    .limit(1)
    .executeTakeFirst();
  return spend !== undefined;
}

/** The data version of every organisation, for the live-update poller (one cheap query). */
export async function dataVersions(db: Kysely<Database>): Promise<Map<number, number>> {
  const rows = await db.selectFrom('orgs').select(['id', 'data_version']).execute();
  return new Map(rows.map((row) => [row.id, Number(row.data_version)]));
}
