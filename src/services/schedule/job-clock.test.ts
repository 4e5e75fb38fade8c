import { afterEach, describe, expect, it } from 'vitest';
import { createBlankTarget, DIALECTS } from '../../../test/support/test-stores.ts';
import { openStore, type Store } from '../../db/database.ts';
import { forgetJob, type JobOutcome, runIfDue, scheduleJob } from './job-clock.ts';

/** An hourly job; instants in 2030 so "now" is always ahead of the machine's clock (runIfDue takes the later). */
const HOUR = 3_600_000;
const T0 = Date.parse('2030-01-01T00:00:00Z');
const hourly = (instant: number): number => (Math.floor(instant / HOUR) + 1) * HOUR;
const ok = async (): Promise<JobOutcome> => ({ status: 'succeeded', message: 'done' });

async function nextRun(store: Store, name: string): Promise<number | null> {
  const row = await store.db
    .selectFrom('scheduled_jobs')
    .selectAll()
    .where('name', '=', name)
    .executeTakeFirst();
  return row ? Number(row.next_run_at) : null;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A blank database of `dialect` and a way to open it (again): a "server" on it. */
async function database(dialect: (typeof DIALECTS)[number]) {
  const blank = await createBlankTarget(dialect);
  cleanups.push(() => blank.dispose());
  return async (): Promise<Store> => {
    const store = await openStore(blank.target);
    const close = store.close.bind(store);
    let closed = false;
    const once = async () => {
      if (!closed) await close();
      closed = true;
    };
    cleanups.push(once);
    return { ...store, close: once };
  };
}

describe('job clock: two servers on one PostgreSQL database', () => {
  it('runs a due job once when both servers tick at the same moment', async () => {
    const open = await database('postgres');
    const [a, b] = [await open(), await open()];
    await scheduleJob(a, 'digest:1', T0);
    let runs = 0;
    const work = async (): Promise<JobOutcome> => {
      runs++;
      // Long enough for the other server to try while this one holds the lock.
      await new Promise((resolve) => setTimeout(resolve, 300));
      return { status: 'succeeded', message: 'sent' };
    };
    const [ra, rb] = await Promise.all([
      runIfDue(a, 'digest:1', hourly, T0 + 1000, work),
      runIfDue(b, 'digest:1', hourly, T0 + 1000, work),
    ]);
    expect(runs).toBe(1);
    expect([ra.ran, rb.ran].sort()).toEqual([false, true]);
    const skipped = ra.ran ? rb : ra;
    expect(skipped).toEqual({ ran: false, reason: 'busy' });
    // The next time is the next hour, seen by both.
    expect(await nextRun(b, 'digest:1')).toBe(T0 + HOUR);
    // Ticking again before then runs nothing on either.
    expect(await runIfDue(a, 'digest:1', hourly, T0 + 2000, work)).toEqual({ ran: false, reason: 'not-due' });
    expect(await runIfDue(b, 'digest:1', hourly, T0 + 2000, work)).toEqual({ ran: false, reason: 'not-due' });
    expect(runs).toBe(1);
    // After it, one of them runs it (whoever ticks first), the other finds it done.
    expect((await runIfDue(b, 'digest:1', hourly, T0 + HOUR, work)).ran).toBe(true);
    expect((await runIfDue(a, 'digest:1', hourly, T0 + HOUR + 5, work)).ran).toBe(false);
    expect(runs).toBe(2);
  });
});

for (const dialect of DIALECTS) {
  describe(`job clock (${dialect})`, () => {
    it('survives a restart: the due time is in the database, not in the process', async () => {
      const open = await database(dialect);
      const first = await open();
      // Seen for the first time: only scheduled.
      expect(await runIfDue(first, 'digest:2', hourly, T0 + 10, ok)).toEqual({ ran: false, reason: 'new' });
      expect(await nextRun(first, 'digest:2')).toBe(T0 + HOUR);
      await first.close();
      const again = await open();
      expect(await runIfDue(again, 'digest:2', hourly, T0 + HOUR - 1, ok)).toEqual({
        ran: false,
        reason: 'not-due',
      });
      const run = await runIfDue(again, 'digest:2', hourly, T0 + HOUR, ok);
      expect(run).toEqual({ ran: true, outcome: { status: 'succeeded', message: 'done' } });
      const row = await again.db
        .selectFrom('scheduled_jobs')
        .selectAll()
        .where('name', '=', 'digest:2')
        .executeTakeFirst();
      expect(Number(row?.last_run_at)).toBe(T0 + HOUR);
      expect(row?.last_status).toBe('succeeded');
    });

    it('catches up a missed run once, then waits for the next time after now', async () => {
      const open = await database(dialect);
      const store = await open();
      await scheduleJob(store, 'digest:3', T0 + HOUR);
      let runs = 0;
      const count = async (): Promise<JobOutcome> => {
        runs++;
        return { status: 'succeeded', message: `run ${runs}` };
      };
      // Down from before T0+1h until T0+3h30: three times were missed.
      const back = T0 + 3 * HOUR + 30 * 60_000;
      expect((await runIfDue(store, 'digest:3', hourly, back, count)).ran).toBe(true);
      expect((await runIfDue(store, 'digest:3', hourly, back + 1000, count)).ran).toBe(false);
      expect(runs).toBe(1);
      expect(await nextRun(store, 'digest:3')).toBe(T0 + 4 * HOUR);
    });

    it('a failing job is recorded failed and still moves on to its next time', async () => {
      const open = await database(dialect);
      const store = await open();
      await scheduleJob(store, 'digest:4', T0);
      const run = await runIfDue(store, 'digest:4', hourly, T0, async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:1');
      });
      expect(run).toEqual({
        ran: true,
        outcome: { status: 'failed', message: 'connect ECONNREFUSED 127.0.0.1:1' },
      });
      expect(await nextRun(store, 'digest:4')).toBe(T0 + HOUR);
      await forgetJob(store, 'digest:4');
      expect(await nextRun(store, 'digest:4')).toBeNull();
    });
  });
}
