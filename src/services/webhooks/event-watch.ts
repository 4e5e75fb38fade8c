import type { ImportJob } from '../../core/contracts/imports.ts';
import type { OutboundEvent, WebhookEvent } from '../../core/contracts/webhooks.ts';
import { currencyDigits } from '../../core/money.ts';
import { runExclusive } from '../../db/advisory-lock.ts';
import type { Store } from '../../db/database.ts';
import { findOrg, type OrgRecord } from '../../db/org-repo.ts';
import {
  forgetWatch,
  goalFingerprints,
  readWatch,
  rememberAllWon,
  rememberWins,
  seenValue,
  settledImportId,
  unannouncedWins,
  type WonDealRow,
  writeWatch,
} from '../../db/webhook-watch-repo.ts';
import { subscribersOf } from '../../db/webhooks-repo.ts';
import { listGoals } from '../goals/goals-service.ts';
import type { ImportJobEnd } from '../imports/import-jobs.ts';

export interface EventWatchOptions {
  store: Store;
  emit(event: OutboundEvent): Promise<void>;
  onError(error: unknown, message: string): void;
  now?: () => number;
  /** `deal.won` events of one change; the wins beyond are told in one summary event (default 1,000). */
  maxEventsPerChange?: number;
  /** Pause before looking again when another server was looking (ms; default 1 s). */
  busyRetryMs?: number;
}

type Look = 'data' | 'goals';

const SEEN = 'seen';

/**
 * Turns changes of data into webhook events (docs/webhooks.md): after each new data version, deals
 * won since the last look (`deal.won`, once per deal) and targets whose pace status changed
 * (`target.status_changed`); after each goal write, goals created, changed or removed
 * (`goal.changed`) and target statuses again. What was last seen lives in event_watch, so a restart
 * or another server continues where the last look ended; one look at a time per organisation
 * across servers (advisory lock). A kind nobody subscribes to is not watched, and the first look
 * after someone subscribes only remembers: the past is not announced.
 */
export class EventWatch {
  private readonly now: () => number;
  private readonly max: number;
  private readonly queued = new Map<number, Set<Look>>();
  private readonly running = new Map<number, Promise<void>>();
  private stopped = false;

  constructor(private readonly options: EventWatchOptions) {
    this.now = options.now ?? Date.now;
    this.max = options.maxEventsPerChange ?? 1000;
  }

  /** A new data version of the organisation (ctx.afterDataChange). */
  dataChanged(orgId: number): void {
    this.queue(orgId, 'data');
  }

  /** Goals, targets or tasks were written (ctx.afterGoalsChange). */
  goalsChanged(orgId: number): void {
    this.queue(orgId, 'goals');
  }

  /** An import job ended on this server (ctx.afterImport): `import.finished`, whatever its outcome. */
  importFinished(orgId: number, job: ImportJob, end: ImportJobEnd): void {
    if (this.stopped) return;
    const result = end.result;
    // Also a look at the data: afterDataChange does not fire for the first version a server sees of
    // an organisation (live-events.ts), and this import's wins must not wait for the next change.
    if (result?.changed) this.queue(orgId, 'data');
    void this.options.emit({
      orgId,
      event: 'import.finished',
      data: {
        import: {
          id: result?.importId ?? job.id,
          status: end.status,
          source: job.source,
          startedAt: new Date(job.startedAt).toISOString(),
          finishedAt: new Date(job.finishedAt ?? this.now()).toISOString(),
          changed: result?.changed ?? false,
          dataVersion: result?.dataVersion ?? null,
          errorCount: result?.errorCount ?? 0,
          files: (result?.files ?? []).map((file) => ({
            file: file.file,
            rows: file.rows,
            inserted: file.inserted,
            updated: file.updated,
            unchanged: file.unchanged,
            removed: file.removed ?? 0,
          })),
          message: end.result === null ? end.message : null,
        },
        link: '/data',
      },
    });
  }

  /**
   * Remembers the present state of what a new subscription listens to, so the next change is told
   * against it (called when a subscription is created or changed). Resolves when done.
   */
  async prime(orgId: number): Promise<void> {
    this.queue(orgId, 'goals');
    this.queue(orgId, 'data');
    await this.idle();
  }

