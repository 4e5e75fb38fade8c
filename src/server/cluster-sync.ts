import type { ClusterMessage } from '../core/contracts/cluster.ts';
import { type ClusterBus, clusterBusOf } from '../db/cluster-bus.ts';
import { findDashboard } from '../db/dashboards-repo.ts';
import { forgetTokenPrincipals } from '../services/access/api-tokens.ts';
import { forgetSessions } from '../services/access/session-principal.ts';
import { endShareStreams } from './access/share-link.ts';
import { dashboardAudience, seenOf } from './live-announce.ts';
import { publishUnread } from './routes/notification-routes.ts';
import { type OrgSource, type ServerContext, serialQueue } from './server-context.ts';

/**
 * What this server does when another one (or a CLI process) on the database tells it of a change:
 * first its caches forget what the change made stale, then its open pages hear the event, so what
 * a page fetches on hearing it is fresh (docs/adr/0016-cluster-bus.md).
 */
async function apply(ctx: ServerContext, orgs: OrgSource, message: ClusterMessage): Promise<void> {
  switch (message.t) {
    case 'org':
      orgs.invalidate(message.org);
      if (message.v !== undefined) ctx.live.dataChanged(message.org, message.v);
      return;
    case 'goals':
      ctx.live.publish(message.org, { type: 'goals-changed' });
      return;
    case 'dashboard': {
      const event = { type: 'dashboard-changed', dashboardId: message.id, version: message.version } as const;
      if (ctx.live.size === 0) return;
      if (message.seen && message.shares) {
        const seen = { id: message.id, ...message.seen };
        const audience = await dashboardAudience(
          ctx.store,
          message.org,
          seen,
          message.shares,
          message.formerShares,
        );
        ctx.live.publish(message.org, event, audience);
        return;
      }
      // The shares did not fit the message: those who may see the dashboard as stored now hear it;
      // a deleted one's audience is unknown, so only the reset's everyone-hears case sends no `seen`.
      const dashboard = await findDashboard(ctx.store.db, message.org, message.id);
      if (!dashboard) {
        if (message.version === 0) ctx.live.publish(message.org, event);
        return;
      }
      ctx.live.publish(
        message.org,
        event,
        await dashboardAudience(ctx.store, message.org, seenOf(dashboard), dashboard.shares),
      );
      return;
    }
    case 'import-progress':
      ctx.live.publish(message.org, {
        type: 'import-progress',
        importId: message.importId,
        progress: message.progress,
      });
      return;
    case 'import-finished': {
      const { t: _t, org, ...finished } = message;
      ctx.live.publish(org, { type: 'import-finished', ...finished });
      return;
    }
    case 'tokens':
      forgetTokenPrincipals();
      return;
    case 'member':
      forgetSessions(message.user);
      forgetTokenPrincipals();
      return;
    case 'share-revoked':
      endShareStreams(ctx, message.link);
      return;
    case 'notifications':
      await publishUnread(ctx, message.org, message.user);
      return;
  }
}

export interface ClusterSync {
  bus: ClusterBus;
  tell(message: ClusterMessage): void;
  /** Starts listening (on PostgreSQL: LISTEN on a connection of its own). */
  start(ctx: ServerContext): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The server's side of the cluster bus. Everything this server announces it has already done for
 * itself (a writer reads its own write at once), so its own echo is skipped; what others send is
 * applied in the order it arrives.
 */
export function clusterSync(
  store: ServerContext['store'],
  instanceId: string,
  orgs: OrgSource,
  onError: (error: unknown, message: string) => void,
): ClusterSync {
  const bus = clusterBusOf(store);
  let unsubscribe: (() => Promise<void>) | null = null;
  // One at a time, in order: a dashboard's audience is read from the database, and a data-changed
  // overtaking the cache drop before it would let a page fetch a stale answer.
  const inOrder = serialQueue();
  return {
    bus,
    tell(message) {
      void bus.publish(message, { from: instanceId });
    },
    async start(ctx) {
      unsubscribe = await bus.subscribe({
        onMessage(message, from) {
          if (from === instanceId) return;
          inOrder(() => apply(ctx, orgs, message)).catch((error: unknown) =>
            onError(error, `cluster message ${message.t} failed`),
          );
        },
        onResync() {
          // Messages were lost while the connection was down: anything cached may be stale.
          orgs.invalidate();
          forgetSessions();
          forgetTokenPrincipals();
          void ctx.live.resync().catch((error: unknown) => onError(error, 'cluster resync failed'));
        },
        onError: (error) => onError(error, 'cluster bus'),
      });
    },
    async stop() {
      const stopping = unsubscribe;
      unsubscribe = null;
      await stopping?.();
    },
  };
}
