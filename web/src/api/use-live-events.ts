import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { refreshGoals } from './goal-refresh.ts';
import { DATA_QUERY_ROOTS, queryKeys } from './query-keys.ts';
import type { Dashboard, LiveEvent } from './types.ts';

export type LiveStatus = 'connecting' | 'live' | 'offline';

/**
 * One EventSource for the whole app. Events only invalidate queries: the refetch goes through the
 * same hooks, so a widget shows what the API computes and never patches numbers from an event.
 */
export function useLiveEvents(): LiveStatus {
  const client = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');

  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/v1/events');
    let interrupted = false;
    source.onopen = () => {
      setStatus('live');
      // Events sent while the stream was down are lost: refresh once instead.
      if (interrupted) {
        for (const root of DATA_QUERY_ROOTS) void client.invalidateQueries({ queryKey: [root] });
        refreshGoals(client, 0);
      }
      interrupted = false;
    };
    // EventSource reconnects by itself; the badge only tells the user that updates are paused.
    source.onerror = () => {
      interrupted = true;
      setStatus(source.readyState === EventSource.CLOSED ? 'offline' : 'connecting');
    };
    const handle = (raw: MessageEvent<string>) => {
      let event: LiveEvent;
      try {
        event = JSON.parse(raw.data) as LiveEvent;
      } catch {
        return;
      }
      if (event.type === 'data-changed') {
        for (const root of DATA_QUERY_ROOTS) void client.invalidateQueries({ queryKey: [root] });
        // KPI targets are measured on the data: their current values move with an import.
        refreshGoals(client);
      } else if (event.type === 'goals-changed') {
        refreshGoals(client);
      } else if (event.type === 'dashboard-changed') {
        const known = client.getQueryData<Dashboard>(queryKeys.dashboard(event.dashboardId));
        if (!known || known.version !== event.version) {
          void client.invalidateQueries({ queryKey: queryKeys.dashboards() });
        }
      }
    };
    // The server may send unnamed messages or named events; listen to both.
    source.onmessage = handle;
    for (const name of ['data-changed', 'dashboard-changed', 'goals-changed']) {
      source.addEventListener(name, handle as EventListener);
    }
    return () => source.close();
  }, [client]);

  return status;
}
