import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { FilePreview, Mapping, SavedMapping } from '../../../../src/core/contracts/mapping.ts';
import { getJson, request, sendJson } from '../../api/client.ts';
import { queryKeys } from '../../api/query-keys.ts';
import type { ImportJob } from '../../api/types.ts';

/** The preview reads only a text file's head: 1 MiB holds far more than the rows it shows. */
export const PREVIEW_HEAD_BYTES = 1024 * 1024;

const SAVED_KEY = ['import-mappings'] as const;

/** A file's identity for caching: two drops of the same file share their preview. */
const fileIds = new WeakMap<File, number>();
let lastFileId = 0;
/**
 * One key per dropped file: a corrected export dropped again often has the same name, size and
 * modification time (to the millisecond) as the one it replaces, and must still be previewed anew.
 */
export function fileKey(file: File): string {
  let id = fileIds.get(file);
  if (id === undefined) {
    lastFileId += 1;
    id = lastFileId;
    fileIds.set(file, id);
  }
  return `${file.name}|${id}`;
}

/** The value after it has stopped changing for `ms`: one preview per pause in editing, not per click. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * POST /api/v1/imports/preview for one file: how UDN recognises it and its first rows as they would
 * be read under `mapping` (the server's guess when null). The previous answer stays shown while the
 * next is asked, so the grid does not jump at each edit.
 */
export function useFilePreview(file: File, mapping: Mapping | null) {
  const mappingText = mapping ? JSON.stringify(mapping) : '';
  return useQuery({
    queryKey: ['import-preview', fileKey(file), mappingText],
    queryFn: async ({ signal }): Promise<FilePreview | null> => {
      const form = new FormData();
      // Fields before the file: the server reads them before the part they apply to.
      if (mappingText) form.append('mappings', JSON.stringify({ [file.name]: mapping }));
      // A workbook is a zip whose directory is at its end: its head alone cannot be read, so it goes whole.
      const partial = file.size > PREVIEW_HEAD_BYTES && !/\.xlsx$/i.test(file.name);
      if (partial) form.append('partial', 'true');
      form.append('files', partial ? file.slice(0, PREVIEW_HEAD_BYTES) : file, file.name);
      const answer = await request<{ files: FilePreview[] }>('/api/v1/imports/preview', {
        method: 'POST',
        body: form,
        signal,
      });
      return answer.files[0] ?? null;
    },
    placeholderData: keepPreviousData,
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
}

export const useSavedMappings = () =>
  useQuery({
    queryKey: SAVED_KEY,
    queryFn: ({ signal }) => getJson<SavedMapping[]>('/api/v1/mappings', undefined, signal),
    retry: false,
  });

export function useSaveMapping() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ name, mapping }: { name: string; mapping: Mapping }) =>
      sendJson<SavedMapping>('PUT', `/api/v1/mappings/${encodeURIComponent(name)}`, { ...mapping, name }),
    onSettled: () => void client.invalidateQueries({ queryKey: SAVED_KEY }),
  });
}

export function useDeleteMapping() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => sendJson<null>('DELETE', `/api/v1/mappings/${encodeURIComponent(name)}`),
    onSettled: () => void client.invalidateQueries({ queryKey: SAVED_KEY }),
  });
}

export interface MappedUploadRequest {
  files: File[];
  /** File name → mapping, for the files that are not in UDN's own format. */
  mappings: Record<string, Mapping>;
  /** Tables whose files are full snapshots: their rows missing from the file are removed. */
  snapshot: string[];
  allowMassDelete: boolean;
  /** Check everything and count what would change, writing nothing. */
  dryRun?: boolean;
  encoding?: string;
}

/** POST /api/v1/imports with mappings and snapshot tables; answered 202 with the job, like a plain upload. */
export function useMappedImport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (upload: MappedUploadRequest): Promise<ImportJob> => {
      const form = new FormData();
      // Fields before the files: the server reads them before the parts they apply to.
      if (upload.encoding) form.append('encoding', upload.encoding);
      if (Object.keys(upload.mappings).length > 0) form.append('mappings', JSON.stringify(upload.mappings));
      if (upload.snapshot.length > 0) form.append('snapshot', upload.snapshot.join(','));
      if (upload.allowMassDelete) form.append('allowMassDelete', 'true');
      if (upload.dryRun) form.append('dryRun', 'true');
      for (const file of upload.files) form.append('files', file, file.name);
      return request<ImportJob>('/api/v1/imports', { method: 'POST', body: form });
    },
    onSettled: () => void client.invalidateQueries({ queryKey: queryKeys.imports(), exact: true }),
  });
}

/** Download a mapping as the JSON document `udn import --mapping FILE` takes. */
export function downloadMapping(mapping: Mapping, fileName: string): void {
  const blob = new Blob([`${JSON.stringify(mapping, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
