import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.ts';

/*
 * The event_watch table (migration 0015): what outbound webhooks remember to tell events from data.
 * Kinds: 'target' (target id → pace status), 'goal' (goal id → fingerprint), 'won' (deal ids
 * announced as won), 'seen' (per kind looked at yet; for 'deals', the import id below which every
 * import had ended at the last look).
 */

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let at = 0; at < items.length; at += size) yield items.slice(at, at + size);
}

export async function readWatch(
  db: Kysely<Database>,
  orgId: number,
  kind: string,
): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('event_watch')
    .select(['subject', 'value'])
    .where('org_id', '=', orgId)
    .where('kind', '=', kind)
    .execute();
  return new Map(rows.map((row) => [row.subject, row.value]));
}

export async function seenValue(
  db: Kysely<Database>,
  orgId: number,
  of: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('event_watch')
    .select('value')
    .where('org_id', '=', orgId)
    .where('kind', '=', 'seen')
    .where('subject', '=', of)
    .executeTakeFirst();
  return row?.value;
}

/** Writes the entries of a kind (inserted or replaced) and deletes the subjects given as gone. */
export async function writeWatch(
  db: Kysely<Database>,
  orgId: number,
  kind: string,
  entries: ReadonlyArray<readonly [subject: string, value: string]>,
  gone: readonly string[],
  now: number,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const chunk of chunks(entries, 200)) {
      await trx
        .insertInto('event_watch')
        .values(chunk.map(([subject, value]) => ({ org_id: orgId, kind, subject, value, updated_at: now })))
        .onConflict((oc) =>
          oc.columns(['org_id', 'kind', 'subject']).doUpdateSet((eb) => ({
            value: eb.ref('excluded.value'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    }
    for (const chunk of chunks(gone, 500)) {
      await trx
        .deleteFrom('event_watch')
        .where('org_id', '=', orgId)
        .where('kind', '=', kind)
        .where('subject', 'in', chunk)
        .execute();
    }
  });
}

/** Forgets what was remembered of a kind (nobody listens to it any more). */
export async function forgetWatch(db: Kysely<Database>, orgId: number, kind: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('event_watch').where('org_id', '=', orgId).where('kind', '=', kind).execute();
    await trx
      .deleteFrom('event_watch')
      .where('org_id', '=', orgId)
      .where('kind', '=', 'seen')
      .where('subject', '=', kind)
      .execute();
  });
}

/** Every deal won now, remembered as announced: the first look announces nothing of the past. */
export async function rememberAllWon(db: Kysely<Database>, orgId: number, now: number): Promise<void> {
  await sql`insert into event_watch (org_id, kind, subject, value, updated_at)
    select d.org_id, 'won', d.id, '', ${now} from deals d
    where d.org_id = ${orgId} and d.status = 'won'
    and not exists (select 1 from event_watch w where w.org_id = d.org_id and w.kind = 'won' and w.subject = d.id)`.execute(
    db,
  );
}

/** The import id every import at or below had ended by now: rows of later ones may still come. */
export async function settledImportId(db: Kysely<Database>): Promise<number> {
  const running = await db
    .selectFrom('imports')
    .select((eb) => eb.fn.min('id').as('id'))
    .where('status', '=', 'running')
    .executeTakeFirst();
  if (running?.id !== null && running?.id !== undefined) return Number(running.id) - 1;
  const last = await db
    .selectFrom('imports')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return Number(last?.id ?? 0);
}

export interface WonDealRow {
  id: string;
  name: string | null;
  owner_rep_id: string | null;
  owner_name: string | null;
  account_id: string | null;
  closed_at: number | null;
  amount: number | null;
  currency: string | null;
  units: number;
  stage: string | null;
  import_id: number;
}

/** Deals won, written by an import after `afterImportId`, never announced; oldest import first. */
export async function unannouncedWins(
  db: Kysely<Database>,
  orgId: number,
  afterImportId: number,
  limit: number,
): Promise<WonDealRow[]> {
  const rows = await db
    .selectFrom('deals as d')
    .leftJoin('reps as r', (join) =>
      join.onRef('r.org_id', '=', 'd.org_id').onRef('r.id', '=', 'd.owner_rep_id'),
    )
    .select([
      'd.id',
      'd.name',
      'd.owner_rep_id',
      'r.name as owner_name',
      'd.account_id',
      'd.closed_at',
      'd.amount',
      'd.currency',
      'd.units',
      'd.stage',
      'd.import_id',
    ])
    .where('d.org_id', '=', orgId)
    .where('d.status', '=', 'won')
    .where('d.import_id', '>', afterImportId)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('event_watch as w')
            .select('w.subject')
            .whereRef('w.org_id', '=', 'd.org_id')
            .where('w.kind', '=', 'won')
            .whereRef('w.subject', '=', 'd.id'),
        ),
      ),
    )
    .orderBy('d.import_id')
    .orderBy('d.closed_at')
    .orderBy('d.id')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    ...row,
    closed_at: row.closed_at === null ? null : Number(row.closed_at),
    amount: row.amount === null ? null : Number(row.amount),
    units: Number(row.units),
    import_id: Number(row.import_id),
  }));
}

/** Remembers won deals as announced. */
export async function rememberWins(
  db: Kysely<Database>,
  orgId: number,
  dealIds: readonly string[],
  now: number,
): Promise<void> {
  await writeWatch(
    db,
    orgId,
    'won',
    dealIds.map((id) => [id, ''] as const),
    [],
    now,
  );
}

/** Each goal's fingerprint: its version, its targets' count and newest change (a target write bumps only those). */
export async function goalFingerprints(
  db: Kysely<Database>,
  orgId: number,
): Promise<Map<number, { name: string; fingerprint: string; version: number; updatedAt: number }>> {
  const goals = await db
    .selectFrom('goals')
    .select(['id', 'name', 'version', 'updated_at'])
    .where('org_id', '=', orgId)
    .execute();
  const targets = await db
    .selectFrom('goal_targets')
    .select((eb) => ['goal_id', eb.fn.countAll<number>().as('n'), eb.fn.max('updated_at').as('last')])
    .where('org_id', '=', orgId)
    .groupBy('goal_id')
    .execute();
  const byGoal = new Map(targets.map((t) => [Number(t.goal_id), `${Number(t.n)}:${Number(t.last)}`]));
  return new Map(
    goals.map((goal) => [
      goal.id,
      {
        name: goal.name,
        version: Number(goal.version),
        updatedAt: Number(goal.updated_at),
        fingerprint: `${Number(goal.version)}:${Number(goal.updated_at)}:${byGoal.get(goal.id) ?? '0'}`,
      },
    ]),
  );
}
