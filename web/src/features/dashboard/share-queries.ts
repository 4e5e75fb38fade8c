import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ShareLink,
  ShareLinkCreate,
  ShareLinkCreated,
  ShareLinkList,
} from '../../../../src/core/contracts/share-links.ts';
import { getJson, sendJson } from '../../api/client.ts';

const SHARE_LINKS_KEY = ['share-links'] as const;

/** The share links one manages: all of the organisation for admins, else one's own. */
export const useShareLinks = (enabled: boolean) =>
  useQuery({
    queryKey: SHARE_LINKS_KEY,
    queryFn: ({ signal }) => getJson<ShareLinkList>('/api/v1/share-links', undefined, signal),
    enabled,
  });

export function useCreateShareLink() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ShareLinkCreate) => sendJson<ShareLinkCreated>('POST', '/api/v1/share-links', body),
    onSuccess: () => void client.invalidateQueries({ queryKey: SHARE_LINKS_KEY }),
  });
}

export function useRevokeShareLink() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => sendJson<ShareLink>('DELETE', `/api/v1/share-links/${id}`),
    onSuccess: () => void client.invalidateQueries({ queryKey: SHARE_LINKS_KEY }),
  });
}
