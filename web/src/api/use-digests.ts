import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Digest, DigestInput, DigestSendResult } from '../../../src/core/contracts/digests.ts';
import { getJson, sendJson } from './client.ts';
import { queryKeys } from './query-keys.ts';

export type { Digest, DigestInput, DigestSendResult };

const base = '/api/v1/digests';

/** The preview of one's own copy: an HTML page the browser opens (a GET, so the session cookie suffices). */
export const digestPreviewUrl = (id: number): string => `${base}/${id}/preview`;

export const useDigests = (enabled = true) =>
  useQuery({
    queryKey: queryKeys.digests(),
    queryFn: ({ signal }) => getJson<{ digests: Digest[] }>(base, undefined, signal),
    enabled,
  });

function useDigestMutation<Input, Output>(mutationFn: (input: Input) => Promise<Output>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.digests() }),
  });
}

export const useSaveDigest = () =>
  useDigestMutation(({ id, body }: { id: number | null; body: Partial<DigestInput> }) =>
    id === null ? sendJson<Digest>('POST', base, body) : sendJson<Digest>('PATCH', `${base}/${id}`, body),
  );

export const useDeleteDigest = () =>
  useDigestMutation((id: number) => sendJson<null>('DELETE', `${base}/${id}`));

export const useSendDigest = () =>
  useDigestMutation((id: number) => sendJson<DigestSendResult>('POST', `${base}/${id}/send`));
