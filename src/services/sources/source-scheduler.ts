import { Cron } from 'croner';
import type { Store } from '../../db/database.ts';
import { type ImportSourceRow, listEnabledSources } from '../../db/import-sources-repo.ts';
import { findOrg } from '../../db/org-repo.ts';
import { type RunSourceOptions, runSource, type SourceRunOutcome, type SourceTrigger } from './run-source.ts';

export interface SourceSchedulerOptions {
  store: Store;
  /** Told of what went wrong outside a run's own log (a failed reload). */
  onError(error: unknown, message: string): void;
  /** Told of every run's end (the server logs it and announces a changed organisation). */
  onRunEnd?(sourceId: number, outcome: SourceRunOutcome): void;
  /** How often sources are read again, so a change made on another server is scheduled here (ms). */
  reloadMs?: number;
  run?: Omit<RunSourceOptions, 'trigger' | 'signal' | 'onStarted'>;
}

interface Scheduled {
  /** What the job was made from: a change of any of these makes a new job. */
  key: string;
  cron: Cron;
  retryAt: number | null;
  retry: NodeJS.Timeout | null;
}

/**
 * Runs every enabled source on its cron schedule (croner, in its organisation's time zone) in the
 * server process, and a failed run's retry when it is due. Sources are read at start, after each
 * change through the API (`reload`) and every `reloadMs`, so changes made on other servers on the
 * same database arrive within that time; the advisory lock of runSource makes each run happen once.
 */
export class SourceScheduler {
  private readonly scheduled = new Map<number, Scheduled>();
  private readonly running = new Map<number, Promise<SourceRunOutcome>>();
  private readonly abort = new AbortController();
  private interval: NodeJS.Timeout | null = null;
  private stopped = false;
  private reloading: Promise<void> | null = null;

  constructor(private readonly options: SourceSchedulerOptions) {}

  async start(): Promise<void> {
    await this.reload();
    this.interval = setInterval(() => void this.reload(), this.options.reloadMs ?? 60_000);
    this.interval.unref();
  }

  /** Reads the enabled sources again and schedules what changed. Never rejects. */
  reload(): Promise<void> {
    const next = (this.reloading ?? Promise.resolve()).then(() => this.load());
    this.reloading = next.catch((error: unknown) =>
      this.options.onError(error, 'loading the scheduled sources failed'),
    );
    return this.reloading;
  }

  private async load(): Promise<void> {
    if (this.stopped) return;
    const rows = await listEnabledSources(this.options.store.db);
    const zones = new Map<number, string>();
    for (const row of rows)
      if (!zones.has(row.org_id))
        zones.set(row.org_id, (await findOrg(this.options.store.db, row.org_id))?.timezone ?? 'UTC');
    if (this.stopped) return;
    const seen = new Set<number>();
    for (const row of rows) {
      seen.add(row.id);
      this.schedule(row, zones.get(row.org_id) ?? 'UTC');
    }
    for (const [id, job] of this.scheduled) if (!seen.has(id)) this.unschedule(id, job);
  }

  private schedule(row: ImportSourceRow, timeZone: string): void {
    const key = `${row.schedule}\0${timeZone}`;
    let job = this.scheduled.get(row.id);
    if (job && job.key !== key) {
      this.unschedule(row.id, job);
      job = undefined;
    }
    if (!job) {
      let cron: Cron;
      // Unreferenced: the server's listener keeps the process alive, a schedule alone must not.
      try {
        cron = new Cron(
          row.schedule,
          { timezone: timeZone, unref: true },
          () => void this.run(row.id, 'schedule'),
        );
      } catch (error) {
        this.options.onError(error, `source ${row.id} has a schedule croner refuses`);
        return;
      }
      job = { key, cron, retryAt: null, retry: null };
      this.scheduled.set(row.id, job);
    }
    const retryAt = row.last_status === 'retrying' ? row.retry_at : null;
    if (job.retryAt !== retryAt) {
      if (job.retry) clearTimeout(job.retry);
      job.retry = null;
      job.retryAt = retryAt;
      if (retryAt !== null) {
        // setTimeout takes at most 2^31-1 ms; a later retry is picked up by a later reload.
        const wait = Math.max(0, retryAt - Date.now());
        if (wait < 2 ** 31 - 1) {
          job.retry = setTimeout(() => void this.run(row.id, 'retry'), wait);
          job.retry.unref();
        }
      }
    }
  }

  private unschedule(id: number, job: Scheduled): void {
    job.cron.stop();
    if (job.retry) clearTimeout(job.retry);
    this.scheduled.delete(id);
  }

  isRunning(id: number): boolean {
    return this.running.has(id);
  }

  /** When the scheduler runs the source next (the cron's next time), for tests and logs. */
  nextRun(id: number): Date | null {
    return this.scheduled.get(id)?.cron.nextRun() ?? null;
  }

  /**
   * Runs a source now. `started` settles once the run holds the source's turn (with its run id), or
   * with null when another run holds it; `ended` when the run is over.
   */
  run(
    id: number,
    trigger: SourceTrigger,
  ): { started: Promise<number | null>; ended: Promise<SourceRunOutcome> } {
    if (this.stopped) {
      const none = Promise.resolve<SourceRunOutcome>({ ran: false });
      return { started: Promise.resolve(null), ended: none };
    }
    const held = this.running.get(id);
    if (held) return { started: Promise.resolve(null), ended: Promise.resolve({ ran: false }) };
    let onStarted: (runId: number | null) => void = () => undefined;
    const started = new Promise<number | null>((resolve) => {
      onStarted = resolve;
    });
    const ended = runSource(this.options.store, id, {
      ...this.options.run,
      trigger,
      signal: this.abort.signal,
      onStarted: (runId) => onStarted(runId),
    })
      .catch((error: unknown): SourceRunOutcome => {
        this.options.onError(error, `the run of source ${id} failed`);
        return { ran: false };
      })
      .then((outcome) => {
        onStarted(null);
        this.running.delete(id);
        try {
          this.options.onRunEnd?.(id, outcome);
        } catch (error) {
          this.options.onError(error, 'after a source run');
        }
        // A retry due, or one no longer due: the next schedule of this source follows the row.
        if (outcome.ran) void this.reload();
        return outcome;
      });
    this.running.set(id, ended);
    return { started, ended };
  }

  /**
   * Stops scheduling; running runs are let finish (`drain`: their import commits or is refused as
   * usual) or aborted (nothing of their import is written). Either way none is left half-way.
   */
  async stop(drain: boolean): Promise<void> {
    this.stopped = true;
    if (this.interval) clearInterval(this.interval);
    for (const [id, job] of this.scheduled) this.unschedule(id, job);
    if (!drain) this.abort.abort();
    await Promise.all([...this.running.values()]);
    await this.reloading;
  }
}
