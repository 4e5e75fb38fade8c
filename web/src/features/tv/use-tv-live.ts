import { DATA_QUERY_ROOTS, queryKeys } from '../../api/query-keys.ts';
import { type StreamHandlers, useEventStream } from '../../api/use-live-events.ts';
import { TV_SHARE_KEY } from './tv-queries.ts';

export type TvLiveStatus = 'live' | 'reconnecting';

/** How long a stream the browser gave up on waits before a new one is opened. */
const REOPEN_MS = 5000;

const TV_STREAM: StreamHandlers = {
  onEvent: (client, event) => {
    if (event.type === 'data-changed') {
      for (const root of DATA_QUERY_ROOTS) void client.invalidateQueries({ queryKey: [root] });
    } else if (event.type === 'dashboard-changed') {
      void client.invalidateQueries({ queryKey: queryKeys.dashboards() });
      void client.invalidateQueries({ queryKey: TV_SHARE_KEY });
    }
  },
  onResumed: (client) => void client.invalidateQueries(),
  // A revoked link answers 401 there, and the page says so.
  onDropped: (client) => void client.invalidateQueries({ queryKey: TV_SHARE_KEY }),
};

/**
 * The kiosk's live stream (`?share=`: EventSource sends no headers). Events only invalidate
 * queries; when the stream drops, the link is asked about at once, and the browser reconnects by
 * itself — or, when it gives up, a new stream is opened a few seconds later. Back online,
 * everything is refetched once: events sent while away are lost.
 */
export function useTvLive(secret: string, enabled: boolean): TvLiveStatus {
  const url = enabled ? `/api/v1/events?share=${encodeURIComponent(secret)}` : null;
  const state = useEventStream(url, TV_STREAM, REOPEN_MS);
  return state === 'retrying' || state === 'closed' ? 'reconnecting' : 'live';
}
