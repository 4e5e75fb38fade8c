import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ImportFileFormat,
  OrgDataSummary,
  OrgResetResult,
} from '../../../../src/core/contracts/imports.ts';
import { getJson, sendJson } from '../../api/client.ts';

/** Under 'org', so data-changed (which refreshes every 'org' query) keeps the counts current. */
const DATA_SUMMARY_KEY = ['org', 'data'] as const;

export const useImportFormats = () =>
  useQuery({
    queryKey: ['import-formats'],
    queryFn: ({ signal }) => getJson<ImportFileFormat[]>('/api/v1/imports/formats', undefined, signal),
    staleTime: Number.POSITIVE_INFINITY,
  });

/** KPI-SPEC §1–§2 and docs/import.md, as the server serves them (markdown). */
export const useFormatDocument = (enabled: boolean) =>
  useQuery({
    queryKey: ['import-format-document'],
    queryFn: ({ signal }) => getJson<string>('/api/v1/imports/format', undefined, signal),
    staleTime: Number.POSITIVE_INFINITY,
    enabled,
  });

export const useOrgDataSummary = () =>
  useQuery({
    queryKey: DATA_SUMMARY_KEY,
    queryFn: ({ signal }) => getJson<OrgDataSummary>('/api/v1/org/data', undefined, signal),
  });

/** Deletes all of the organisation's data; every cached answer is then stale. */
export function useResetOrg() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (dataVersion: number) =>
      sendJson<OrgResetResult>('POST', '/api/v1/org/reset', { dataVersion }),
    onSettled: () => client.invalidateQueries(),
  });
}
