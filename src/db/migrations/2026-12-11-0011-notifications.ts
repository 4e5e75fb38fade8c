import type { ColumnDefinitionBuilder, Kysely } from 'kysely';

/**
 * Notifications (issue 14, docs/adr/0022): the in-app notification centre (one row per person and
 * notification), each person's choices (per kind, which channels; quiet hours in their time zone;
 * their chat webhook URLs) and the log of every delivery over a channel (e-mail, Slack, Teams,
 * Google Chat) with its outcome.
 *
 * Frozen: this migration imports nothing from the app.
 */
export async function up(db: Kysely<unknown>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const serial = dialect === 'postgres' ? 'serial' : 'integer';
  const id = (c: ColumnDefinitionBuilder) =>
    dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey();
  await db.schema
    .createTable('notifications')
    .addColumn('id', serial, id)
    .addColumn('org_id', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    // alert, digest, import, webhook, system
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('link', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('read_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('notifications_user_idx')
    .on('notifications')
    .columns(['org_id', 'user_id', 'id'])
    .execute();
  await db.schema
    .createTable('notification_settings')
    .addColumn('org_id', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    // JSON: per kind, the channels it reaches this person by (contracts/notifications.ts).
    .addColumn('channels', 'text', (c) => c.notNull())
    // 'HH:MM' local times; both null: no quiet hours.
    .addColumn('quiet_from', 'text')
    .addColumn('quiet_to', 'text')
    .addColumn('time_zone', 'text')
    .addColumn('slack_url', 'text')
    .addColumn('teams_url', 'text')
    .addColumn('gchat_url', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('notification_settings_pk', ['org_id', 'user_id'])
    .execute();
  await db.schema
    .createTable('channel_deliveries')
    .addColumn('id', serial, id)
    .addColumn('org_id', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'text')
    // email, slack, teams, gchat
    .addColumn('channel', 'text', (c) => c.notNull())
    // The address or the URL's host and path start (never a secret in full).
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    // sent, failed, held (quiet hours: sent when they end)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    // A held delivery's message, JSON, sent when the quiet hours end.
    .addColumn('payload', 'text')
    .addColumn('send_after', 'bigint')
    .execute();
  await db.schema
    .createIndex('channel_deliveries_org_idx')
    .on('channel_deliveries')
    .columns(['org_id', 'id'])
    .execute();
}
