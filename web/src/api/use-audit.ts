import { useInfiniteQuery } from '@tanstack/react-query';
import type { AuditEntry } from './access-types.ts';
import { getJson } from './client.ts';

export interface AuditFilter {
  actor?: string;
  kind?: string;
  from?: string;
  to?: string;
}

const PAGE = 50;

/** The audit log, newest first, a page at a time: each page says where the next one starts. */
export const useAudit = (filter: AuditFilter) =>
  useInfiniteQuery({
    queryKey: ['audit', filter],
    initialPageParam: null as number | null,
    queryFn: ({ pageParam, signal }) =>
      getJson<{ entries: AuditEntry[]; next: number | null }>(
        '/api/v1/audit',
        { ...filter, before: pageParam, limit: PAGE },
        signal,
      ),
    getNextPageParam: (page) => page.next,
  });
