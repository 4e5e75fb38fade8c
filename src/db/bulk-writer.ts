import { sql, type Transaction } from 'kysely';
import type pg from 'pg';
import type { AnyTables } from './any-tables.ts';
import type { Store } from './database.ts';
import { CopyStream, copyInto, quoteIdent, withPgClient } from './pg-copy.ts';
import type {
  AccountsTable,
  Database,
  DealsTable,
  EmailsTable,
  LeadsTable,
  RepsTable,
  SpendTable,
  TargetsTable,
} from './schema.ts';
import { createStatementRunner, type StatementRunner } from './statement-runner.ts';

/** What every imported row carries besides its file's fields: whose it is and where it came from. */
interface RowOrigin {
  org_id: number;
  import_id: number;
  source_line: number;
}

type FromFile<Table> = Omit<Table, keyof RowOrigin>;

/** A fact table's row as its file gives it: the table's columns but its origin and what is derived. */
interface FileRows {
  reps: FromFile<RepsTable>;
  accounts: Omit<FromFile<AccountsTable>, 'effective_acquired_at'>;
  leads: Omit<FromFile<LeadsTable>, 'has_deal' | 'first_won_at'>;
  deals: FromFile<DealsTable>;
  emails: FromFile<EmailsTable>;
  spend: FromFile<SpendTable>;
  targets: FromFile<TargetsTable>;
}

export type FactTable = keyof FileRows;

type NoColumns = Record<never, never>;

/** Columns the importer derives after writing; a new row starts with their defaults, an update keeps them. */
interface DerivedRows {
  reps: NoColumns;
  accounts: Pick<AccountsTable, 'effective_acquired_at'>;
  leads: Pick<LeadsTable, 'has_deal' | 'first_won_at'>;
  deals: NoColumns;
  emails: NoColumns;
  spend: NoColumns;
  targets: NoColumns;
}

/** A row of `T` as its file gives it. */
export type FileRow<T extends FactTable> = FileRows[T];

type StoredColumns<T extends FactTable> = FileRows[T] & DerivedRows[T] & RowOrigin;

/**
 * A stored row of `T` as the importer reads it back (to compare, to move the rollup, to report a
 * duplicate): the table's row exactly (schema.test.ts checks that it is).
 */
export type StoredRow<T extends FactTable> = { [C in keyof StoredColumns<T>]: StoredColumns<T>[C] };

/** Rows to write as one flat row-major array of cells: the insert's bound parameters, ready made. */
export interface RowBlock {
  readonly columns: readonly string[];
  readonly values: readonly (string | number | null)[];
  readonly count: number;
  /** See CopyRows.plainText. */
  readonly plainText?: boolean;
}

const KEY_COLUMNS: Record<FactTable, readonly string[]> = {
  reps: ['org_id', 'id'],
  accounts: ['org_id', 'id'],
  leads: ['org_id', 'id'],
  deals: ['org_id', 'id'],
  emails: ['org_id', 'id'],
  spend: ['org_id', 'date', 'category', 'note', 'seq'],
  targets: ['org_id', 'scope', 'metric', 'period_start', 'period_end'],
};

/** Columns the importer derives later; a new row starts with these values, an update keeps them. */
const DERIVED_DEFAULTS: Partial<Record<FactTable, Readonly<Record<string, number | null>>>> = {
  accounts: { effective_acquired_at: null },
  leads: { has_deal: 0, first_won_at: null },
};

/**
 * Room left in each page by a first load (PostgreSQL): a first load of deals then sets has_deal and
 * first_won_at of most leads, and an updated row that finds room on its page is a heap-only update,
 * with no new entry in the key. Measured at 1M deals (900k of 2M leads linked): 14.6 s for the
 * UPDATE on full pages, 6.5 s with half of each page free. 65% leaves room for every lead to be
 * linked up to about half of them; past that the rest are plain updates, as before.
 */
const LOAD_FILLFACTOR: Partial<Record<FactTable, number>> = { leads: 65 };

export const hasIdKey = (table: FactTable): boolean => KEY_COLUMNS[table].length === 2;

/** See BulkWriter.openLoad. */
export interface TableLoad {
  write(rows: RowBlock): Promise<void>;
  /** Ends the load; returns how many rows it stored. */
  finish(): Promise<number>;
  /** Ends the load storing nothing, so that the transaction can roll back. */
  abort(error: unknown): Promise<void>;
}

/** A row that repeats the id of an earlier row of the same load. */
export interface DuplicateRow {
  id: string;
  line: number;
  firstLine: number;
}

