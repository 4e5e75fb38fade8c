import { runExclusive } from '../../db/advisory-lock.ts';
import type { Store } from '../../db/database.ts';

/** What a due run reported, kept as the job's last status. */
export interface JobOutcome {
  status: 'succeeded' | 'failed';
  message: string;
}

export type JobRun = { ran: true; outcome: JobOutcome } | { ran: false; reason: 'not-due' | 'busy' | 'new' };

/**
 * Runs the scheduled job `name` if it is due, once across every server on the database (docs/adr/0022):
 * the next due time lives in `scheduled_jobs`, so a restart loses nothing; the advisory lock makes a
 * second server skip a run the first is doing; and a server that was down over several due times
 * runs the job once, then schedules the next time after now (missed runs are caught up once, not
 * replayed). A job seen for the first time is only scheduled. `nextAfter` gives the next due time
 * after an instant (epoch ms), e.g. from a cron expression in the org's zone (croner).
 */
export async function runIfDue(
  store: Store,
  name: string,
  nextAfter: (instant: number) => number,
  now: number,
  work: () => Promise<JobOutcome>,
): Promise<JobRun> {
  const result = await runExclusive(store, `job:${name}`, async (): Promise<JobRun> => {
    const row = await store.db
      .selectFrom('scheduled_jobs')
      .select(['next_run_at'])
      .where('name', '=', name)
      .executeTakeFirst();
    if (!row) {
      await store.db
        .insertInto('scheduled_jobs')
        .values({
          name,
          next_run_at: nextAfter(now),
          last_run_at: null,
          last_status: null,
          last_message: null,
        })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
      return { ran: false, reason: 'new' };
    }
    if (Number(row.next_run_at) > now) return { ran: false, reason: 'not-due' };
    let outcome: JobOutcome;
    try {
      outcome = await work();
    } catch (error) {
      outcome = { status: 'failed', message: error instanceof Error ? error.message : String(error) };
    }
    await store.db
      .updateTable('scheduled_jobs')
      .set({
        next_run_at: nextAfter(Math.max(now, Date.now())),
        last_run_at: now,
        last_status: outcome.status,
        last_message: outcome.message.slice(0, 2000),
      })
      .where('name', '=', name)
      .execute();
    return { ran: true, outcome };
  });
  return result.ran ? result.value : { ran: false, reason: 'busy' };
}

/** Sets (or moves) a job's next due time: after its schedule changed, or to run it at once. */
export async function scheduleJob(store: Store, name: string, nextRunAt: number): Promise<void> {
  await store.db
    .insertInto('scheduled_jobs')
    .values({ name, next_run_at: nextRunAt, last_run_at: null, last_status: null, last_message: null })
    .onConflict((oc) => oc.column('name').doUpdateSet({ next_run_at: nextRunAt }))
    .execute();
}

/** Forgets a job whose subject was removed (a deleted digest). */
export async function forgetJob(store: Store, name: string): Promise<void> {
  await store.db.deleteFrom('scheduled_jobs').where('name', '=', name).execute();
}