  /** Resolves when no look is running or queued. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.queued.clear();
    await this.idle();
  }

  private queue(orgId: number, look: Look): void {
    if (this.stopped) return;
    const looks = this.queued.get(orgId) ?? new Set<Look>();
    looks.add(look);
    this.queued.set(orgId, looks);
    if (!this.running.has(orgId)) {
      const run = this.drain(orgId).finally(() => this.running.delete(orgId));
      this.running.set(orgId, run);
    }
  }

  /** Looks until nothing is queued for the organisation; a change arriving meanwhile is looked at after. */
  private async drain(orgId: number): Promise<void> {
    for (let busy = 0; ; ) {
      const looks = this.queued.get(orgId);
      if (!looks || looks.size === 0 || this.stopped) return;
      this.queued.delete(orgId);
      try {
        const done = await runExclusive(this.options.store, `webhook-watch:${orgId}`, () =>
          this.look(orgId, looks),
        );
        if (!done.ran) {
          // Another server is looking; its look may have begun before this change: look again soon.
          if (++busy > 10) return;
          for (const look of looks) this.queued.set(orgId, (this.queued.get(orgId) ?? new Set()).add(look));
          await new Promise((resolve) => setTimeout(resolve, this.options.busyRetryMs ?? 1000));
        }
      } catch (error) {
        this.options.onError(error, `webhook events of organisation ${orgId} could not be worked out`);
      }
    }
  }

  private async look(orgId: number, looks: ReadonlySet<Look>): Promise<void> {
    const org = await findOrg(this.options.store.db, orgId);
    if (!org) return;
    const wanted = async (event: WebhookEvent) =>
      (await subscribersOf(this.options.store.db, orgId, event)).length > 0;
    if (looks.has('data')) await this.watchWins(org, await wanted('deal.won'));
    // Targets first: reading them syncs quota goals (goals-service listGoals), which the goals look then sees.
    await this.watchTargets(org, await wanted('target.status_changed'));
    if (looks.has('goals')) await this.watchGoals(org, await wanted('goal.changed'));
  }

  private async watchWins(org: OrgRecord, wanted: boolean): Promise<void> {
    const db = this.options.store.db;
    if (!wanted) {
      if ((await seenValue(db, org.id, 'won')) !== undefined) await forgetWatch(db, org.id, 'won');
      return;
    }
    const now = this.now();
    // Read first: rows of an import that ends after this are looked at next time.
    const settled = await settledImportId(db);
    const seen = await seenValue(db, org.id, 'won');
    if (seen === undefined) {
      await rememberAllWon(db, org.id, now);
      await writeWatch(db, org.id, SEEN, [['won', String(settled)]], [], now);
      return;
    }
    const after = Number(seen);
    const first = await unannouncedWins(db, org.id, after, this.max);
    await rememberWins(
      db,
      org.id,
      first.map((deal) => deal.id),
      now,
    );
    for (const deal of first)
      await this.options.emit({ orgId: org.id, event: 'deal.won', data: { deal: this.dealData(org, deal) } });
    if (first.length === this.max) {
      // Beyond the cap (a first import of a history): one summary instead of thousands of events.
      let more = 0;
      let amount = 0;
      for (;;) {
        const batch = await unannouncedWins(db, org.id, after, 5000);
        if (batch.length === 0) break;
        more += batch.length;
        for (const deal of batch) amount += this.major(org, deal) ?? 0;
        await rememberWins(
          db,
          org.id,
          batch.map((deal) => deal.id),
          now,
        );
      }
      if (more > 0)
        await this.options.emit({
          orgId: org.id,
          event: 'deal.won',
          data: {
            summary: {
              deals: more,
              amount,
              currency: org.currency,
              note: `${more} more deals were won in this change than are sent one by one (${this.max})`,
            },
          },
        });
    }
    await writeWatch(db, org.id, SEEN, [['won', String(Math.max(after, settled))]], [], now);
  }