/** plain: a new table's rows; nothing: skip rows whose key exists; update: upsert. */
type WriteMode = 'plain' | 'nothing' | 'update';

/** Statements of at most this many rows; both engines stay far below their bound-parameter limits. */
export const WRITE_BATCH_ROWS = 500;

export interface BulkWriter {
  /** The writer's statement cache, for other bulk statements of the same transaction. */
  runner: StatementRunner;
  /**
   * Whether a first load into an empty table can go without the table's primary key (PostgreSQL):
   * see dropKey, load and restoreKey.
   */
  loadsWithoutKey: boolean;
  /**
   * Gathers the planner's statistics of a table a first load filled (PostgreSQL; nothing on SQLite):
   * without them the statements that follow in the same transaction (linking deals, paging the
   * rollup's facts) plan for an empty table, measured 2.9 s a page instead of 0.16 s at 1M deals.
   */
  analyze(table: FactTable): Promise<void>;
  /** Drops the table's primary key for a first load into it (PostgreSQL, the table empty). */
  dropKey(table: FactTable): Promise<void>;
  /**
   * A COPY straight into a table whose key is dropped, open until finished: batches go in without
   * a round trip each. Nothing else may use the transaction meanwhile (it would wait for the end).
   */
  openLoad(table: FactTable): TableLoad;
  /**
   * Builds the key dropKey dropped. Rows repeating an earlier row's key are first passed to
   * `onDuplicate` in line order (with the line of the row they repeat) and removed.
   */
  restoreKey(table: FactTable, onDuplicate: (row: DuplicateRow) => void): Promise<void>;
  /** Whether the organisation has any row in the table. */
  hasRows(table: FactTable): Promise<boolean>;
  /** Whether the table is empty for every organisation. */
  isEmpty(table: FactTable): Promise<boolean>;
  /** Inserts rows, leaving any whose key already exists alone; returns how many were inserted. */
  insertNew(table: FactTable, rows: RowBlock): Promise<number>;
  /** Inserts or updates rows by key (derived columns of updated rows are kept). */
  upsert(table: FactTable, rows: RowBlock): Promise<void>;
  /** Stored rows of an id-keyed table for these ids. */
  findByIds<T extends FactTable>(table: T, ids: readonly string[]): Promise<StoredRow<T>[]>;
  /** Every stored row of a small table (spend, targets, reps). */
  findAll<T extends FactTable>(table: T): Promise<StoredRow<T>[]>;
  /** Which of these ids exist. */
  existingIds(table: 'reps' | 'accounts' | 'leads', ids: readonly string[]): Promise<Set<string>>;
}

/**
 * Bulk statements for one import transaction. The SQL comes from Kysely (one text per table,
 * mode and row count); SQLite runs it as a prepared statement reused across batches, because
 * re-preparing a 7,000-parameter statement per batch would cost more than the insert.
 */
