import { useQuery } from '@tanstack/react-query';
import { getJson } from './client.ts';
import { queryKeys } from './query-keys.ts';
import type { OrgResponse } from './types.ts';

export const useOrg = () =>
  useQuery({
    queryKey: queryKeys.org(),
    queryFn: ({ signal }) => getJson<OrgResponse>('/api/v1/org', undefined, signal),
    staleTime: 60_000,
  });
