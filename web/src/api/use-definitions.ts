import { useQuery } from '@tanstack/react-query';
import { getJson } from './client.ts';
import { queryKeys } from './query-keys.ts';
import type { DefinitionsResponse } from './types.ts';

/** The KPI catalogue of core (labels en/id, formulas, units, directions); it never changes while the server runs. */
export const useDefinitions = () =>
  useQuery({
    queryKey: queryKeys.definitions(),
    queryFn: ({ signal }) => getJson<DefinitionsResponse>('/api/v1/definitions', undefined, signal),
    staleTime: Number.POSITIVE_INFINITY,
  });
