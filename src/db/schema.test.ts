import { type Kysely, type Selectable, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, DIALECTS, type TestStore } from '../../test/support/test-stores.ts';
import type { FactTable, StoredRow } from './bulk-writer.ts';
import type { DialectName } from './database.ts';
import { FACT_INDEXES } from './fact-indexes.ts';
import type { Database } from './schema.ts';

/**
 * Migrations are frozen copies of what the app meant at the time (they import nothing of it), so
 * nothing but this test ties them to the app: an empty database migrated to the latest version must
 * have exactly the tables and columns schema.ts types, with the nullability it types, the fact
 * indexes the importer drops and rebuilds, and the same shape on SQLite and PostgreSQL.
 */

type Nullability<Row> = { [Column in keyof Row]-?: null extends Row[Column] ? 'null' : 'not null' };

/** Every table and column of schema.ts, checked against it by the compiler: none missing, none extra. */
const EXPECTED: { [Table in keyof Database]: Nullability<Selectable<Database[Table]>> } = {
  orgs: {
    id: 'not null',
    name: 'not null',
    timezone: 'not null',
    currency: 'not null',
    fiscal_year_start_month: 'not null',
    gross_margin: 'not null',
    data_version: 'not null',
    created_at: 'not null',
    slug: 'not null',
    open_leaderboard: 'not null',
  },
  reps: {
    org_id: 'not null',
    id: 'not null',
    name: 'not null',
    email: 'null',
    team: 'null',
    started_on: 'null',
    ended_on: 'null',
    import_id: 'not null',
    source_line: 'not null',
  },
  accounts: {
    org_id: 'not null',
    id: 'not null',
    name: 'not null',
    owner_rep_id: 'null',
    acquired_at: 'null',
    churned_at: 'null',
    effective_acquired_at: 'null',
    import_id: 'not null',
    source_line: 'not null',
  },
  leads: {
    org_id: 'not null',
    id: 'not null',
    created_at: 'not null',
    owner_rep_id: 'null',
    source: 'null',
    has_deal: 'not null',
    first_won_at: 'null',
    import_id: 'not null',
    source_line: 'not null',
  },
  deals: {
    org_id: 'not null',
    id: 'not null',
    name: 'null',
    owner_rep_id: 'null',
    account_id: 'null',
    lead_id: 'null',
    created_at: 'not null',
    closed_at: 'null',
    status: 'not null',
    amount: 'null',
    currency: 'null',
    units: 'not null',
    stage: 'null',
    import_id: 'not null',
    source_line: 'not null',
  },
  emails: {
    org_id: 'not null',
    id: 'not null',
    rep_id: 'null',
    campaign: 'null',
    sent_at: 'not null',
    bounced: 'not null',
    opened_at: 'null',
    import_id: 'not null',
    source_line: 'not null',
  },
  spend: {
    org_id: 'not null',
    date: 'not null',
    category: 'not null',
    note: 'not null',
    seq: 'not null',
    amount: 'not null',
    currency: 'null',
    import_id: 'not null',
    source_line: 'not null',
  },
  targets: {
    org_id: 'not null',
    scope: 'not null',
    metric: 'not null',
    period_start: 'not null',
    period_end: 'not null',
    value: 'not null',
    import_id: 'not null',
    source_line: 'not null',
  },
  imports: {
    id: 'not null',
    org_id: 'null',
    source: 'not null',
    status: 'not null',
    started_at: 'not null',
    finished_at: 'null',
    summary: 'null',
    error_count: 'not null',
    errors: 'null',
    owner_host: 'null',
    owner_pid: 'null',
  },
  imported_files: {
    org_id: 'not null',
    file: 'not null',
    sha256: 'not null',
    size: 'not null',
    rows: 'not null',
    data_version: 'not null',
    rules: 'not null',
    warnings: 'not null',
    import_id: 'not null',
  },
  daily_facts: {
    org_id: 'not null',
    rep_id: 'not null',
    day: 'not null',
    deals_created: 'not null',
    deals_won: 'not null',
    revenue: 'not null',
    units: 'not null',
    cycle_ms: 'not null',
    emails_sent: 'not null',
    emails_delivered: 'not null',
    emails_opened: 'not null',
    leads_created: 'not null',
    leads_with_deal: 'not null',
    leads_won: 'not null',
    lead_conversion_ms: 'not null',
    customers_acquired: 'not null',
    customers_churned: 'not null',
    customers_active: 'not null',
  },
  dashboards: {
    id: 'not null',
    org_id: 'not null',
    name: 'not null',
    widgets: 'not null',
    version: 'not null',
    is_default: 'not null',
    created_at: 'not null',
    updated_at: 'not null',
    owner_user_id: 'null',
  },
  goal_folders: {
    id: 'not null',
    org_id: 'not null',
    name: 'not null',
    position: 'not null',
    created_at: 'not null',
  },
  goals: {
    id: 'not null',
    org_id: 'not null',
    folder_id: 'null',
    name: 'not null',
    description: 'null',
    owner_rep_id: 'null',
    start_date: 'not null',
    due_date: 'not null',
    kind: 'not null',
    created_at: 'not null',
    updated_at: 'not null',
    version: 'not null',
    created_by: 'null',
    is_private: 'not null',
  },
  goal_shares: { org_id: 'not null', goal_id: 'not null', scope: 'not null' },
  goal_targets: {
    id: 'not null',
    org_id: 'not null',
    goal_id: 'not null',
    name: 'not null',
    kind: 'not null',
    position: 'not null',
    weight: 'null',
    start_value: 'null',
    target_value: 'null',
    current_value: 'null',
    done: 'not null',
    metric: 'null',
    scope: 'null',
    direction: 'not null',
    period_start: 'null',
    period_end: 'null',
    created_at: 'not null',
    updated_at: 'not null',
    is_quota: 'not null',
  },
  target_updates: {
    id: 'not null',
    org_id: 'not null',
    target_id: 'not null',
    value: 'not null',
    note: 'null',
    updated_by: 'not null',
    at: 'not null',
  },
  quota_changes: {
    id: 'not null',
    org_id: 'not null',
    at: 'not null',
    updated_by: 'not null',
    action: 'not null',
    scope: 'not null',
    metric: 'not null',
    period_start: 'not null',
    period_end: 'not null',
    old_value: 'null',
    new_value: 'null',
    goal_id: 'null',
    goal_name: 'null',
    target_id: 'null',
    target_name: 'null',
  },
  tasks: {
    id: 'not null',
    org_id: 'not null',
    title: 'not null',
    type: 'not null',
    assignee_rep_id: 'null',
    due_date: 'null',
    status: 'not null',
    completed_at: 'null',
    deal_id: 'null',
    account_id: 'null',
    target_id: 'null',
    created_at: 'not null',
    updated_at: 'not null',
    created_by: 'null',
  },
  dashboard_shares: { org_id: 'not null', dashboard_id: 'not null', scope: 'not null', can_edit: 'not null' },
  user: {
    id: 'not null',
    name: 'not null',
    email: 'not null',
    emailVerified: 'not null',
    image: 'null',
    createdAt: 'not null',
    updatedAt: 'not null',
    twoFactorEnabled: 'null',
  },
  session: {
    id: 'not null',
    expiresAt: 'not null',
    token: 'not null',
    createdAt: 'not null',
    updatedAt: 'not null',
    ipAddress: 'null',
    userAgent: 'null',
    userId: 'not null',
  },
  account: {
    id: 'not null',
    accountId: 'not null',
    providerId: 'not null',
    userId: 'not null',
    accessToken: 'null',
    refreshToken: 'null',
    idToken: 'null',
    accessTokenExpiresAt: 'null',
    refreshTokenExpiresAt: 'null',
    scope: 'null',
    password: 'null',
    createdAt: 'not null',
    updatedAt: 'not null',
  },
  verification: {
    id: 'not null',
    identifier: 'not null',
    value: 'not null',
    expiresAt: 'not null',
    createdAt: 'not null',
    updatedAt: 'not null',
  },
  twoFactor: {
    id: 'not null',
    secret: 'not null',
    backupCodes: 'not null',
    userId: 'not null',
    verified: 'null',
    failedVerificationCount: 'null',
    lockedUntil: 'null',
  },
  server_settings: { key: 'not null', value: 'not null' },
  members: {
    org_id: 'not null',
    user_id: 'not null',
    role: 'not null',
    rep_id: 'null',
    teams: 'not null',
    created_at: 'not null',
    updated_at: 'not null',
  },
  invitations: {
    id: 'not null',
    org_id: 'not null',
    email: 'null',
    role: 'not null',
    rep_id: 'null',
    teams: 'not null',
    token_hash: 'not null',
    invited_by: 'null',
    created_at: 'not null',
    expires_at: 'not null',
    accepted_at: 'null',
    accepted_by: 'null',
    revoked_at: 'null',
  },
  api_tokens: {
    id: 'not null',
    org_id: 'not null',
    user_id: 'not null',
    name: 'not null',
    scope: 'not null',
    token_hash: 'not null',
    prefix: 'not null',
    created_at: 'not null',
    expires_at: 'null',
    last_used_at: 'null',
    revoked_at: 'null',
  },
  share_links: {
    id: 'not null',
    org_id: 'not null',
    name: 'not null',
    created_by: 'null',
    token_hash: 'not null',
    prefix: 'not null',
    dashboard_ids: 'not null',
    rotate_seconds: 'not null',
    created_at: 'not null',
    expires_at: 'null',
    last_used_at: 'null',
    revoked_at: 'null',
  },
  audit_log: {
    id: 'not null',
    org_id: 'null',
    at: 'not null',
    actor_user_id: 'null',
    actor_email: 'null',
    actor_via: 'not null',
    ip: 'null',
    kind: 'not null',
    action: 'not null',
    subject: 'null',
    summary: 'not null',
    before: 'null',
    after: 'null',
  },
  import_mappings: {
    org_id: 'not null',
    name: 'not null',
    document: 'not null',
    created_at: 'not null',
    updated_at: 'not null',
    updated_by: 'null',
  },
  import_sources: {
    id: 'not null',
    org_id: 'not null',
    name: 'not null',
    kind: 'not null',
    location: 'not null',
    header_name: 'null',
    header_secret: 'null',
    header_tail: 'null',
    mapping_name: 'null',
    mapping: 'null',
    snapshot: 'not null',
    schedule: 'not null',
    enabled: 'not null',
    created_at: 'not null',
    updated_at: 'not null',
    etag: 'null',
    last_modified: 'null',
    last_hash: 'null',
    last_status: 'null',
    last_message: 'null',
    last_run_at: 'null',
    last_import_id: 'null',
    failures: 'not null',
    retry_at: 'null',
  },
  import_source_runs: {
    id: 'not null',
    source_id: 'not null',
    org_id: 'not null',
    started_at: 'not null',
    finished_at: 'null',
    status: 'not null',
    message: 'null',
    import_id: 'null',
    bytes: 'null',
    trigger: 'not null',
  },
  alert_rules: {
    id: 'not null',
    org_id: 'not null',
    name: 'not null',
    kind: 'not null',
    condition: 'not null',
    scope_kind: 'not null',
    scope_id: 'null',
    create_task: 'not null',
    recipients: 'not null',
    enabled: 'not null',
    created_by: 'null',
    created_at: 'not null',
    updated_at: 'not null',
    last_checked_at: 'null',
  },
  alert_states: {
    rule_id: 'not null',
    subject: 'not null',
    crossed: 'not null',
    value: 'null',
    changed_at: 'not null',
  },
  alert_events: {
    id: 'not null',
    org_id: 'not null',
    rule_id: 'not null',
    subject: 'not null',
    fired_at: 'not null',
    title: 'not null',
    message: 'not null',
    value: 'null',
    link: 'not null',
    task_id: 'null',
  },
  notifications: {
    id: 'not null',
    org_id: 'not null',
    user_id: 'not null',
    kind: 'not null',
    title: 'not null',
    body: 'not null',
    link: 'null',
    created_at: 'not null',
    read_at: 'null',
  },
  notification_settings: {
    org_id: 'not null',
    user_id: 'not null',
    channels: 'not null',
    quiet_from: 'null',
    quiet_to: 'null',
    time_zone: 'null',
    slack_url: 'null',
    teams_url: 'null',
    gchat_url: 'null',
    updated_at: 'not null',
  },
  channel_deliveries: {
    id: 'not null',
    org_id: 'not null',
    user_id: 'null',
    channel: 'not null',
    target: 'not null',
    kind: 'not null',
    subject: 'not null',
    status: 'not null',
    error: 'null',
    created_at: 'not null',
    sent_at: 'null',
    payload: 'null',
    send_after: 'null',
  },
  webhooks: {
    id: 'not null',
    org_id: 'not null',
    name: 'not null',
    url: 'not null',
    events: 'not null',
    secret: 'not null',
    secret_tail: 'not null',
    allow_private: 'not null',
    enabled: 'not null',
    disabled_reason: 'null',
    failures: 'not null',
    created_by: 'null',
    created_at: 'not null',
    updated_at: 'not null',
  },
  webhook_deliveries: {
    id: 'not null',
    webhook_id: 'not null',
    org_id: 'not null',
    event: 'not null',
    event_id: 'not null',
    payload: 'not null',
    attempts: 'not null',
    status: 'not null',
    response_code: 'null',
    error: 'null',
    duration_ms: 'null',
    created_at: 'not null',
    last_attempt_at: 'null',
    next_attempt_at: 'null',
  },
  digests: {
    id: 'not null',
    org_id: 'not null',
    name: 'not null',
    dashboard_id: 'null',
    frequency: 'not null',
    day: 'null',
    local_time: 'not null',
    recipients: 'not null',
    attach_pdf: 'not null',
    enabled: 'not null',
    created_by: 'null',
    created_at: 'not null',
    updated_at: 'not null',
    last_sent_at: 'null',
    last_status: 'null',
    last_message: 'null',
  },
  scheduled_jobs: {
    name: 'not null',
    next_run_at: 'not null',
    last_run_at: 'null',
    last_status: 'null',
    last_message: 'null',
  },
  annotations: {
    id: 'not null',
    org_id: 'not null',
    team: 'null',
    from_day: 'not null',
    to_day: 'not null',
    note: 'not null',
    created_by: 'null',
    created_at: 'not null',
    updated_at: 'not null',
  },
  event_watch: {
    org_id: 'not null',
    kind: 'not null',
    subject: 'not null',
    value: 'not null',
    updated_at: 'not null',
  },
};

