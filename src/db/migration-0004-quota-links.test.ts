import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, type Migration, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS, TEST_PG_URL } from '../../test/support/test-stores.ts';
import type { DialectName } from './database.ts';
import { migrateToLatest } from './migrate.ts';
import * as initial from './migrations/2026-11-28-0001-initial.ts';
import * as dashboards from './migrations/2026-11-28-0002-dashboards.ts';
import * as goals from './migrations/2026-11-28-0003-goals.ts';

/** A database of `dialect` at the schema before goal targets had their own quota flag. */
async function storeBeforeQuotaLinks(dialect: DialectName) {
  const name = `udn_mig_${crypto.randomBytes(6).toString('hex')}`;
  let db: Kysely<Record<string, Record<string, unknown>>>;
  let drop: () => Promise<void>;
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udn-mig-'));
    db = new Kysely({ dialect: new SqliteDialect({ database: new SQLite(path.join(dir, 'db.sqlite')) }) });
    drop = async () => fs.rmSync(dir, { recursive: true, force: true });
  } else {
    const admin = async (text: string) => {
      const client = new pg.Client({ connectionString: TEST_PG_URL });
      await client.connect();
      await client.query(text).finally(() => client.end());
    };
    await admin(`CREATE DATABASE ${name}`);
    const url = new URL(TEST_PG_URL);
    url.pathname = `/${name}`;
    db = new Kysely({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url.toString() }) }),
    });
    drop = () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
  const before: Record<string, { up(db: Kysely<unknown>, dialect: DialectName): Promise<void> }> = {
    '2026-11-28-0001-initial': initial,
    '2026-11-28-0002-dashboards': dashboards,
    '2026-11-28-0003-goals': goals,
  };
  const migrator = new Migrator({
    db,
    provider: {
      getMigrations: async () =>
        Object.fromEntries(
          Object.entries(before).map(([key, m]): [string, Migration] => [
            key,
            { up: (inner: Kysely<unknown>) => m.up(inner, dialect) },
          ]),
        ),
    },
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
  return {
    db,
    async dispose() {
      await db.destroy();
      await drop();
    },
  };
}

const Q1 = { start_date: '2026-01-01', due_date: '2026-03-31' };

// Goal targets stopped being quotas by default (docs/adr/0008): the migration must change no number.
describe.each(DIALECTS)('migration 2026-12-06-0004 (quota links) on %s', (dialect) => {
  let dispose: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await dispose?.();
    dispose = null;
  });

  it('keeps every target’s value: quota goals and goal-written quotas stay linked, imported ones are copied', async () => {
    const store = await storeBeforeQuotaLinks(dialect);
    dispose = store.dispose;
    const { db } = store;
    const goal = async (kind: string) =>
      (
        await db
          .insertInto('goals')
          .values({ org_id: 1, name: kind, kind, ...Q1, created_at: 1, updated_at: 1, version: 1 })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id as number;
    const quotaGoal = await goal('quota');
    const userGoal = await goal('user');
    const quota = (
      scope: string,
      metric: string,
      start: string,
      end: string,
      value: number,
      importId: number,
    ) =>
      db
        .insertInto('targets')
        .values({
          org_id: 1,
          scope,
          metric,
          period_start: start,
          period_end: end,
          value,
          import_id: importId,
          source_line: importId,
        })
        .execute();
    await quota('team:Jakarta', 'revenue', '2026-01-01', '2026-03-31', 190857, 3);
    await quota('rep:R12', 'deals_won', '2026-01-01', '2026-03-31', 9, 0);
    await quota('rep:R03', 'units', '2026-02-01', '2026-02-28', 12, 0);
    await quota('org', 'new_customers', '2026-01-01', '2026-03-31', 45, 3);
    const targetsBefore = await db
      .selectFrom('targets')
      .selectAll()
      .orderBy('scope')
      .orderBy('metric')
      .execute();

    const target = async (goalId: number, fields: Record<string, unknown>) =>
      (
        await db
          .insertInto('goal_targets')
          .values({
            org_id: 1,
            goal_id: goalId,
            name: String(fields.metric ?? 'x'),
            kind: 'kpi',
            position: 0,
            done: 0,
            direction: 'at_least',
            scope: 'org',
            created_at: 1,
            updated_at: 1,
            ...fields,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id as number;
    const pinned = { period_start: '2026-01-01', period_end: '2026-03-31' };
    const ids = {
      mirror: await target(quotaGoal, { metric: 'revenue', scope: 'team:Jakarta', ...pinned }),
      imported: await target(userGoal, { metric: 'revenue', scope: 'team:Jakarta' }),
      goalWritten: await target(userGoal, { metric: 'deals_won', scope: 'rep:R12' }),
      ownPeriod: await target(userGoal, {
        metric: 'units',
        scope: 'rep:R03',
        period_start: '2026-02-01',
        period_end: '2026-02-28',
      }),
      ceiling: await target(userGoal, { metric: 'new_customers', direction: 'at_most', target_value: 60 }),
      gone: await target(userGoal, { metric: 'revenue', scope: 'org' }),
      rate: await target(userGoal, { metric: 'churn_rate', direction: 'at_most', target_value: 0.05 }),
      number: await target(userGoal, {
        kind: 'number',
        metric: null,
        scope: null,
        start_value: -3,
        target_value: 7,
        current_value: 2,
      }),
    };

    await migrateToLatest(db, dialect);

    const rows = await db.selectFrom('goal_targets').selectAll().execute();
    const byId = new Map(rows.map((row) => [Number(row.id), row]));
    const of = (id: number) => {
      const row = byId.get(id)!;
      return {
        is_quota: Number(row.is_quota),
        start_value: row.start_value === null ? null : Number(row.start_value),
        target_value: row.target_value === null ? null : Number(row.target_value),
      };
    };
    expect(of(ids.mirror)).toEqual({ is_quota: 1, start_value: null, target_value: null });
    // It read the imported 190,857 and shows 190,857 as its own now; a re-import no longer moves it.
    expect(of(ids.imported)).toEqual({ is_quota: 0, start_value: null, target_value: 190857 });
    expect(of(ids.goalWritten)).toEqual({ is_quota: 1, start_value: null, target_value: null });
    expect(of(ids.ownPeriod)).toEqual({ is_quota: 1, start_value: null, target_value: null });
    expect(of(ids.ceiling)).toEqual({ is_quota: 0, start_value: null, target_value: 60 });
    expect(of(ids.gone)).toEqual({ is_quota: 0, start_value: null, target_value: null });
    expect(of(ids.rate)).toEqual({ is_quota: 0, start_value: null, target_value: 0.05 });
    expect(of(ids.number)).toEqual({ is_quota: 0, start_value: -3, target_value: 7 });
    // The quotas themselves are untouched, and their history starts empty.
    expect(await db.selectFrom('targets').selectAll().orderBy('scope').orderBy('metric').execute()).toEqual(
      targetsBefore,
    );
    expect(await db.selectFrom('quota_changes').selectAll().execute()).toEqual([]);
  });
});
