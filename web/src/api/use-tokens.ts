import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiToken, TokenScope } from './access-types.ts';
import { getJson, sendJson } from './client.ts';

const TOKENS = ['tokens'] as const;

export const useTokens = () =>
  useQuery({
    queryKey: TOKENS,
    queryFn: ({ signal }) => getJson<{ tokens: ApiToken[] }>('/api/v1/tokens', undefined, signal),
  });

export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; scope: TokenScope; expiresInDays: number | null }) =>
      sendJson<{ token: string; item: ApiToken }>('POST', '/api/v1/tokens', input),
    onSettled: () => client.invalidateQueries({ queryKey: TOKENS }),
  });
}

export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => sendJson<ApiToken>('DELETE', `/api/v1/tokens/${id}`),
    onSettled: () => client.invalidateQueries({ queryKey: TOKENS }),
  });
}
