import type { QueryClient } from '@tanstack/react-query';
import { GOAL_QUERY_ROOTS } from './query-keys.ts';

const pending = new WeakMap<QueryClient, ReturnType<typeof setTimeout>>();

/**
 * Refreshes every goal, target and task query once. A write answers its own request and also comes
 * back as a goals-changed event a moment later; both ask for a refresh, and coalescing them within
 * a short window means a page with 200 goals recomputes once, not twice. Both calls come after the
 * write committed, so the one refetch sees it.
 */
export function refreshGoals(client: QueryClient, delayMs = 60): void {
  if (pending.has(client)) return;
  pending.set(
    client,
    setTimeout(() => {
      pending.delete(client);
      for (const root of GOAL_QUERY_ROOTS) void client.invalidateQueries({ queryKey: [root] });
    }, delayMs),
  );
}
