import { useQuery } from '@tanstack/react-query';
import { getJson } from './client.ts';
import { queryKeys } from './query-keys.ts';
import type { Rep } from './types.ts';

export const useReps = () =>
  useQuery({
    queryKey: queryKeys.reps(),
    queryFn: ({ signal }) => getJson<Rep[]>('/api/v1/reps', undefined, signal),
    staleTime: 30_000,
  });
