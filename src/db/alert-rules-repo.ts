import type { Kysely, Selectable } from 'kysely';
import type { Database } from './schema.ts';
import type { AlertEventsTable, AlertRulesTable } from './schema-rhythm.ts';

/**
 * Alert rules, their per-subject states and the log of what fired (migration 0010). Plain
 * functions taking the database; bigint columns come back from PostgreSQL as text, so instants are
 * turned into numbers here.
 */

export type AlertRuleRow = Selectable<AlertRulesTable>;
export type AlertEventRow = Selectable<AlertEventsTable>;

export interface AlertRuleValues {
  name: string;
  kind: string;
  condition: string;
  scope_kind: string;
  scope_id: string | null;
  create_task: number;
  recipients: string;
  enabled: number;
}

const num = (value: unknown): number => Number(value);
const nullableNum = (value: unknown): number | null => (value === null ? null : Number(value));

const toRule = (row: AlertRuleRow): AlertRuleRow => ({
  ...row,
  id: num(row.id),
  org_id: num(row.org_id),
  create_task: num(row.create_task),
  enabled: num(row.enabled),
  created_at: num(row.created_at),
  updated_at: num(row.updated_at),
  last_checked_at: nullableNum(row.last_checked_at),
});

const toEvent = (row: AlertEventRow): AlertEventRow => ({
  ...row,
  id: num(row.id),
  org_id: num(row.org_id),
  rule_id: num(row.rule_id),
  fired_at: num(row.fired_at),
  value: row.value === null ? null : Number(row.value),
  task_id: nullableNum(row.task_id),
});

export async function listAlertRuleRows(
  db: Kysely<Database>,
  orgId: number,
  options: { enabledOnly?: boolean } = {},
): Promise<AlertRuleRow[]> {
  let query = db.selectFrom('alert_rules').selectAll().where('org_id', '=', orgId);
  if (options.enabledOnly) query = query.where('enabled', '=', 1);
  return (await query.orderBy('id').execute()).map(toRule);
}

export async function findAlertRuleRow(
  db: Kysely<Database>,
  orgId: number,
  id: number,
): Promise<AlertRuleRow | undefined> {
  const row = await db
    .selectFrom('alert_rules')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toRule(row);
}

export async function insertAlertRuleRow(
  db: Kysely<Database>,
  orgId: number,
  values: AlertRuleValues,
  createdBy: string | null,
  now: number,
): Promise<AlertRuleRow> {
  const row = await db
    .insertInto('alert_rules')
    .values({ ...values, org_id: orgId, created_by: createdBy, created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRule(row);
}

export async function updateAlertRuleRow(
  db: Kysely<Database>,
  orgId: number,
  id: number,
  values: Partial<AlertRuleValues>,
  now: number,
): Promise<void> {
  await db
    .updateTable('alert_rules')
    .set({ ...values, updated_at: now })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

/** Deletes a rule with its states and events (SQLite may run without foreign-key cascades). */
export async function deleteAlertRuleRow(db: Kysely<Database>, orgId: number, id: number): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const found = await findAlertRuleRow(trx, orgId, id);
    if (!found) return false;
    await trx.deleteFrom('alert_states').where('rule_id', '=', id).execute();
    await trx.deleteFrom('alert_events').where('rule_id', '=', id).execute();
    await trx.deleteFrom('alert_rules').where('org_id', '=', orgId).where('id', '=', id).execute();
    return true;
  });
}

/** A state forgotten when its rule changed what it watches: the new condition starts afresh. */
export async function clearAlertStates(db: Kysely<Database>, ruleId: number): Promise<void> {
  await db.deleteFrom('alert_states').where('rule_id', '=', ruleId).execute();
}

/** Organisations with at least one enabled rule: the scheduled evaluation visits only these. */
export async function orgsWithAlertRules(db: Kysely<Database>): Promise<number[]> {
  const rows = await db
    .selectFrom('alert_rules')
    .select('org_id')
    .distinct()
    .where('enabled', '=', 1)
    .execute();
  return rows.map((row) => num(row.org_id)).sort((a, b) => a - b);
}

export interface AlertStateRow {
  crossed: boolean;
  value: number | null;
  changedAt: number;
}

/** Every state of the organisation's rules, in one query: rule id → subject → state. */
export async function alertStatesOf(
  db: Kysely<Database>,
  orgId: number,
): Promise<Map<number, Map<string, AlertStateRow>>> {
  const rows = await db
    .selectFrom('alert_states as s')
    .innerJoin('alert_rules as r', 'r.id', 's.rule_id')
    .select(['s.rule_id', 's.subject', 's.crossed', 's.value', 's.changed_at'])
    .where('r.org_id', '=', orgId)
    .execute();
  const out = new Map<number, Map<string, AlertStateRow>>();
  for (const row of rows) {
    const rule = num(row.rule_id);
    const subjects = out.get(rule) ?? new Map<string, AlertStateRow>();
    out.set(rule, subjects);
    subjects.set(row.subject, {
      crossed: num(row.crossed) === 1,
      value: row.value === null ? null : Number(row.value),
      changedAt: num(row.changed_at),
    });
  }
  return out;
}

