import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { refreshGoals } from './goal-refresh.ts';
import { DATA_QUERY_ROOTS, queryKeys } from './query-keys.ts';
import type { Dashboard, LiveEvent, StreamNotice } from './types.ts';

/** connecting: not open yet; retrying: dropped, the browser tries again; closed: the browser gave up. */
export type StreamState = 'connecting' | 'live' | 'retrying' | 'closed';

/** What a stream does with the query cache. Module constants, so the stream is opened once. */
export interface StreamHandlers {
  /** An event the server sent. Events only invalidate queries, never patch numbers. */
  onEvent: (client: QueryClient, event: LiveEvent) => void;
  /** Open again after a drop: events sent meanwhile are lost, so refresh once instead. */
  onResumed: (client: QueryClient) => void;
  /** The stream dropped. */
  onDropped?: (client: QueryClient) => void;
}

/**
 * One EventSource at `url` (none while null), its events handed to `handlers`. The browser
 * reconnects by itself; when it gives up (a proxy's 502 during a restart), a new stream is opened
 * `reopenMs` later if given, else it stays closed.
 */
export function useEventStream(url: string | null, handlers: StreamHandlers, reopenMs?: number): StreamState {
  const client = useQueryClient();
  const [state, setState] = useState<StreamState>('connecting');

  useEffect(() => {
    if (url === null || typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let reopen: ReturnType<typeof setTimeout> | undefined;
    let interrupted = false;
    let stopped = false;
    const handle = (raw: MessageEvent<string>) => {
      let event: LiveEvent | StreamNotice;
      try {
        event = JSON.parse(raw.data) as LiveEvent | StreamNotice;
      } catch {
        return;
      }
      if (event.type === 'reconnect') {
        // The server is shutting down and ends the stream; the browser reconnects after its
        // `retry:`, to whichever server answers, and what was missed meanwhile is refetched then.
        interrupted = true;
        setState('retrying');
        return;
      }
      handlers.onEvent(client, event);
    };
    const open = () => {
      const current = new EventSource(url);
      source = current;
      current.onopen = () => {
        setState('live');
        if (interrupted) handlers.onResumed(client);
        interrupted = false;
      };
      current.onerror = () => {
        interrupted = true;
        const closed = current.readyState === EventSource.CLOSED;
        setState(closed ? 'closed' : 'retrying');
        handlers.onDropped?.(client);
        if (closed && reopenMs !== undefined && !stopped) {
          clearTimeout(reopen);
          reopen = setTimeout(open, reopenMs);
        }
      };
      // The server may send unnamed messages or named events; listen to both.
      current.onmessage = handle;
      for (const name of ['data-changed', 'dashboard-changed', 'goals-changed']) {
        current.addEventListener(name, handle as EventListener);
      }
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(reopen);
      source?.close();
    };
  }, [client, url, handlers, reopenMs]);

  return state;
}

export type LiveStatus = 'connecting' | 'live' | 'offline';

const APP_STREAM: StreamHandlers = {
  onEvent: (client, event) => {
    if (event.type === 'data-changed') {
      for (const root of DATA_QUERY_ROOTS) void client.invalidateQueries({ queryKey: [root] });
      // KPI targets are measured on the data: their current values move with an import.
      refreshGoals(client);
    } else if (event.type === 'goals-changed') {
      refreshGoals(client);
    } else if (event.type === 'notifications-changed') {
      // The bell's count and list: asked again, so the badge shows what the API counts. Alerts are
      // evaluated after the data-changed that refreshed their page: a new notification is often the
      // first sign that a rule crossed, so the rules and their log are asked again too.
      void client.invalidateQueries({ queryKey: ['notifications', 'list'] });
      void client.invalidateQueries({ queryKey: ['alerts'] });
    } else if (event.type === 'dashboard-changed') {
      const known = client.getQueryData<Dashboard>(queryKeys.dashboard(event.dashboardId));
      if (!known || known.version !== event.version) {
        void client.invalidateQueries({ queryKey: queryKeys.dashboards() });
      }
    }
  },
  onResumed: (client) => {
    for (const root of DATA_QUERY_ROOTS) void client.invalidateQueries({ queryKey: [root] });
    refreshGoals(client, 0);
  },
};

/**
 * How long after the browser gave up (a 502 or 503 while servers restart) a new stream is opened:
 * the page keeps trying until some server answers.
 */
const APP_REOPEN_MS = 3000;

/**
 * One EventSource for the whole app. Events only invalidate queries: the refetch goes through the
 * same hooks, so a widget shows what the API computes and never patches numbers from an event.
 * The badge only tells the user that updates are paused while the browser reconnects.
 */
export function useLiveEvents(): LiveStatus {
  const state = useEventStream('/api/v1/events', APP_STREAM, APP_REOPEN_MS);
  return state === 'live' ? 'live' : state === 'closed' ? 'offline' : 'connecting';
}
