import { useQueries, useQuery } from '@tanstack/react-query';
import type { ShareInfo } from '../../../../src/core/contracts/share-links.ts';
import { getJson } from '../../api/client.ts';
import { queryKeys } from '../../api/query-keys.ts';
import type { Dashboard } from '../../api/types.ts';

export const TV_SHARE_KEY = ['share'] as const;

/**
 * What the link shows. Asked again every rotation (and when the stream drops): a revoked or
 * expired link answers 401 there first, and the kiosk says so within one rotation.
 */
export const useShareInfo = (refetchMs: number) =>
  useQuery({
    queryKey: TV_SHARE_KEY,
    queryFn: ({ signal }) => getJson<ShareInfo>('/api/v1/share', undefined, signal),
    refetchInterval: refetchMs,
    refetchIntervalInBackground: true,
  });

/** Every dashboard of the rotation, loaded up front so a turn never waits for the next one. */
export const useTvDashboards = (ids: readonly number[]) =>
  useQueries({
    queries: ids.map((id) => ({
      queryKey: queryKeys.dashboard(id),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        getJson<Dashboard>(`/api/v1/dashboards/${id}`, undefined, signal),
    })),
  });