export function createBulkWriter(trx: Transaction<Database>, store: Store, orgId: number): BulkWriter {
  const sqlCache = new Map<string, string>();
  // Statements for a table named at run time: the same transaction, typed to name any table.
  const k = trx.withTables<AnyTables>();
  /** The table as that view names it. */
  const named = (table: FactTable): string => table;
  const runner = createStatementRunner(trx, store);
  const run = runner.run;
  const query = runner.all;

  const existsSql = (table: FactTable, width: number): string => {
    const cacheKey = `exists|${table}|${width}`;
    const cached = sqlCache.get(cacheKey);
    if (cached) return cached;
    const text: string = k
      .selectFrom(named(table))
      .select('id')
      .where('org_id', '=', orgId)
      .where(
        'id',
        'in',
        Array.from({ length: width }, (_, i) => `id-${i}`),
      )
      .compile().sql;
    sqlCache.set(cacheKey, text);
    return text;
  };

  /** A derived column the rows do not carry starts at its default. */
  const defaultsFor = (table: FactTable, rows: RowBlock): [string, number | null][] =>
    Object.entries(DERIVED_DEFAULTS[table] ?? {}).filter(([column]) => !rows.columns.includes(column));

  const insertSql = (
    table: FactTable,
    columns: readonly string[],
    count: number,
    mode: WriteMode,
  ): string => {
    const cacheKey = `${table}|${mode}|${count}|${columns.join(',')}`;
    const cached = sqlCache.get(cacheKey);
    if (cached) return cached;
    const template = Object.fromEntries(columns.map((column) => [column, null]));
    const keys = KEY_COLUMNS[table];
    const derived = new Set(Object.keys(DERIVED_DEFAULTS[table] ?? {}));
    const updatable = columns.filter((c) => !keys.includes(c) && !derived.has(c));
    const insert = k.insertInto(named(table)).values(Array.from({ length: count }, () => template));
    const text: string = (
      mode === 'plain'
        ? insert
        : insert.onConflict((oc) => {
            const target = oc.columns(keys as string[]);
            return mode === 'update'
              ? target.doUpdateSet(Object.fromEntries(updatable.map((c) => [c, sql.ref(`excluded.${c}`)])))
              : target.doNothing();
          })
    ).compile().sql;
    sqlCache.set(cacheKey, text);
    return text;
  };

  const staged = new Set<FactTable>();
  /**
   * PostgreSQL: the rows are copied into a staging table of the transaction, then merged by one
   * INSERT … SELECT … ON CONFLICT, which sends and parses a row several times faster than bound
   * parameters do (docs/adr/0018-postgres-copy-imports.md).
   */
  const copyWrite = (table: FactTable, rows: RowBlock, mode: WriteMode): Promise<number> =>
    withPgClient(trx, async (client) => {
      const stage = quoteIdent(`udn_stage_${table}`);
      const target = quoteIdent(table);
      if (!staged.has(table)) {
        await client.query(`create temp table ${stage} (like ${target} including defaults) on commit drop`);
        staged.add(table);
      }
      await copyInto(client, `udn_stage_${table}`, rows);
      const keys = KEY_COLUMNS[table];
      const derived = new Set(Object.keys(DERIVED_DEFAULTS[table] ?? {}));
      const columns = rows.columns.map(quoteIdent).join(', ');
      const onConflict =
        mode === 'update'
          ? `do update set ${rows.columns
              .filter((c) => !keys.includes(c) && !derived.has(c))
              .map((c) => `${quoteIdent(c)} = excluded.${quoteIdent(c)}`)
              .join(', ')}`
          : 'do nothing';
      // One round trip: the merge, then the staging table emptied (in place: it is the transaction's own).
      const results: pg.QueryResult | pg.QueryResult[] = await client.query(
        `insert into ${target} (${columns}) select ${columns} from ${stage} on conflict (${keys.map(quoteIdent).join(', ')}) ${onConflict}; truncate ${stage}`,
      );
      return (Array.isArray(results) ? results[0] : results)?.rowCount ?? 0;
    });

  const write = async (table: FactTable, rows: RowBlock, mode: WriteMode): Promise<number> => {
    if (rows.count === 0) return 0;
    if (!store.sqlite) return copyWrite(table, rows, mode);
    const defaults = defaultsFor(table, rows);
    const columns = [...rows.columns, ...defaults.map(([column]) => column)];
    const width = rows.columns.length;
    let written = 0;
    for (let start = 0; start < rows.count; start += WRITE_BATCH_ROWS) {
      const end = Math.min(rows.count, start + WRITE_BATCH_ROWS);
      let params: (string | number | null)[];
      if (defaults.length === 0) params = rows.values.slice(start * width, end * width);
      else {
        params = new Array((end - start) * columns.length);
        let p = 0;
        for (let r = start; r < end; r++) {
          for (let c = r * width; c < (r + 1) * width; c++) params[p++] = rows.values[c]!;
          for (const [, value] of defaults) params[p++] = value;
        }
      }
      const count = end - start;
      if (mode === 'nothing' && store.sqlite) {
        // A plain INSERT is a quarter faster; a duplicate key fails only this statement, which
        // is then repeated in the form that skips the duplicates.
        try {
          written += await run(insertSql(table, columns, count, 'plain'), params);
          continue;
        } catch (error) {
          if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_PRIMARYKEY') throw error;
        }
      }
      written += await run(insertSql(table, columns, count, mode), params);
    }
    return written;
  };

  const keyName = (table: FactTable) => quoteIdent(`${table}_pk`);
  const keyColumns = (table: FactTable) => KEY_COLUMNS[table].map(quoteIdent).join(', ');

  return {
    runner,
    loadsWithoutKey: !store.sqlite,
    async analyze(table) {
      if (store.sqlite) return;
      await withPgClient(trx, (client) => client.query(`analyze ${quoteIdent(table)}`));
    },
    async dropKey(table) {
      await withPgClient(trx, async (client) => {
        // Room to sort the rebuilt indexes, and to hash the first load's set-based linking, in
        // memory (the defaults spill millions of keys to disk); the settings end with the transaction.
        await client.query("set local maintenance_work_mem = '256MB'");
        await client.query("set local work_mem = '64MB'");
        await client.query(`alter table ${quoteIdent(table)} drop constraint ${keyName(table)}`);
        const fillfactor = LOAD_FILLFACTOR[table];
        if (fillfactor)
          await client.query(`alter table ${quoteIdent(table)} set (fillfactor = ${fillfactor})`);
      });
    },
    openLoad(table) {
      let copy: CopyStream | undefined;
      return {
        async write(rows) {
          if (rows.count === 0) return;
          copy ??= new CopyStream(await withPgClient(trx, async (client) => client), table, rows.columns);
          await copy.write(rows);
        },
        finish: async () => (copy ? await copy.end() : 0),
        async abort(error) {
          await copy?.abort(error);
        },
      };
    },
    restoreKey: (table, onDuplicate) =>
      withPgClient(trx, async (client) => {
        const target = quoteIdent(table);
        // The pages keep the room the load left; later writes fill them as the schema says.
        if (LOAD_FILLFACTOR[table]) await client.query(`alter table ${target} reset (fillfactor)`);
        const addKey = `alter table ${target} add constraint ${keyName(table)} primary key (${keyColumns(table)})`;
        // Building the key is the check for duplicates: only when it fails are they looked for,
        // in a savepoint's rollback, rather than by a search through every row of every load.
        await client.query('savepoint udn_restore_key');
        try {
          await client.query(addKey);
          await client.query('release savepoint udn_restore_key');
          return;
        } catch (error) {
          if ((error as { code?: string }).code !== '23505') throw error;
          await client.query('rollback to savepoint udn_restore_key');
        }
        const dups = quoteIdent(`udn_duplicates_${table}`);
        await client.query(
          `create temp table ${dups} on commit drop as
           select t.id, t.source_line as line, f.first_line
           from ${target} t
           join (select id, min(source_line) as first_line from ${target} where org_id = $1
                 group by id having count(*) > 1) f on f.id = t.id
           where t.org_id = $1 and t.source_line > f.first_line`.replaceAll('$1', String(orgId)),
        );
        // A page at a time: a file could repeat millions of ids.
        for (let after = -1; ; ) {
          const page = await client.query<{ id: string; line: number; first_line: number }>(
            `select id, line, first_line from ${dups} where line > $1 order by line limit 10000`,
            [after],
          );
          for (const row of page.rows) onDuplicate({ id: row.id, line: row.line, firstLine: row.first_line });
          if (page.rows.length < 10000) break;
          after = page.rows[page.rows.length - 1]!.line;
        }
        await client.query(
          `delete from ${target} t using ${dups} d where t.org_id = $1 and t.id = d.id and t.source_line = d.line`,
          [orgId],
        );
        await client.query(`drop table ${dups}`);
        await client.query(addKey);
      }),
    async hasRows(table) {
      const row = await k
        .selectFrom(named(table))
        .select('org_id')
        .where('org_id', '=', orgId)
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },
    async isEmpty(table) {
      const row = await k.selectFrom(named(table)).select('org_id').limit(1).executeTakeFirst();
      return row === undefined;
    },
    insertNew: (table, rows) => write(table, rows, 'nothing'),
    async upsert(table, rows) {
      await write(table, rows, 'update');
    },
    async findByIds(table, ids) {
      if (ids.length === 0) return [];
      const rows = await k
        .selectFrom(named(table))
        .selectAll()
        .where('org_id', '=', orgId)
        .where('id', 'in', ids as string[])
        .execute();
      // The table's own rows: StoredRow<T> is its row type (schema.test.ts).
      return rows as StoredRow<typeof table>[];
    },
    async findAll(table) {
      const rows = await k.selectFrom(named(table)).selectAll().where('org_id', '=', orgId).execute();
      return rows as StoredRow<typeof table>[];
    },
    async existingIds(table, ids) {
      if (ids.length === 0) return new Set();
      const found = new Set<string>();
      // One cached statement of fixed width (short lists padded with their first id), as for writes.
      const width = Math.min(ids.length, WRITE_BATCH_ROWS);
      const sqlText = existsSql(table, width);
      for (let start = 0; start < ids.length; start += width) {
        const chunk = ids.slice(start, start + width);
        while (chunk.length < width) chunk.push(chunk[0]!);
        for (const row of await query(sqlText, [orgId, ...chunk])) found.add(String(row.id));
      }
      return found;
    },
  };
}
