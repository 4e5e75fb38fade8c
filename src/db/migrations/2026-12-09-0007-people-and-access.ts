import { type ColumnDefinitionBuilder, type Kysely, sql } from 'kysely';

/**
 * People and access (issue 11, docs/adr/0014). Two groups of tables:
 *
 * - better-auth's own (`user`, `session`, `account`, `verification`, `twoFactor`), exactly as its
 *   schema generator wrote them for better-auth 1.7 with the two-factor and generic OAuth plugins, so
 *   the library finds what it expects; created here, not by its runtime migrator, so one ordered
 *   list of migrations describes every database.
 * - UDN's: organisation slugs and the open-leaderboard setting, members (role, linked rep, managed
 *   teams), invitations, personal access tokens, share links, the audit log, dashboard shares and the
 *   people behind goals and tasks. Secrets (tokens, links, invitations) are stored as SHA-256 hashes
 *   only; `server_settings` keeps the server secret generated on first run.
 *
 * Frozen: this migration imports nothing from the app.
 */

const AUTH_TABLES: Record<'sqlite' | 'postgres', string[]> = {
  sqlite: [
    'create table "user" ("id" text not null primary key, "name" text not null, "email" text not null unique, "emailVerified" integer not null, "image" text, "createdAt" date not null, "updatedAt" date not null, "twoFactorEnabled" integer)',
    'create table "session" ("id" text not null primary key, "expiresAt" date not null, "token" text not null unique, "createdAt" date not null, "updatedAt" date not null, "ipAddress" text, "userAgent" text, "userId" text not null references "user" ("id") on delete cascade)',
    'create table "account" ("id" text not null primary key, "accountId" text not null, "providerId" text not null, "userId" text not null references "user" ("id") on delete cascade, "accessToken" text, "refreshToken" text, "idToken" text, "accessTokenExpiresAt" date, "refreshTokenExpiresAt" date, "scope" text, "password" text, "createdAt" date not null, "updatedAt" date not null)',
    'create table "verification" ("id" text not null primary key, "identifier" text not null, "value" text not null, "expiresAt" date not null, "createdAt" date not null, "updatedAt" date not null)',
    'create table "twoFactor" ("id" text not null primary key, "secret" text not null, "backupCodes" text not null, "userId" text not null references "user" ("id") on delete cascade, "verified" integer, "failedVerificationCount" integer, "lockedUntil" date)',
  ],
  postgres: [
    'create table "user" ("id" text not null primary key, "name" text not null, "email" text not null unique, "emailVerified" boolean not null, "image" text, "createdAt" timestamptz default CURRENT_TIMESTAMP not null, "updatedAt" timestamptz default CURRENT_TIMESTAMP not null, "twoFactorEnabled" boolean)',
    'create table "session" ("id" text not null primary key, "expiresAt" timestamptz not null, "token" text not null unique, "createdAt" timestamptz default CURRENT_TIMESTAMP not null, "updatedAt" timestamptz not null, "ipAddress" text, "userAgent" text, "userId" text not null references "user" ("id") on delete cascade)',
    'create table "account" ("id" text not null primary key, "accountId" text not null, "providerId" text not null, "userId" text not null references "user" ("id") on delete cascade, "accessToken" text, "refreshToken" text, "idToken" text, "accessTokenExpiresAt" timestamptz, "refreshTokenExpiresAt" timestamptz, "scope" text, "password" text, "createdAt" timestamptz default CURRENT_TIMESTAMP not null, "updatedAt" timestamptz not null)',
    'create table "verification" ("id" text not null primary key, "identifier" text not null, "value" text not null, "expiresAt" timestamptz not null, "createdAt" timestamptz default CURRENT_TIMESTAMP not null, "updatedAt" timestamptz default CURRENT_TIMESTAMP not null)',
    'create table "twoFactor" ("id" text not null primary key, "secret" text not null, "backupCodes" text not null, "userId" text not null references "user" ("id") on delete cascade, "verified" boolean, "failedVerificationCount" integer, "lockedUntil" timestamptz)',
  ],
};

const AUTH_INDEXES = [
  'create index "session_userId_idx" on "session" ("userId")',
  'create index "account_userId_idx" on "account" ("userId")',
  'create index "verification_identifier_idx" on "verification" ("identifier")',
  'create index "twoFactor_secret_idx" on "twoFactor" ("secret")',
  'create index "twoFactor_userId_idx" on "twoFactor" ("userId")',
];

/** A URL-safe slug from an organisation's name; `org-ID` when nothing is left. */
function slugOf(name: string, id: number): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return slug === '' ? `org-${id}` : slug;
}