/**
 * better-auth's tables are its own: it declares dates and booleans per dialect (date / timestamptz,
 * integer / boolean) and unique columns as constraints, so they are left out of the comparison of
 * the two dialects' shapes (their columns and nullability are still checked above).
 */
const AUTH_TABLES = new Set(['user', 'session', 'account', 'verification', 'twoFactor']);

function withoutAuthTables(shape: Shape | undefined): Shape | undefined {
  if (!shape) return shape;
  const keep = <T>(record: Record<string, T>, tableOf: (key: string, value: T) => string) =>
    Object.fromEntries(
      Object.entries(record).filter(([key, value]) => !AUTH_TABLES.has(tableOf(key, value))),
    );
  return {
    tables: keep(shape.tables, (key) => key),
    primaryKeys: keep(shape.primaryKeys, (key) => key),
    indexes: keep(shape.indexes, (_key, index) => index.table),
  };
}

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** The importer's stored row of each fact table is that table's row: checked by the compiler. */
const STORED_ROWS_ARE_TABLE_ROWS: { [T in FactTable]: Same<StoredRow<T>, Selectable<Database[T]>> } = {
  reps: true,
  accounts: true,
  leads: true,
  deals: true,
  emails: true,
  spend: true,
  targets: true,
};

interface Column {
  nullable: 'null' | 'not null';
  /** The declared type, in SQLite's spelling. */
  type: string;
}

