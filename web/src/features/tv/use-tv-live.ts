import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { DATA_QUERY_ROOTS, queryKeys } from '../../api/query-keys.ts';
import type { LiveEvent } from '../../api/types.ts';
import { TV_SHARE_KEY } from './tv-queries.ts';

export type TvLiveStatus = 'live' | 'reconnecting';

/** How long a stream the browser gave up on waits before a new one is opened. */
const REOPEN_MS = 5000;

/**
 * The kiosk's live stream (`?share=`: EventSource sends no headers). Events only invalidate
 * queries; when the stream drops, the link is asked about at once (a revoked link answers 401 and
 * the page says so), and the browser reconnects by itself — or, when it gives up (a proxy's 502
 * during a restart), a new stream is opened a few seconds later. Back online, everything is
 * refetched once: events sent while away are lost.
 */
export function useTvLive(secret: string, enabled: boolean): TvLiveStatus {
  const client = useQueryClient();
  const [status, setStatus] = useState<TvLiveStatus>('live');

  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let reopen: ReturnType<typeof setTimeout> | undefined;
    let interrupted = false;
    let stopped = false;
    const open = () => {
      source = new EventSource(`/api/v1/events?share=${encodeURIComponent(secret)}`);
      source.onopen = () => {
        setStatus('live');
        if (interrupted) void client.invalidateQueries();
        interrupted = false;
      };
      source.onerror = () => {
        interrupted = true;
        setStatus('reconnecting');
        void client.invalidateQueries({ queryKey: TV_SHARE_KEY });
        if (source?.readyState === EventSource.CLOSED && !stopped) {
          clearTimeout(reopen);
          reopen = setTimeout(open, REOPEN_MS);
        }
      };
      source.onmessage = (raw: MessageEvent<string>) => {
        let event: LiveEvent;
        try {
          event = JSON.parse(raw.data) as LiveEvent;
        } catch {
          return;
        }
        if (event.type === 'data-changed') {
          for (const root of DATA_QUERY_ROOTS) void client.invalidateQueries({ queryKey: [root] });
        } else if (event.type === 'dashboard-changed') {
          void client.invalidateQueries({ queryKey: queryKeys.dashboards() });
          void client.invalidateQueries({ queryKey: TV_SHARE_KEY });
        }
      };
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(reopen);
      source?.close();
    };
  }, [client, secret, enabled]);

  return status;
}