export async function up(db: Kysely<unknown>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  for (const statement of [...AUTH_TABLES[dialect], ...AUTH_INDEXES]) await sql.raw(statement).execute(db);

  const serial = dialect === 'postgres' ? 'serial' : 'integer';
  const id = (c: ColumnDefinitionBuilder) =>
    dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey();
  // biome-ignore lint/suspicious/noExplicitAny: a frozen migration does not follow the app's table types
  const anyDb = db as Kysely<any>;

  // Filled below for existing organisations; the app always gives one.
  await db.schema
    .alterTable('orgs')
    .addColumn('slug', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('orgs')
    .addColumn('open_leaderboard', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  const orgs: { id: number; name: string }[] = await anyDb
    .selectFrom('orgs')
    .select(['id', 'name'])
    .orderBy('id')
    .execute();
  const taken = new Set<string>();
  for (const org of orgs) {
    let slug = slugOf(org.name, org.id);
    if (taken.has(slug)) slug = `${slug}-${org.id}`;
    taken.add(slug);
    await anyDb.updateTable('orgs').set({ slug }).where('id', '=', org.id).execute();
  }
  await db.schema.createIndex('orgs_slug_idx').on('orgs').column('slug').unique().execute();

  await db.schema
    .createTable('server_settings')
    .addColumn('key', 'text', (c) => c.primaryKey().notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('members')
    .addColumn('org_id', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('rep_id', 'text')
    // JSON array of the team names a manager manages.
    .addColumn('teams', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('members_pk', ['org_id', 'user_id'])
    .execute();
  await db.schema.createIndex('members_user_idx').on('members').column('user_id').execute();

  await db.schema
    .createTable('invitations')
    .addColumn('id', serial, id)
    .addColumn('org_id', 'integer', (c) => c.notNull())
    // null: a link anyone holding it may accept.
    .addColumn('email', 'text')
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('rep_id', 'text')
    .addColumn('teams', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('invited_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('accepted_at', 'bigint')
    .addColumn('accepted_by', 'text')
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('invitations_token_idx')
    .on('invitations')
    .column('token_hash')
    .unique()
    .execute();
  await db.schema
    .createIndex('invitations_org_idx')
    .on('invitations')
    .columns(['org_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', serial, id)
    .addColumn('org_id', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull())
    // The first characters of the token, shown in lists so a person can tell tokens apart.
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint')
    .addColumn('last_used_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('api_tokens_token_idx')
    .on('api_tokens')
    .column('token_hash')
    .unique()
    .execute();
  await db.schema
    .createIndex('api_tokens_org_user_idx')
    .on('api_tokens')
    .columns(['org_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('share_links')
    .addColumn('id', serial, id)
    .addColumn('org_id', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('prefix', 'text', (c) => c.notNull())
    // JSON array of dashboard ids, shown in this order.
    .addColumn('dashboard_ids', 'text', (c) => c.notNull())
    .addColumn('rotate_seconds', 'integer', (c) => c.notNull().defaultTo(30))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint')
    .addColumn('last_used_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('share_links_token_idx')
    .on('share_links')
    .column('token_hash')
    .unique()
    .execute();
  await db.schema.createIndex('share_links_org_idx').on('share_links').column('org_id').execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', serial, id)
    // null: an event of no organisation (a failed sign-in of an unknown address).
    .addColumn('org_id', 'integer')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('actor_user_id', 'text')
    .addColumn('actor_email', 'text')
    // session, token, share, cli, system or anonymous.
    .addColumn('actor_via', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .execute();
  await db.schema.createIndex('audit_log_org_at_idx').on('audit_log').columns(['org_id', 'at']).execute();
  await db.schema
    .createIndex('audit_log_org_actor_idx')
    .on('audit_log')
    .columns(['org_id', 'actor_user_id', 'at'])
    .execute();
  await db.schema
    .createIndex('audit_log_org_kind_idx')
    .on('audit_log')
    .columns(['org_id', 'kind', 'at'])
    .execute();

  await db.schema.alterTable('dashboards').addColumn('owner_user_id', 'text').execute();
  await db.schema
    .createTable('dashboard_shares')
    .addColumn('org_id', 'integer', (c) => c.notNull())
    .addColumn('dashboard_id', 'integer', (c) => c.notNull())
    // 'org', 'team:NAME' or 'user:USER_ID'.
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('can_edit', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('dashboard_shares_pk', ['org_id', 'dashboard_id', 'scope'])
    .execute();
  // Before people existed every dashboard was the whole organisation's: they stay so.
  const dashboards: { id: number; org_id: number }[] = await anyDb
    .selectFrom('dashboards')
    .select(['id', 'org_id'])
    .execute();
  for (const d of dashboards) {
    await anyDb
      .insertInto('dashboard_shares')
      .values({ org_id: d.org_id, dashboard_id: d.id, scope: 'org', can_edit: 0 })
      .execute();
  }

  await db.schema.alterTable('goals').addColumn('created_by', 'text').execute();
  await db.schema
    .alterTable('goals')
    .addColumn('is_private', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('tasks').addColumn('created_by', 'text').execute();
}
