import type { ServerResponse } from 'node:http';
import type { Principal } from '../core/access/principal.ts';
import { hearsEvent } from '../core/access/visibility.ts';
import type { LiveEvent } from '../core/contracts/api.ts';

interface Subscriber {
  /** Who listens: their organisation's events only, and of those only what they may see. */
  principal: Principal;
  res: ServerResponse;
}

/** A publisher's narrower audience of one event (a dashboard's readers); absent: the event's rule alone. */
export type EventAudience = (principal: Principal) => boolean;

export interface LiveEventsOptions {
  /** Current data_version of every organisation: one cheap query, run while anyone listens. */
  readVersions: () => Promise<Map<number, number>>;
  /** Called before subscribers hear of a new version, so what they fetch next is fresh. */
  onNewVersion: (orgId: number, dataVersion: number) => void;
  pollMs: number;
  keepAliveMs: number;
  onError: (error: unknown) => void;
}

/**
 * Server-sent events for open pages. Changes made through this server are published at once, and
 * those other servers on the database announce arrive through cluster-sync.ts; changes made by a
 * process that announces nothing (`udn import` on SQLite) are found by polling orgs.data_version,
 * only while some page listens.
 */
export class LiveEvents {
  private readonly subscribers = new Set<Subscriber>();
  private readonly knownVersion = new Map<number, number>();
  private pollTimer: NodeJS.Timeout | null = null;
  /** Bumped whenever polling stops, so a poll still awaiting the database does not reschedule. */
  private pollGeneration = 0;
  private keepAliveTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly options: LiveEventsOptions) {}

  get size(): number {
    return this.subscribers.size;
  }

  /** Streams `principal`'s events to `res` (headers already sent); returns the unsubscribe function. */
  subscribe(principal: Principal, dataVersion: number, res: ServerResponse): () => void {
    const subscriber = { principal, res };
    this.subscribers.add(subscriber);
    this.noteVersion(principal.orgId, dataVersion, true);
    this.startTimers();
    return () => {
      this.subscribers.delete(subscriber);
      if (this.subscribers.size === 0) this.stopTimers();
    };
  }

  /**
   * Sends `event` to the subscribers of `orgId` who may hear it: the event's rule
   * (core/access/visibility.ts EVENT_AUDIENCE) and, when given, the publisher's `visibleTo`.
   */
  publish(orgId: number, event: LiveEvent, visibleTo?: EventAudience): void {
    const frame = `data: ${JSON.stringify(event)}\n\n`;
    for (const s of this.subscribers) {
      if (s.principal.orgId !== orgId || !hearsEvent(s.principal, event)) continue;
      if (visibleTo && !visibleTo(s.principal)) continue;
      this.write(s, frame);
    }
  }

  /**
   * Publishes data-changed once per new version, whoever noticed it first (this server or the poller).
   * A version the poller reads for an organisation it had not seen yet is where it starts, not a
   * change; a version a write reports is a change even when it is the first this server sees (no
   * page was listening, so nothing was polled before), which the listeners after a data change need.
   */
  dataChanged(orgId: number, dataVersion: number, polled = false): void {
    if (!this.noteVersion(orgId, dataVersion, polled)) return;
    this.options.onNewVersion(orgId, dataVersion);
    this.publish(orgId, { type: 'data-changed', dataVersion });
  }

  /**
   * After messages from other servers may have been lost (the listening connection dropped): every
   * organisation is taken as changed, so open pages fetch again what they show.
   */
  async resync(): Promise<void> {
    const versions = await this.options.readVersions();
    for (const [orgId, version] of versions) {
      this.knownVersion.set(orgId, Math.max(version, this.knownVersion.get(orgId) ?? version));
      this.options.onNewVersion(orgId, version);
      this.publish(orgId, { type: 'data-changed', dataVersion: version });
      this.publish(orgId, { type: 'goals-changed' });
    }
  }

  /**
   * Ends every stream, so a graceful shutdown does not wait for open pages. Each page is told to
   * reconnect (to whichever server answers then) after a second or so: spread over two, so a load
   * balancer's other servers are not hit by every page of this one at once.
   */
  close(): void {
    this.closed = true;
    this.stopTimers();
    for (const s of this.subscribers) {
      const retryMs = 1000 + Math.floor(Math.random() * 1000);
      if (!s.res.writableEnded && !s.res.destroyed)
        // StreamNotice (core/contracts/api.ts): the page reconnects.
        s.res.end(`retry: ${retryMs}\ndata: {"type":"reconnect"}\n\n`);
    }
    this.subscribers.clear();
  }

  private noteVersion(orgId: number, version: number, polled: boolean): boolean {
    const known = this.knownVersion.get(orgId);
    if (known !== undefined && version <= known) return false;
    this.knownVersion.set(orgId, version);
    return known !== undefined || !polled;
  }

  private write(s: Subscriber, frame: string): void {
    if (s.res.writableEnded || s.res.destroyed) {
      this.subscribers.delete(s);
      return;
    }
    s.res.write(frame);
  }

  private startTimers(): void {
    if (this.closed) return;
    if (!this.pollTimer) this.schedulePoll();
    if (!this.keepAliveTimer) {
      // Comments keep proxies and browsers from closing a quiet stream.
      this.keepAliveTimer = setInterval(() => {
        for (const s of this.subscribers) this.write(s, ': keep-alive\n\n');
      }, this.options.keepAliveMs);
      this.keepAliveTimer.unref();
    }
  }

  private stopTimers(): void {
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollGeneration++;
    if (this.keepAliveTimer) clearInterval(this.keepAliveTimer);
    this.pollTimer = null;
    this.keepAliveTimer = null;
  }

  private schedulePoll(): void {
    const generation = this.pollGeneration;
    // A chain of timeouts, not an interval: a slow database never gets overlapping polls.
    this.pollTimer = setTimeout(async () => {
      try {
        const versions = await this.options.readVersions();
        for (const [orgId, version] of versions) this.dataChanged(orgId, version, true);
      } catch (error) {
        this.options.onError(error);
      }
      if (generation === this.pollGeneration && !this.closed) this.schedulePoll();
    }, this.options.pollMs);
    this.pollTimer.unref();
  }
}
