import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson, request } from './client.ts';
import { DATA_QUERY_ROOTS, queryKeys } from './query-keys.ts';
import type { ImportHistoryEntry, ImportJob } from './types.ts';

export const useImportHistory = () =>
  useQuery({
    queryKey: queryKeys.imports(),
    queryFn: ({ signal }) => getJson<ImportHistoryEntry[]>('/api/v1/imports', undefined, signal),
  });

/** An import job, asked again every half second while it runs; the data is refreshed when it ends. */
export function useImportJob(id: number | null) {
  const client = useQueryClient();
  return useQuery({
    queryKey: [...queryKeys.imports(), 'job', id],
    enabled: id !== null,
    queryFn: async ({ signal }) => {
      const job = await getJson<ImportJob>(`/api/v1/imports/${id}`, undefined, signal);
      if (job.status !== 'running') {
        // Not the job's own key (under 'imports'): that would ask for the ended job again and again.
        for (const root of DATA_QUERY_ROOTS) {
          if (root !== 'imports') void client.invalidateQueries({ queryKey: [root] });
        }
        void client.invalidateQueries({ queryKey: queryKeys.imports(), exact: true });
      }
      return job;
    },
    refetchInterval: (query) => (query.state.data?.status === 'running' || !query.state.data ? 500 : false),
  });
}

/** DELETE /api/v1/imports/{id}: answers once the job has ended (cancelled, nothing written). */
export function useCancelImport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => request<ImportJob>(`/api/v1/imports/${id}`, { method: 'DELETE' }),
    onSuccess: (job) => client.setQueryData([...queryKeys.imports(), 'job', job.id], job),
    onSettled: () => void client.invalidateQueries({ queryKey: queryKeys.imports(), exact: true }),
  });
}
