import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DELIVERY_HEADER,
  type DeliveryEvent,
  EVENT_HEADER,
  type OutboundEvent,
  SIGNATURE_HEADER,
} from '../../core/contracts/webhooks.ts';
import { DEFAULT_RETRY_DELAYS_MS, nextAttemptAt, RETRY_WINDOW_MS } from '../../core/webhooks/backoff.ts';
import { webhookPayload } from '../../core/webhooks/payload.ts';
import { runExclusive } from '../../db/advisory-lock.ts';
import type { Store } from '../../db/database.ts';
import { findOrg } from '../../db/org-repo.ts';
import {
  claimDelivery,
  countGivenUp,
  disableWebhook,
  dueDeliveries,
  failingSince,
  findWebhook,
  insertDelivery,
  pruneDeliveries,
  resetGivenUp,
  subscribersOf,
  updateDelivery,
  type WebhookDeliveryRow,
  type WebhookRow,
} from '../../db/webhooks-repo.ts';
import { mapLimit } from '../map-limit.ts';
import { checkOutboundUrl, type Resolve } from '../net/outbound-url.ts';
import { openHeaderValue } from '../sources/source-secret.ts';
import { signatureHeader } from './webhook-signature.ts';

export interface WebhookDispatcherOptions {
  store: Store;
  /** Told of what went wrong outside a delivery's own log (a database error while emitting or polling). */
  onError(error: unknown, message: string): void;
  /** A subscription was disabled for failing too often (the server notifies the organisation's admins). */
  onDisabled?(orgId: number, webhook: { id: number; name: string; reason: string }): void;
  now?: () => number;
  fetch?: typeof fetch;
  /** How long one try may take, answer body included (ms; default 10 s). */
  timeoutMs?: number;
  /** The pauses between tries (default 1 min doubling to 8 h, see core/webhooks/backoff.ts). */
  retryDelaysMs?: readonly number[];
  /** How often due retries are looked for (ms; default 15 s). */
  pollMs?: number;
  /** Deliveries given up on in a row that disable a subscription (default 10). */
  maxGivenUp?: number;
  /** How long a subscription may only fail before it is disabled (ms; default 3 days). */
  maxFailingMs?: number;
  /** How host names are resolved for the address check (tests). */
  resolve?: Resolve;
}

/** What one try came to. */
export interface TryOutcome {
  ok: boolean;
  responseCode: number | null;
  error: string | null;
  durationMs: number;
}

const DAY = 24 * 60 * 60 * 1000;
/** Tries at once while polling: enough to drain a backlog, not to flood receivers or the pool. */
const POLL_CONCURRENCY = 8;
const POLL_BATCH = 200;
/** Characters of a refusing answer's body kept in the log: enough to show the receiver's message. */
const BODY_KEPT = 300;

const VERSION = (
  JSON.parse(
    fs.readFileSync(
      path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../package.json'),
      'utf8',
    ),
  ) as { version: string }
).version;
export const WEBHOOK_USER_AGENT = `UDN-Webhooks/${VERSION}`;

/** The start of an answer's body, without reading more of it than needed (a receiver may send gigabytes). */
async function firstChars(response: Response, max: number): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const decoder = new TextDecoder();
  let text = '';
  while (text.length < max) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  await reader.cancel().catch(() => undefined);
  return text.slice(0, max);
}