  private major(org: OrgRecord, deal: WonDealRow): number | null {
    if (deal.amount === null) return null;
    const digits = currencyDigits(deal.currency ?? org.currency) ?? 2;
    return deal.amount / 10 ** digits;
  }

  private dealData(org: OrgRecord, deal: WonDealRow): Record<string, unknown> {
    return {
      id: deal.id,
      name: deal.name,
      amount: this.major(org, deal),
      currency: deal.currency ?? org.currency,
      units: deal.units,
      stage: deal.stage,
      closedAt: deal.closed_at === null ? null : new Date(deal.closed_at).toISOString(),
      owner: deal.owner_rep_id === null ? null : { id: deal.owner_rep_id, name: deal.owner_name },
      accountId: deal.account_id,
      importId: deal.import_id,
    };
  }

  private async watchGoals(org: OrgRecord, wanted: boolean): Promise<void> {
    const db = this.options.store.db;
    if (!wanted) {
      if ((await seenValue(db, org.id, 'goal')) !== undefined) await forgetWatch(db, org.id, 'goal');
      return;
    }
    const now = this.now();
    const first = (await seenValue(db, org.id, 'goal')) === undefined;
    const known = await readWatch(db, org.id, 'goal');
    const current = await goalFingerprints(db, org.id);
    const entries: [string, string][] = [];
    const events: OutboundEvent[] = [];
    for (const [id, goal] of current) {
      const before = known.get(String(id));
      if (before === goal.fingerprint) continue;
      entries.push([String(id), goal.fingerprint]);
      if (!first)
        events.push({
          orgId: org.id,
          event: 'goal.changed',
          data: {
            change: before === undefined ? 'created' : 'updated',
            goal: {
              id,
              name: goal.name,
              version: goal.version,
              updatedAt: new Date(goal.updatedAt).toISOString(),
            },
            link: `/goals?goal=${id}`,
          },
        });
    }
    const gone = [...known.keys()].filter((id) => !current.has(Number(id)));
    if (!first)
      for (const id of gone)
        events.push({
          orgId: org.id,
          event: 'goal.changed',
          data: { change: 'deleted', goal: { id: Number(id) } },
        });
    await writeWatch(db, org.id, 'goal', entries, gone, now);
    if (first) await writeWatch(db, org.id, SEEN, [['goal', '']], [], now);
    for (const event of events.slice(0, this.max)) await this.options.emit(event);
  }

  private async watchTargets(org: OrgRecord, wanted: boolean): Promise<void> {
    const db = this.options.store.db;
    if (!wanted) {
      if ((await seenValue(db, org.id, 'target')) !== undefined) await forgetWatch(db, org.id, 'target');
      return;
    }
    const now = this.now();
    const first = (await seenValue(db, org.id, 'target')) === undefined;
    const known = await readWatch(db, org.id, 'target');
    // The very statuses the goals page shows.
    const { goals } = await listGoals(this.options.store, org, {}, { now });
    const entries: [string, string][] = [];
    const events: OutboundEvent[] = [];
    const present = new Set<string>();
    for (const goal of goals)
      for (const target of goal.targets) {
        const key = String(target.id);
        present.add(key);
        const before = known.get(key);
        if (before === target.status) continue;
        entries.push([key, target.status]);
        if (first || before === undefined) continue;
        events.push({
          orgId: org.id,
          event: 'target.status_changed',
          data: {
            goal: { id: goal.id, name: goal.name },
            target: {
              id: target.id,
              name: target.name,
              kind: target.kind,
              metric: target.metric,
              scope: target.scope,
              from: target.from,
              to: target.to,
              unit: target.unit,
              currentValue: target.current_value,
              targetValue: target.target_value,
              progress: target.progress,
              expected: target.pacing.expected,
            },
            status: target.status,
            previousStatus: before,
            link: `/goals?target=${target.id}`,
          },
        });
      }
    const gone = [...known.keys()].filter((key) => !present.has(key));
    await writeWatch(db, org.id, 'target', entries, gone, now);
    if (first) await writeWatch(db, org.id, SEEN, [['target', '']], [], now);
    for (const event of events.slice(0, this.max)) await this.options.emit(event);
  }
}