export interface AlertStateChange {
  ruleId: number;
  subject: string;
  crossed: boolean;
  value: number | null;
}

/** Writes the states that changed (crossed or recovered), in chunks, as upserts. */
export async function putAlertStates(
  db: Kysely<Database>,
  changes: readonly AlertStateChange[],
  now: number,
): Promise<void> {
  for (let i = 0; i < changes.length; i += 500) {
    const chunk = changes.slice(i, i + 500);
    await db
      .insertInto('alert_states')
      .values(
        chunk.map((c) => ({
          rule_id: c.ruleId,
          subject: c.subject,
          crossed: c.crossed ? 1 : 0,
          value: c.value,
          changed_at: now,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['rule_id', 'subject']).doUpdateSet((eb) => ({
          crossed: eb.ref('excluded.crossed'),
          value: eb.ref('excluded.value'),
          changed_at: eb.ref('excluded.changed_at'),
        })),
      )
      .execute();
  }
}

export type AlertEventValues = Omit<AlertEventRow, 'id'>;

export async function insertAlertEvent(db: Kysely<Database>, values: AlertEventValues): Promise<number> {
  const row = await db.insertInto('alert_events').values(values).returning('id').executeTakeFirstOrThrow();
  return num(row.id);
}

export async function listAlertEventRows(
  db: Kysely<Database>,
  orgId: number,
  options: { ruleIds?: readonly number[]; limit?: number } = {},
): Promise<AlertEventRow[]> {
  if (options.ruleIds?.length === 0) return [];
  let query = db.selectFrom('alert_events').selectAll().where('org_id', '=', orgId);
  if (options.ruleIds) query = query.where('rule_id', 'in', [...options.ruleIds]);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(options.limit ?? 200)
    .execute();
  return rows.map(toEvent);
}

/** When each rule last fired. */
export async function lastFiredOf(db: Kysely<Database>, orgId: number): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('alert_events')
    .select(['rule_id', (eb) => eb.fn.max('fired_at').as('last')])
    .where('org_id', '=', orgId)
    .groupBy('rule_id')
    .execute();
  return new Map(rows.map((row) => [num(row.rule_id), num(row.last)]));
}

export async function markAlertRulesChecked(
  db: Kysely<Database>,
  orgId: number,
  ruleIds: readonly number[],
  now: number,
): Promise<void> {
  if (ruleIds.length === 0) return;
  await db
    .updateTable('alert_rules')
    .set({ last_checked_at: now })
    .where('org_id', '=', orgId)
    .where('id', 'in', [...ruleIds])
    .execute();
}

/**
 * Per rep, the last local day up to `today` with a deal created and the last with an email sent,
 * from the daily rollup (one grouped query for every rep, however many inactivity rules there are).
 * Records dated after today (planned, or a clock behind the data) are not activity yet.
 */
export async function lastActivityDays(
  db: Kysely<Database>,
  orgId: number,
  today: number,
): Promise<Map<string, { deal: number | null; email: number | null }>> {
  const rows = await db
    .selectFrom('daily_facts')
    .select((eb) => [
      'rep_id',
      eb.fn.max(eb.case().when('deals_created', '>', 0).then(eb.ref('day')).else(null).end()).as('deal'),
      eb.fn.max(eb.case().when('emails_sent', '>', 0).then(eb.ref('day')).else(null).end()).as('email'),
    ])
    .where('org_id', '=', orgId)
    .where('rep_id', '!=', '')
    .where('day', '<=', today)
    .groupBy('rep_id')
    .execute();
  return new Map(
    rows.map((row) => [
      row.rep_id,
      { deal: nullableNum(row.deal ?? null), email: nullableNum(row.email ?? null) },
    ]),
  );
}

export interface TargetAudienceRow {
  id: number;
  scope: string | null;
  ownerRepId: string | null;
  isPrivate: boolean;
  createdBy: string | null;
}

/** Who a target's alert is about: its scope, its goal's owner and privacy (one query for a page of events). */
export async function targetAudiencesOf(
  db: Kysely<Database>,
  orgId: number,
  ids: readonly number[],
): Promise<Map<number, TargetAudienceRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('goal_targets as t')
    .innerJoin('goals as g', (join) =>
      join.onRef('g.id', '=', 't.goal_id').onRef('g.org_id', '=', 't.org_id'),
    )
    .select(['t.id', 't.scope', 'g.owner_rep_id', 'g.is_private', 'g.created_by'])
    .where('t.org_id', '=', orgId)
    .where('t.id', 'in', [...ids])
    .execute();
  return new Map(
    rows.map((row) => [
      num(row.id),
      {
        id: num(row.id),
        scope: row.scope,
        ownerRepId: row.owner_rep_id,
        isPrivate: num(row.is_private) === 1,
        createdBy: row.created_by,
      },
    ]),
  );
}