const errorText = (error: unknown): string => {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (cause && typeof cause.code === 'string') return `connection failed (${cause.code})`;
  if (cause && typeof cause.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
};

/**
 * Outbound webhooks (docs/webhooks.md): `emit` writes one delivery row per subscription that wants
 * the event and tries them at once, without making the caller wait; a failed try is retried with
 * back-off by the poller, which runs under an advisory lock so one server does it, and works from
 * the rows, so what was pending when a server stopped is sent after the restart. Every try is
 * claimed first (claimDelivery), so neither two servers nor the poller and an immediate try send
 * one delivery twice at once.
 */
export class WebhookDispatcher {
  private readonly now: () => number;
  private readonly timeoutMs: number;
  private readonly retryDelaysMs: readonly number[];
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly abort = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<unknown> | null = null;
  private stopped = false;

  constructor(private readonly options: WebhookDispatcherOptions) {
    this.now = options.now ?? Date.now;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.retryDelaysMs = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  }

  /** A claimed try is taken back by the poller after this long (the try's server died meanwhile). */
  private get leaseMs(): number {
    return this.timeoutMs + 60_000;
  }

  /** One delivery per matching enabled subscription, tried at once in the background. Never rejects. */
  async emit(event: OutboundEvent): Promise<void> {
    if (this.stopped) return;
    try {
      const hooks = await subscribersOf(this.options.store.db, event.orgId, event.event);
      if (hooks.length === 0) return;
      const rows = await this.createDeliveries(event.orgId, event.event, event.data, hooks);
      for (const row of rows) this.track(this.attempt(row));
    } catch (error) {
      this.options.onError(error, `webhook event ${event.event} could not be queued`);
    }
  }

  /** The test button: a `ping` delivered now (one try, no retries); answers the logged delivery. */
  async ping(hook: WebhookRow): Promise<WebhookDeliveryRow> {
    const [row] = await this.createDeliveries(
      hook.org_id,
      'ping',
      { webhook: { id: hook.id, name: hook.name } },
      [hook],
    );
    if (!row) throw new Error('the ping delivery was not written');
    return this.attempt(row);
  }

  /** A failed or waiting delivery tried again now (an admin's retry); answers it as logged after the try. */
  async retryNow(row: WebhookDeliveryRow): Promise<WebhookDeliveryRow> {
    const now = this.now();
    const reset = await updateDelivery(this.options.store.db, row.id, {
      status: 'pending',
      next_attempt_at: now + this.leaseMs,
    });
    if (!reset) throw new Error('the delivery is gone');
    return this.attempt(reset);
  }

  /** Tries every delivery whose time has come; answers how many were tried. */
  async deliverDue(): Promise<number> {
    let tried = 0;
    for (;;) {
      if (this.stopped) return tried;
      const now = this.now();
      const due = await dueDeliveries(this.options.store.db, now, POLL_BATCH);
      if (due.length === 0) return tried;
      const claimed = await mapLimit(due, POLL_CONCURRENCY, async (row) => {
        const lease = now + this.leaseMs;
        if (!(await claimDelivery(this.options.store.db, row.id, row.next_attempt_at, lease))) return false;
        // A failure to record was reported by track; the row's lease lets a later poll try again.
        await this.track(this.attempt({ ...row, next_attempt_at: lease })).catch(() => undefined);
        return true;
      });
      const count = claimed.filter(Boolean).length;
      tried += count;
      // All taken by someone else: they will be tried there.
      if (count === 0 || due.length < POLL_BATCH) return tried;
    }
  }

  start(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => void this.poll(), this.options.pollMs ?? 15_000);
    this.timer.unref();
    void this.poll();
  }

  /** Resolves when no try started by this dispatcher is in flight (a CLI run before it exits, tests). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Stops polling and cancels tries in flight: they are not counted and are sent again after a restart. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.abort.abort();
    await Promise.allSettled([...this.inFlight, this.polling]);
  }

  private poll(): Promise<unknown> {
    if (this.polling) return this.polling;
    this.polling = runExclusive(this.options.store, 'webhooks', () => this.deliverDue())
      .catch((error: unknown) => this.options.onError(error, 'webhook retries could not be polled'))
      .finally(() => {
        this.polling = null;
      });
    return this.polling;
  }

  private track<T>(work: Promise<T>): Promise<T> {
    const tracked = work.catch((error: unknown) => {
      this.options.onError(error, 'a webhook delivery could not be recorded');
      throw error;
    });
    const settled = tracked.catch(() => undefined);
    this.inFlight.add(settled);
    void settled.finally(() => this.inFlight.delete(settled));
    return tracked;
  }

  private async createDeliveries(
    orgId: number,
    event: DeliveryEvent,
    data: Record<string, unknown>,
    hooks: readonly WebhookRow[],
  ): Promise<WebhookDeliveryRow[]> {
    const org = await findOrg(this.options.store.db, orgId);
    const now = this.now();
    const eventId = `evt_${randomUUID()}`;
    const payload = JSON.stringify(
      webhookPayload(eventId, event, now, { id: orgId, name: org?.name ?? '' }, data),
    );
    const rows: WebhookDeliveryRow[] = [];
    for (const hook of hooks)
      rows.push(
        await insertDelivery(this.options.store.db, {
          webhook_id: hook.id,
          org_id: orgId,
          event,
          event_id: eventId,
          payload,
          attempts: 0,
          status: 'pending',
          response_code: null,
          error: null,
          duration_ms: null,
          created_at: now,
          last_attempt_at: null,
          // Claimed for the immediate try: the poller takes it only if that try never ends.
          next_attempt_at: now + this.leaseMs,
        }),
      );
    return rows;
  }

  /** One try of a claimed delivery, recorded; answers the row as logged. */
  private async attempt(row: WebhookDeliveryRow): Promise<WebhookDeliveryRow> {
    const db = this.options.store.db;
    const hook = await findWebhook(db, row.org_id, row.webhook_id);
    if (!hook) return row;
    const isPing = row.event === 'ping';
    if (hook.enabled !== 1 && !isPing) {
      return (
        (await updateDelivery(db, row.id, {
          status: 'failed',
          error: `not sent: the subscription is disabled${hook.disabled_reason ? ` (${hook.disabled_reason})` : ''}`,
          next_attempt_at: null,
        })) ?? row
      );
    }
    const started = this.now();
    const outcome = await this.send(hook, row);
    if (outcome === null) return row;
    const attempts = row.attempts + 1;
    const next =
      outcome.ok || isPing
        ? null
        : nextAttemptAt(attempts, row.created_at, started, this.retryDelaysMs, RETRY_WINDOW_MS);
    const status = outcome.ok ? 'delivered' : next === null ? 'failed' : 'retrying';
    const updated = await updateDelivery(db, row.id, {
      attempts,
      status,
      response_code: outcome.responseCode,
      error: outcome.error,
      duration_ms: outcome.durationMs,
      last_attempt_at: started,
      next_attempt_at: next,
    });
    if (!isPing) {
      if (outcome.ok) await resetGivenUp(db, hook.id);
      else await this.judge(hook, status === 'failed', started);
    }
    if (status !== 'retrying') await pruneDeliveries(db, hook.id);
    return updated ?? row;
  }

  /** After a failed try: disables a subscription given up on too often in a row, or failing for days. */
  private async judge(hook: WebhookRow, givenUp: boolean, now: number): Promise<void> {
    const db = this.options.store.db;
    const maxGivenUp = this.options.maxGivenUp ?? 10;
    const maxFailingMs = this.options.maxFailingMs ?? 3 * DAY;
    let reason: string | null = null;
    if (givenUp) {
      const inARow = await countGivenUp(db, hook.id, now);
      if (inARow >= maxGivenUp) reason = `${inARow} deliveries in a row failed after every retry`;
    }
    if (reason === null) {
      const since = await failingSince(db, hook.id);
      if (since !== null && now - since >= maxFailingMs)
        reason = `every delivery failed for ${Math.round((now - since) / DAY)} days`;
    }
    if (reason === null) return;
    const disabled = await disableWebhook(db, hook.id, reason, now);
    if (disabled) this.options.onDisabled?.(hook.org_id, { id: hook.id, name: hook.name, reason });
  }

  /** POSTs the delivery; null when this server is stopping (the try does not count). */
  private async send(hook: WebhookRow, row: WebhookDeliveryRow): Promise<TryOutcome | null> {
    const startedAt = performance.now();
    const elapsed = () => Math.round(performance.now() - startedAt);
    // Checked before every try, not only when saved: the host's DNS answer may have changed.
    const check = await checkOutboundUrl(hook.url, {
      allowPrivate: hook.allow_private === 1,
      ...(this.options.resolve ? { resolve: this.options.resolve } : {}),
    });
    if (!check.ok)
      return { ok: false, responseCode: null, error: `refused: ${check.reason}`, durationMs: elapsed() };
    let secret: string;
    try {
      secret = await openHeaderValue(this.options.store, hook.secret);
    } catch (error) {
      return { ok: false, responseCode: null, error: errorText(error), durationMs: elapsed() };
    }
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = AbortSignal.any([this.abort.signal, timeout]);
    try {
      const response = await (this.options.fetch ?? fetch)(check.url, {
        method: 'POST',
        body: row.payload,
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': WEBHOOK_USER_AGENT,
          [SIGNATURE_HEADER]: signatureHeader(secret, Math.floor(this.now() / 1000), row.payload),
          [EVENT_HEADER]: row.event,
          [DELIVERY_HEADER]: String(row.id),
        },
        // A redirect could lead to an address the check refused: it counts as a failure instead.
        redirect: 'manual',
        signal,
      });
      const ok = response.status >= 200 && response.status < 300;
      // Read within the same time limit: a receiver that sends headers and then hangs is a timeout too.
      let text = '';
      if (ok) await response.body?.cancel();
      else text = await firstChars(response, BODY_KEPT);
      return {
        ok,
        responseCode: response.status,
        error: ok
          ? null
          : `HTTP ${response.status}${text.trim() ? `: ${text.trim().slice(0, BODY_KEPT)}` : ''}`,
        durationMs: elapsed(),
      };
    } catch (error) {
      if (this.abort.signal.aborted) return null;
      if (timeout.aborted)
        return {
          ok: false,
          responseCode: null,
          error: `timed out after ${this.timeoutMs} ms`,
          durationMs: elapsed(),
        };
      return { ok: false, responseCode: null, error: errorText(error), durationMs: elapsed() };
    }
  }
}
