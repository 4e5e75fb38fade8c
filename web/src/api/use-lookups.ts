import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AccountLookup, DealLookup } from '../../../src/core/contracts/lookups.ts';
import { getJson } from './client.ts';

export type { AccountOption, DealOption } from '../../../src/core/contracts/lookups.ts';

export type LookupKind = 'accounts' | 'deals';
type LookupAnswer<K extends LookupKind> = K extends 'accounts' ? AccountLookup : DealLookup;

/**
 * Accounts or deals whose name holds `search` (GET /accounts, /deals), for pickers: asked as the
 * person types (the caller debounces), the previous answer kept on screen meanwhile.
 */
export function useLookup<K extends LookupKind>(kind: K, search: string, enabled: boolean, limit = 20) {
  return useQuery({
    queryKey: ['lookups', kind, search, limit] as const,
    queryFn: ({ signal }) => getJson<LookupAnswer<K>>(`/api/v1/${kind}`, { search, limit }, signal),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    enabled,
  });
}
