import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Invitation, InvitationLookup, Member, Role } from './access-types.ts';
import { getJson, sendJson } from './client.ts';
import { ME_KEY } from './use-me.ts';

const MEMBERS = ['members'] as const;
const INVITATIONS = ['invitations'] as const;

export const useMembers = () =>
  useQuery({
    queryKey: MEMBERS,
    queryFn: ({ signal }) => getJson<{ members: Member[] }>('/api/v1/members', undefined, signal),
  });

export interface MemberChange {
  role?: Role;
  repId?: string | null;
  teams?: string[];
}

export function useUpdateMember() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, change }: { userId: string; change: MemberChange }) =>
      sendJson<Member>('PATCH', `/api/v1/members/${encodeURIComponent(userId)}`, change),
    onSettled: () => client.invalidateQueries({ queryKey: MEMBERS }),
  });
}

export function useRemoveMember() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => sendJson<null>('DELETE', `/api/v1/members/${encodeURIComponent(userId)}`),
    onSettled: () => client.invalidateQueries({ queryKey: MEMBERS }),
  });
}

export const useInvitations = () =>
  useQuery({
    queryKey: INVITATIONS,
    queryFn: ({ signal }) => getJson<{ invitations: Invitation[] }>('/api/v1/invitations', undefined, signal),
  });

export interface InvitationInput {
  email?: string;
  role: Role;
  repId?: string;
  teams?: string[];
  expiresInDays?: number;
}

export function useCreateInvitation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: InvitationInput) =>
      sendJson<{ invitation: Invitation; url: string; emailed: boolean }>(
        'POST',
        '/api/v1/invitations',
        input,
      ),
    onSettled: () => client.invalidateQueries({ queryKey: INVITATIONS }),
  });
}

export function useRevokeInvitation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => sendJson<Invitation>('DELETE', `/api/v1/invitations/${id}`),
    onSettled: () => client.invalidateQueries({ queryKey: INVITATIONS }),
  });
}

export const useInvitationLookup = (token: string) =>
  useQuery({
    queryKey: ['invitations', 'lookup', token],
    queryFn: ({ signal }) => getJson<InvitationLookup>('/api/v1/invitations/lookup', { token }, signal),
    retry: false,
  });

export const acceptInvitation = (input: {
  token: string;
  name?: string;
  email?: string;
  password?: string;
}) => sendJson<{ orgSlug: string; email: string }>('POST', '/api/v1/invitations/accept', input);

export function useOrgSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: { name?: string; openLeaderboard?: boolean }) =>
      sendJson<unknown>('PATCH', '/api/v1/org/settings', change),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: ME_KEY });
      void client.invalidateQueries({ queryKey: ['org'] });
    },
  });
}
