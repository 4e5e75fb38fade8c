import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { udn } from '../../../test/support/run-udn.ts';
import { createBlankTarget } from '../../../test/support/test-stores.ts';
import { MIGRATIONS } from '../../db/migration-list.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * Another process writing as fast as it can, each transaction adding a row and the same amount to a
 * ledger: a copy taken mid-transaction would break "sum of rows = ledger". Prints "n" per 200 commits.
 */
const WRITER = `
const SQLite = require('better-sqlite3');
const db = new SQLite(process.argv[1]);
db.pragma('busy_timeout = 5000');
db.exec('create table if not exists probe_rows (n integer primary key); create table if not exists probe_ledger (total integer); insert into probe_ledger select 0 where not exists (select 1 from probe_ledger)');
const add = db.transaction((n) => { db.prepare('insert into probe_rows (n) values (?)').run(n); db.prepare('update probe_ledger set total = total + ?').run(n); });
let n = 0;
const burst = () => { for (let i = 0; i < 200; i++) add(++n); process.stdout.write(n + '\\n'); setTimeout(burst, 2); };
burst();
`;

/** The rows and ledger of a database the writer wrote, read in one transaction. */
function probe(file: string): { rows: number; sum: number; total: number } {
  const db = new SQLite(file, { readonly: true });
  try {
    return db.transaction(() => {
      const rows = db
        .prepare('select count(*) as rows, coalesce(sum(n), 0) as sum from probe_rows')
        .get() as {
        rows: number;
        sum: number;
      };
      const { total } = db.prepare('select total from probe_ledger').get() as { total: number };
      return { ...rows, total };
    })();
  } finally {
    db.close();
  }
}

/** Starts `node args…` and resolves once its stdout has shown `ready`. */
function start(args: string[], ready: RegExp): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (ready.test(out)) resolve(child);
      if (out.length > 100_000) out = out.slice(-1000);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}: ${err}`)));
  });
}

const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

describe('udn backup and udn restore (SQLite)', () => {
  const children: ChildProcess[] = [];
  let dispose: (() => Promise<void>) | null = null;
  afterEach(async () => {
    for (const child of children.splice(0)) await stop(child);
    await dispose?.();
    dispose = null;
  });

  it('copies a database a server serves while another process writes, and restores it once the server stops', async () => {
    const blank = await createBlankTarget('sqlite');
    dispose = blank.dispose;
    const db = blank.target;
    const backup = path.join(path.dirname(db), 'backup.sqlite');
    const server = await start(
      ['bin/udn.js', 'serve', '--db', db, '--port', '0', '--empty'],
      /UDN is serving/,
    );
    children.push(server);
    const writer = await start(['-e', WRITER, db], /^\d+\n/m);
    children.push(writer);

    const made = await udn(['backup', backup, '--db', db]);
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    expect(made.stdout).toContain(`backed up ${db} to ${backup}`);
    // The writer went on during and after the copy.
    await new Promise((resolve) => writer.stdout?.once('data', resolve));
    const copy = new SQLite(backup, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.prepare('select count(*) as n from kysely_migration').get()).toMatchObject({
      n: Object.keys(MIGRATIONS).length,
    });
    copy.close();
    const snapshot = probe(backup);
    expect(snapshot.rows).toBeGreaterThan(0);
    expect(snapshot.sum).toBe(snapshot.total);
    expect(fs.readdirSync(path.dirname(db)).filter((name) => name.startsWith('backup.sqlite'))).toEqual([
      'backup.sqlite',
    ]);

    await stop(writer);
    const live = probe(db);
    expect(live.rows).toBeGreaterThan(snapshot.rows);
    const refused = await udn(['restore', backup, '--db', db]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'is open in another process (a running "udn serve"?): stop it, then restore',
    );
    expect(probe(db)).toEqual(live);

    await stop(server);
    const restored = await udn(['restore', backup, '--db', db]);
    expect(restored.stderr).toBe('');
    expect(restored.stdout).toContain(`the database that was there is kept as ${db}.before-restore`);
    expect(probe(db)).toEqual(snapshot);
    expect(probe(`${db}.before-restore`)).toEqual(live);
    expect(fs.existsSync(`${db}-wal`)).toBe(false);
  }, 60_000);

  it('refuses a file that is not a UDN database, and leaves the database alone', async () => {
    const blank = await createBlankTarget('sqlite');
    dispose = blank.dispose;
    const other = path.join(path.dirname(blank.target), 'other.sqlite');
    new SQLite(other).exec('create table t (x)');
    const text = path.join(path.dirname(blank.target), 'notes.txt');
    fs.writeFileSync(text, 'not a database at all, just some words\n'.repeat(200));
    for (const [file, message] of [
      [other, 'is not a UDN database (it records no UDN migrations)'],
      [text, 'is not a SQLite database'],
    ] as const) {
      const refused = await udn(['restore', file, '--db', blank.target]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(message);
    }
    expect(fs.readdirSync(path.dirname(blank.target)).sort()).toEqual(['notes.txt', 'other.sqlite']);
    const pg = await udn(['backup', 'x.sqlite', '--db', 'postgres://postgres@127.0.0.1/udn']);
    expect(pg.stderr).toContain('pg_dump and pg_restore: the exact commands are in docs/deploy.md');
  });
});