interface Index {
  table: string;
  columns: string[];
  unique: boolean;
  partial: boolean;
}

interface Shape {
  tables: Record<string, Record<string, Column>>;
  primaryKeys: Record<string, string[]>;
  /** Named secondary indexes (not primary keys). */
  indexes: Record<string, Index>;
}

/** PostgreSQL's internal type names, in the spelling the migrations declare them. */
const PG_TYPES: Record<string, string> = {
  int4: 'integer',
  int8: 'bigint',
  float8: 'double precision',
  text: 'text',
};

async function shapeOf(db: Kysely<Database>, dialect: DialectName): Promise<Shape> {
  const tables: Shape['tables'] = {};
  for (const table of await db.introspection.getTables()) {
    tables[table.name] = Object.fromEntries(
      table.columns.map((c) => [
        c.name,
        {
          // SQLite reports its rowid alias (integer primary key autoincrement) nullable; it never is.
          nullable: c.isNullable && !(dialect === 'sqlite' && c.isAutoIncrementing) ? 'null' : 'not null',
          type: dialect === 'postgres' ? (PG_TYPES[c.dataType] ?? c.dataType) : c.dataType.toLowerCase(),
        },
      ]),
    );
  }
  const primaryKeys: Shape['primaryKeys'] = {};
  const indexes: Shape['indexes'] = {};
  if (dialect === 'sqlite') {
    for (const table of Object.keys(tables)) {
      const info = await sql<{
        name: string;
        pk: number;
      }>`select name, pk from pragma_table_info(${table})`.execute(db);
      primaryKeys[table] = info.rows
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name);
      const list = await sql<{
        name: string;
        unique: number;
        origin: string;
        partial: number;
      }>`select name, "unique", origin, partial from pragma_index_list(${table})`.execute(db);
      for (const index of list.rows) {
        if (index.origin !== 'c') continue; // 'pk' and 'u' are the table's own constraints
        const columns = await sql<{
          name: string | null;
          seqno: number;
        }>`select name, seqno from pragma_index_info(${index.name})`.execute(db);
        indexes[index.name] = {
          table,
          columns: columns.rows.sort((a, b) => a.seqno - b.seqno).map((c) => c.name ?? '(expression)'),
          unique: index.unique === 1,
          partial: index.partial === 1,
        };
      }
    }
  } else {
    const rows = await sql<{
      name: string;
      table: string;
      columns: string[];
      unique: boolean;
      partial: boolean;
      primary: boolean;
    }>`
      select i.relname as name, t.relname as table, ix.indisunique as unique,
        ix.indpred is not null as partial, ix.indisprimary as primary,
        array(
          select coalesce(a.attname::text, '(expression)') from unnest(ix.indkey) with ordinality as k(attnum, n)
          left join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum order by k.n
        ) as columns
      from pg_index ix
      join pg_class i on i.oid = ix.indexrelid
      join pg_class t on t.oid = ix.indrelid
      join pg_namespace ns on ns.oid = t.relnamespace
      where ns.nspname = current_schema() and t.relname not like 'kysely_%'
    `.execute(db);
    for (const row of rows.rows) {
      if (row.primary) primaryKeys[row.table] = row.columns;
      else
        indexes[row.name] = {
          table: row.table,
          columns: row.columns,
          unique: row.unique,
          partial: row.partial,
        };
    }
    for (const table of Object.keys(tables)) primaryKeys[table] ??= [];
  }
  return { tables, primaryKeys, indexes };
}

