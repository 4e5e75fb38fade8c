import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Me } from './access-types.ts';
import { getJson, sendJson } from './client.ts';
import { noteSignedIn } from './signed-in-hint.ts';

export const ME_KEY = ['me'] as const;

/** Who is signed in, in which organisation, with which role (and whom an admin is viewing as). */
export const useMe = (enabled = true) =>
  useQuery({
    queryKey: ME_KEY,
    queryFn: async ({ signal }) => {
      const me = await getJson<Me>('/api/v1/me', undefined, signal);
      noteSignedIn(true);
      return me;
    },
    staleTime: 60_000,
    enabled,
  });

/**
 * A change of who the app speaks for (another organisation, view as, stop): every cached answer was
 * computed for the previous principal, so all of them go, and the new `me` is put in place at once.
 */
function useSwitch<Input>(mutationFn: (input: Input) => Promise<Me>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (me) => {
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== ME_KEY[0] });
      client.setQueryData(ME_KEY, me);
    },
  });
}

export const useSwitchOrg = () =>
  useSwitch((slug: string) => sendJson<Me>('POST', '/api/v1/me/org', { slug }));
export const useViewAs = () =>
  useSwitch((userId: string) => sendJson<Me>('POST', '/api/v1/view-as', { userId }));
export const useStopViewAs = () => useSwitch(() => sendJson<Me>('DELETE', '/api/v1/view-as'));
