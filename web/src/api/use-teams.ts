import { useQuery } from '@tanstack/react-query';
import { getJson } from './client.ts';
import { queryKeys } from './query-keys.ts';
import type { Team } from './types.ts';

export const useTeams = () =>
  useQuery({
    queryKey: queryKeys.teams(),
    queryFn: ({ signal }) => getJson<Team[]>('/api/v1/teams', undefined, signal),
    staleTime: 30_000,
  });
