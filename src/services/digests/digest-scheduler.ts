import type { Mailer } from '../../auth/mailer.ts';
import type { DigestSendResult } from '../../core/contracts/digests.ts';
import { nextSendAfter } from '../../core/digests/next-send.ts';
import type { Store } from '../../db/database.ts';
import { type DigestRow, enabledDigests } from '../../db/digests-repo.ts';
import { findOrg, type OrgRecord } from '../../db/org-repo.ts';
import { runIfDue } from '../schedule/job-clock.ts';
import type { DigestRender } from './digest-send.ts';
import { sendStoredDigest } from './digest-send.ts';
import { digestJobName } from './digests-service.ts';
import { publicUrlOf } from './public-url.ts';

export interface DigestSchedulerOptions {
  store: Store;
  /** The mailer at send time (UDN_SMTP_URL); null: the send is recorded as failed, naming the setting. */
  mailer: () => Mailer | null | Promise<Mailer | null>;
  onError(error: unknown, message: string): void;
  /** Epoch ms of now; tests move it. */
  now?: () => number;
  /** How often due digests are looked for (ms); default 30 s. */
  tickMs?: number;
  /** Where links in the mail point; default UDN_PUBLIC_URL. */
  publicUrl?: string;
  /** How dashboards become snapshots and PDFs; default the render service's. */
  render?: DigestRender;
  /** Told after each scheduled send (the server notifies member recipients in the app). */
  onSent?(digest: DigestRow, org: OrgRecord, result: DigestSendResult): void;
}

/**
 * Sends each enabled digest when it is due, in the server process (docs/digests.md). Every tick
 * each digest goes through the job clock (services/schedule/job-clock.ts): the next send time lives
 * in `scheduled_jobs`, so of several servers on one database one sends it (advisory lock), a
 * restart loses nothing, and a server that was down over several send times sends once, then waits
 * for the next time after now.
 */
export class DigestScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private stopped = false;

  constructor(private readonly o: DigestSchedulerOptions) {}

  private now(): number {
    return this.o.now ? this.o.now() : Date.now();
  }

  private async render(): Promise<DigestRender> {
    return this.o.render ?? (await import('./render-adapter.ts')).renderService;
  }

  /** Sends what is due now; resolves to how many digests ran. Never rejects. */
  tick(): Promise<number> {
    const previous = this.running ?? Promise.resolve(0);
    // One tick at a time: a slow send must not be started again by the next tick.
    const next = previous
      .then(() => this.run())
      .catch((error: unknown) => {
        this.o.onError(error, 'the digest scheduler failed');
        return 0;
      });
    this.running = next;
    return next;
  }

  private async run(): Promise<number> {
    if (this.stopped) return 0;
    const { store } = this.o;
    const rows = await enabledDigests(store.db);
    const orgs = new Map<number, OrgRecord | undefined>();
    let ran = 0;
    for (const row of rows) {
      if (this.stopped) break;
      if (!orgs.has(row.orgId)) orgs.set(row.orgId, await findOrg(store.db, row.orgId));
      const org = orgs.get(row.orgId);
      if (!org) continue;
      const now = this.now();
      try {
        const outcome = await runIfDue(
          store,
          digestJobName(row.id),
          (instant) => nextSendAfter(row.input, org.timezone, instant),
          now,
          async () => {
            const result = await sendStoredDigest(store, org, row, {
              mailer: await this.o.mailer(),
              publicUrl: this.o.publicUrl ?? publicUrlOf(),
              now,
              render: await this.render(),
            });
            this.o.onSent?.(row, org, result);
            return { status: result.status === 'failed' ? 'failed' : 'succeeded', message: result.message };
          },
        );
        if (outcome.ran) ran++;
      } catch (error) {
        this.o.onError(error, `digest ${row.id} could not be sent`);
      }
    }
    return ran;
  }

  start(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => void this.tick(), this.o.tickMs ?? 30_000);
    this.timer.unref();
    void this.tick();
  }

  /** Stops ticking and waits for a send under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
