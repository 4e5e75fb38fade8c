import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, type TestStore } from '../../test/support/test-stores.ts';
import { type CopyCell, copyCell, copyInto, withPgClient } from './pg-copy.ts';

/** Text that would break a COPY row written naively, and text that only looks special. */
const HOSTILE: readonly (string | null)[] = [
  null,
  '',
  '\\N',
  'NULL',
  '\\.',
  '\\',
  'a\\b\\\\c',
  'tab\there',
  'line\nbreak',
  'carriage\rreturn\r\n',
  '\t\n\r\\',
  'a,"quoted"\';--',
  'ünïcödé ✓ 日本語 עברית',
  '👍🏽 family: 👨‍👩‍👧',
  '\u0001\u0007\u001b[31m',
  ' leading and trailing ',
  // Longer than one chunk the stream is given at a time.
  `${'x'.repeat(300_000)}\n${'y'.repeat(10)}`,
];

describe('COPY text cells', () => {
  it('escapes what ends a field or a row, and writes null as \\N', () => {
    expect(copyCell(null)).toBe('\\N');
    expect(copyCell('\\N')).toBe('\\\\N');
    expect(copyCell('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
    expect(copyCell('plain ✓')).toBe('plain ✓');
    expect(copyCell(-12.5)).toBe('-12.5');
    expect(copyCell(1_700_000_000_000)).toBe('1700000000000');
  });
});

describe('COPY into PostgreSQL', () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await createTestStore('postgres');
  });
  afterAll(async () => {
    await store?.dispose();
  });

  it('round-trips hostile text exactly', async () => {
    const rows = await store.db.transaction().execute(async (trx) => {
      await sql`create temp table hostile (n integer not null, v text) on commit drop`.execute(trx);
      const values: CopyCell[] = HOSTILE.flatMap((v, n) => [n, v]);
      const copied = await withPgClient(trx, (client) =>
        copyInto(client, 'hostile', { columns: ['n', 'v'], values, count: HOSTILE.length }),
      );
      expect(copied).toBe(HOSTILE.length);
      return (await sql<{ v: string | null }>`select v from hostile order by n`.execute(trx)).rows;
    });
    expect(rows.map((r) => r.v)).toEqual(HOSTILE);
  });

  it('a row failing mid-COPY fails the transaction: nothing of it stays, and the pool goes on', async () => {
    await sql`create table copy_target (n integer not null, v text not null)`.execute(store.db);
    const count = 20_000;
    const values: CopyCell[] = [];
    // Row 15,000 breaks NOT NULL, after several chunks have gone to the server.
    for (let n = 0; n < count; n++) values.push(n, n === 15_000 ? null : `row ${n}\twith a tab`);
    const attempt = store.db.transaction().execute(async (trx) => {
      await sql`insert into copy_target values (-1, 'before the copy')`.execute(trx);
      await withPgClient(trx, (client) =>
        copyInto(client, 'copy_target', { columns: ['n', 'v'], values, count }),
      );
    });
    await expect(attempt).rejects.toThrow(/null value in column "v"/);
    const after = await sql<{ n: number }>`select count(*)::int as n from copy_target`.execute(store.db);
    expect(after.rows[0]!.n).toBe(0);
    // The connection the COPY used is usable again (or was replaced): the store answers.
    const ok = await store.db.transaction().execute(async (trx) => {
      await withPgClient(trx, (client) =>
        copyInto(client, 'copy_target', { columns: ['n', 'v'], values: [1, 'fine'], count: 1 }),
      );
      return sql<{ v: string }>`select v from copy_target`.execute(trx);
    });
    expect(ok.rows).toEqual([{ v: 'fine' }]);
  });
});
