import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson, HttpError, request } from './client.ts';
import { DATA_QUERY_ROOTS, queryKeys } from './query-keys.ts';
import type { ImportHistoryEntry, ImportResult } from './types.ts';

export const useImportHistory = () =>
  useQuery({
    queryKey: queryKeys.imports(),
    queryFn: ({ signal }) => getJson<ImportHistoryEntry[]>('/api/v1/imports', undefined, signal),
  });

/** POST /api/v1/imports: a refused import (422) is an answer with errors, not a failure of the request. */
export function useUploadImport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (files: File[]): Promise<ImportResult> => {
      const form = new FormData();
      for (const file of files) form.append('files', file, file.name);
      try {
        return await request<ImportResult>('/api/v1/imports', { method: 'POST', body: form });
      } catch (error) {
        if (error instanceof HttpError && error.status === 422 && isImportResult(error.payload)) {
          return error.payload;
        }
        throw error;
      }
    },
    onSettled: () => {
      for (const root of DATA_QUERY_ROOTS) void client.invalidateQueries({ queryKey: [root] });
    },
  });
}

function isImportResult(payload: unknown): payload is ImportResult {
  return typeof payload === 'object' && payload !== null && 'errors' in payload && 'ok' in payload;
}
