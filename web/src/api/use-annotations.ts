import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AnnotationInput,
  AnnotationItem,
  AnnotationUpdate,
} from '../../../src/core/contracts/annotations.ts';
import { getJson, sendJson } from './client.ts';

const KEY = ['annotations'] as const;

/** Every annotation overlapping from..to (the organisation's and every team's): charts pick their scope's. */
export const useAnnotations = (range: { from: string; to: string } | null) =>
  useQuery({
    queryKey: [...KEY, range?.from ?? '', range?.to ?? ''],
    queryFn: ({ signal }) => getJson<AnnotationItem[]>('/api/v1/annotations', range ?? {}, signal),
    enabled: range !== null,
    staleTime: 30_000,
  });

/** Adds an annotation (no id) or changes one. */
export function useSaveAnnotation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: AnnotationUpdate & { id?: number }) =>
      id === undefined
        ? sendJson<AnnotationItem>('POST', '/api/v1/annotations', body as AnnotationInput)
        : sendJson<AnnotationItem>('PATCH', `/api/v1/annotations/${id}`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: KEY }),
  });
}

export function useDeleteAnnotation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => sendJson<null>('DELETE', `/api/v1/annotations/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: KEY }),
  });
}
