import { type CreateTableBuilder, type Kysely, sql } from 'kysely';

/**
 * The organisation, the imported facts (KPI-SPEC §2), import history and the daily rollup.
 * Frozen: a migration imports nothing from the app, so later changes to the app cannot change what
 * it does to a new database. The fact indexes below are src/db/fact-indexes.ts's list as this
 * migration created them; the importer drops and rebuilds them from that list, and
 * src/db/schema.test.ts keeps the two equal.
 */

/** Secondary indexes of the fact tables (src/db/fact-indexes.ts says why each). */
const FACT_INDEXES = [
  {
    name: 'accounts_customer_idx',
    table: 'accounts',
    columns: ['org_id', 'owner_rep_id', 'effective_acquired_at', 'churned_at'],
  },
  {
    name: 'accounts_churned_idx',
    table: 'accounts',
    columns: ['org_id', 'churned_at', 'effective_acquired_at', 'owner_rep_id'],
  },
  {
    name: 'deals_closed_idx',
    table: 'deals',
    columns: ['org_id', 'status', 'closed_at', 'owner_rep_id', 'created_at', 'amount', 'units'],
  },
  { name: 'deals_lead_idx', table: 'deals', columns: ['org_id', 'lead_id', 'status', 'closed_at'] },
  { name: 'deals_account_idx', table: 'deals', columns: ['org_id', 'account_id', 'status', 'closed_at'] },
];

export async function up(db: Kysely<unknown>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const serial = dialect === 'postgres' ? 'serial' : 'integer';
  // SQLite stores keyed fact tables clustered by their primary key: one B-tree instead of two.
  const clustered = <T extends string, C extends string>(t: CreateTableBuilder<T, C>) =>
    dialect === 'sqlite' ? t.modifyEnd(sql`without rowid`) : t;

  await db.schema
    .createTable('orgs')
    .addColumn('id', serial, (c) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('fiscal_year_start_month', 'integer', (c) => c.notNull())
    .addColumn('gross_margin', 'double precision', (c) => c.notNull())
    .addColumn('data_version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('imports')
    .addColumn('id', serial, (c) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
    .addColumn('org_id', 'integer')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .addColumn('summary', 'text')
    .addColumn('error_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('errors', 'text')
    .execute();
  await db.schema.createIndex('imports_org_idx').on('imports').columns(['org_id', 'id']).execute();

  await clustered(
    db.schema
      .createTable('reps')
      .addColumn('org_id', 'integer', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('email', 'text')
      .addColumn('team', 'text')
      .addColumn('started_on', 'text')
      .addColumn('ended_on', 'text')
      .addColumn('import_id', 'integer', (c) => c.notNull())
      .addColumn('source_line', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('reps_pk', ['org_id', 'id']),
  ).execute();

  await clustered(
    db.schema
      .createTable('accounts')
      .addColumn('org_id', 'integer', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('owner_rep_id', 'text')
      .addColumn('acquired_at', 'bigint')
      .addColumn('churned_at', 'bigint')
      .addColumn('effective_acquired_at', 'bigint')
      .addColumn('import_id', 'integer', (c) => c.notNull())
      .addColumn('source_line', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('accounts_pk', ['org_id', 'id']),
  ).execute();

  await clustered(
    db.schema
      .createTable('leads')
      .addColumn('org_id', 'integer', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('owner_rep_id', 'text')
      .addColumn('source', 'text')
      .addColumn('has_deal', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('first_won_at', 'bigint')
      .addColumn('import_id', 'integer', (c) => c.notNull())
      .addColumn('source_line', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('leads_pk', ['org_id', 'id']),
  ).execute();

  await clustered(
    db.schema
      .createTable('deals')
      .addColumn('org_id', 'integer', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('name', 'text')
      .addColumn('owner_rep_id', 'text')
      .addColumn('account_id', 'text')
      .addColumn('lead_id', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('closed_at', 'bigint')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('amount', 'bigint')
      .addColumn('currency', 'text')
      .addColumn('units', 'integer', (c) => c.notNull())
      .addColumn('stage', 'text')
      .addColumn('import_id', 'integer', (c) => c.notNull())
      .addColumn('source_line', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('deals_pk', ['org_id', 'id']),
  ).execute();

  await clustered(
    db.schema
      .createTable('emails')
      .addColumn('org_id', 'integer', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('rep_id', 'text')
      .addColumn('campaign', 'text')
      .addColumn('sent_at', 'bigint', (c) => c.notNull())
      .addColumn('bounced', 'integer', (c) => c.notNull())
      .addColumn('opened_at', 'bigint')
      .addColumn('import_id', 'integer', (c) => c.notNull())
      .addColumn('source_line', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('emails_pk', ['org_id', 'id']),
  ).execute();

  await clustered(
    db.schema
      .createTable('spend')
      .addColumn('org_id', 'integer', (c) => c.notNull())
      .addColumn('date', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('amount', 'bigint', (c) => c.notNull())
      .addColumn('currency', 'text')
      .addColumn('import_id', 'integer', (c) => c.notNull())
      .addColumn('source_line', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('spend_pk', ['org_id', 'date', 'category', 'note', 'seq']),
  ).execute();

  await clustered(
    db.schema
      .createTable('targets')
      .addColumn('org_id', 'integer', (c) => c.notNull())
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('metric', 'text', (c) => c.notNull())
      .addColumn('period_start', 'text', (c) => c.notNull())
      .addColumn('period_end', 'text', (c) => c.notNull())
      .addColumn('value', 'double precision', (c) => c.notNull())
      .addColumn('import_id', 'integer', (c) => c.notNull())
      .addColumn('source_line', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('targets_pk', ['org_id', 'scope', 'metric', 'period_start', 'period_end']),
  ).execute();

  for (const index of FACT_INDEXES) {
    await db.schema.createIndex(index.name).ifNotExists().on(index.table).columns(index.columns).execute();
  }

  const facts = [
    'deals_created',
    'deals_won',
    'revenue',
    'units',
    'cycle_ms',
    'emails_sent',
    'emails_delivered',
    'emails_opened',
    'leads_created',
    'leads_with_deal',
    'leads_won',
    'lead_conversion_ms',
    'customers_acquired',
    'customers_churned',
    'customers_active',
  ];
  let daily = db.schema
    .createTable('daily_facts')
    .addColumn('org_id', 'integer', (c) => c.notNull())
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('rep_id', 'text', (c) => c.notNull());
  for (const column of facts) daily = daily.addColumn(column, 'bigint', (c) => c.notNull().defaultTo(0));
  await clustered(daily.addPrimaryKeyConstraint('daily_facts_pk', ['org_id', 'day', 'rep_id'])).execute();
  // A customer balance is read as an owner's latest day before a date.
  await db.schema
    .createIndex('daily_facts_owner_idx')
    .on('daily_facts')
    .columns(['org_id', 'rep_id', 'day', 'customers_active'])
    .execute();
}