const shapes = new Map<DialectName, Shape>();

describe('the schema an empty database is migrated to', () => {
  const stores: TestStore[] = [];
  beforeAll(async () => {
    for (const dialect of DIALECTS) {
      const store = await createTestStore(dialect);
      stores.push(store);
      shapes.set(dialect, await shapeOf(store.db, dialect));
    }
  });
  afterAll(async () => {
    for (const store of stores) await store.dispose();
  });

  it.each(DIALECTS)(
    'on %s has exactly the tables and columns of schema.ts, nullable where typed so',
    (dialect) => {
      const { tables } = shapes.get(dialect)!;
      const actual = Object.fromEntries(
        Object.entries(tables).map(([table, columns]) => [
          table,
          Object.fromEntries(Object.entries(columns).map(([name, column]) => [name, column.nullable])),
        ]),
      );
      expect(actual).toEqual(EXPECTED);
    },
  );

  it.each(DIALECTS)('on %s has the fact indexes the importer drops and rebuilds', (dialect) => {
    const { indexes } = shapes.get(dialect)!;
    for (const index of FACT_INDEXES) {
      expect(indexes[index.name], index.name).toEqual({
        table: index.table,
        columns: [...index.columns],
        unique: false,
        partial: false,
      });
    }
  });

  it('is what the importer reads back of every fact table', () => {
    expect(Object.values(STORED_ROWS_ARE_TABLE_ROWS).every((same) => same)).toBe(true);
  });

  it('is the same on SQLite and PostgreSQL: column types, primary keys and indexes', () => {
    expect(withoutAuthTables(shapes.get('postgres'))).toEqual(withoutAuthTables(shapes.get('sqlite')));
  });
});
