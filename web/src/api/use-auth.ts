import { useQuery } from '@tanstack/react-query';
import type { AuthOptions } from './access-types.ts';
import { forgetCsrfToken, getJson, request, sendJson } from './client.ts';
import { noteSignedIn } from './signed-in-hint.ts';

/** better-auth's endpoints (mounted at /api/auth): they keep their own shapes. */
const authPost = <T>(path: string, body: unknown = {}) =>
  request<T>(`/api/auth/${path}`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });

export interface SignInAnswer {
  twoFactorRedirect?: boolean;
}

export async function signIn(email: string, password: string): Promise<SignInAnswer> {
  // A new session gets a new CSRF token.
  forgetCsrfToken();
  return authPost<SignInAnswer>('sign-in/email', { email, password });
}

export const verifyTotp = (code: string) => authPost<unknown>('two-factor/verify-totp', { code });

export async function signOut(): Promise<void> {
  noteSignedIn(false);
  await authPost<unknown>('sign-out');
  forgetCsrfToken();
}

export const revokeSessions = () => authPost<unknown>('revoke-sessions');

/** Single sign-on: better-auth answers with the identity provider's address to go to. */
export async function startSso(next: string): Promise<void> {
  const answer = await authPost<{ url?: string }>('sign-in/social', {
    provider: 'udn-sso',
    callbackURL: next,
    errorCallbackURL: '/signin',
  });
  if (answer.url) window.location.assign(answer.url);
}

export const useSetupStatus = () =>
  useQuery({
    queryKey: ['setup'],
    queryFn: ({ signal }) => getJson<{ needed: boolean }>('/api/v1/setup', undefined, signal),
    staleTime: Number.POSITIVE_INFINITY,
  });

export const useAuthOptions = () =>
  useQuery({
    queryKey: ['auth-options'],
    queryFn: ({ signal }) => getJson<AuthOptions>('/api/v1/auth-options', undefined, signal),
    staleTime: 300_000,
    retry: false,
  });

export interface SetupInput {
  name: string;
  email: string;
  password: string;
  orgName: string;
  demo: boolean;
}

export const postSetup = (input: SetupInput) => sendJson<{ orgSlug: string }>('POST', '/api/v1/setup', input);
