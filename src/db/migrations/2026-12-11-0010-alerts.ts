import type { ColumnDefinitionBuilder, Kysely } from 'kysely';

/**
 * Alert rules (issue 14, docs/adr/0022): a rule watches a KPI of a scope, a goal target's status, a
 * rep's activity or the imports, and fires once per crossing. `alert_states` remembers, per rule and
 * subject (the org, a rep, a target), whether it is crossed now, so it fires again only after it
 * recovered; `alert_events` is the log of what fired.
 *
 * Frozen: this migration imports nothing from the app.
 */
export async function up(db: Kysely<unknown>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const serial = dialect === 'postgres' ? 'serial' : 'integer';
  const id = (c: ColumnDefinitionBuilder) =>
    dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey();
  await db.schema
    .createTable('alert_rules')
    .addColumn('id', serial, id)
    .addColumn('org_id', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    // threshold, change, target-status, inactivity, import
    .addColumn('kind', 'text', (c) => c.notNull())
    // The rule's own settings as JSON (src/core/contracts/alerts.ts alertConditionSchema).
    .addColumn('condition', 'text', (c) => c.notNull())
    // org, team or rep; scope_id is the team name or rep id.
    .addColumn('scope_kind', 'text', (c) => c.notNull().defaultTo('org'))
    .addColumn('scope_id', 'text')
    .addColumn('create_task', 'integer', (c) => c.notNull().defaultTo(0))
    // JSON {users: string[], teams: string[]}: who hears it besides the scope's default audience.
    .addColumn('recipients', 'text', (c) => c.notNull().defaultTo('{"users":[],"teams":[]}'))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('last_checked_at', 'bigint')
    .execute();
  await db.schema.createIndex('alert_rules_org_idx').on('alert_rules').columns(['org_id', 'id']).execute();
  await db.schema
    .createTable('alert_states')
    .addColumn('rule_id', 'integer', (c) => c.notNull().references('alert_rules.id').onDelete('cascade'))
    // What the rule fired about: 'org', a rep id, a target id, an import id.
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('crossed', 'integer', (c) => c.notNull())
    .addColumn('value', 'double precision')
    .addColumn('changed_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('alert_states_pk', ['rule_id', 'subject'])
    .execute();
  await db.schema
    .createTable('alert_events')
    .addColumn('id', serial, id)
    .addColumn('org_id', 'integer', (c) => c.notNull())
    .addColumn('rule_id', 'integer', (c) => c.notNull().references('alert_rules.id').onDelete('cascade'))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('fired_at', 'bigint', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('value', 'double precision')
    // The app path of the drill-down behind it.
    .addColumn('link', 'text', (c) => c.notNull())
    .addColumn('task_id', 'integer')
    .execute();
  await db.schema
    .createIndex('alert_events_rule_idx')
    .on('alert_events')
    .columns(['org_id', 'rule_id', 'id'])
    .execute();
}
