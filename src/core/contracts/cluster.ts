import type { DashboardShare } from './api.ts';
import type { ImportJobProgress, ImportStatus } from './imports.ts';

/**
 * What one `udn serve` process tells the others on one database (docs/adr/0016-cluster-bus.md).
 * Ids and versions, never bodies: a NOTIFY payload holds at most 8000 bytes, and a receiver reads
 * what it needs itself, with its own subscribers' visibility.
 */
export type ClusterMessage =
  /**
   * An organisation's record changed (its settings): reload it. With `v`, its data version moved
   * (import, quota edit, reset): pages hear data-changed too.
   */
  | { t: 'org'; org: number; v?: number }
  /** Goals, folders, targets or tasks changed (no new data version). */
  | { t: 'goals'; org: number }
  /**
   * A dashboard changed (version 0: deleted). `seen` and the shares let the receiver decide who may
   * hear it without reading a dashboard that may be gone; absent when they would not fit a payload.
   */
  | {
      t: 'dashboard';
      org: number;
      id: number;
      version: number;
      seen?: { ownerUserId: string | null; isDefault: boolean };
      shares?: DashboardShare[];
      formerShares?: DashboardShare[];
    }
  /** An import job's progress or end, for admins' pages on every instance. */
  | { t: 'import-progress'; org: number; importId: number; progress: ImportJobProgress }
  | {
      t: 'import-finished';
      org: number;
      importId: number;
      status: ImportStatus;
      changed: boolean;
      dataVersion: number | null;
    }
  /** A token was revoked: cached token principals are stale. */
  | { t: 'tokens' }
  /** A member changed or signed out: their cached sessions (everyone's without `user`) and token principals are stale. */
  | { t: 'member'; user?: string }
  /** A share link was revoked: its open TV streams end. */
  | { t: 'share-revoked'; link: number }
  /** A person's notifications changed: their pages on every server hear the new unread count. */
  | { t: 'notifications'; org: number; user: string };

/** The envelope on the wire: who sent it, so a sender can skip what it already did itself. */
export interface ClusterEnvelope {
  from: string;
  m: ClusterMessage;
}
