import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { HttpError, request } from '../../api/client.ts';
import type { MessageKey } from '../../i18n/en.ts';
import type { Translate } from '../../i18n/translate.ts';

/** better-auth's endpoints (mounted at /api/auth) keep their own shapes and error codes. */
export const authCall = <T,>(path: string, body: unknown = {}) =>
  request<T>(`/api/auth/${path}`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });

/** better-auth's error codes these pages meet, worded in the reader's language. */
const AUTH_ERRORS: Record<string, MessageKey> = {
  INVALID_PASSWORD: 'security.error.password',
  INVALID_EMAIL_OR_PASSWORD: 'security.error.password',
  CREDENTIAL_ACCOUNT_NOT_FOUND: 'security.error.noPassword',
  PASSWORD_TOO_SHORT: 'security.error.tooShort',
  PASSWORD_TOO_LONG: 'security.error.tooLong',
  INVALID_TOKEN: 'security.error.resetLink',
  INVALID_CODE: 'security.error.code',
  INVALID_TWO_FACTOR_AUTHENTICATION: 'security.error.code',
  TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE: 'security.error.tooManyCodes',
};

/** The words for a failed better-auth call: its code when known, else the server's message. */
export function authErrorText(error: unknown, t: Translate): string {
  if (error instanceof HttpError) {
    const code = (error.payload as { code?: unknown } | null)?.code;
    const key = typeof code === 'string' ? AUTH_ERRORS[code] : undefined;
    if (key) return t(key);
    if (error.status === 429) return t('security.error.rateLimited');
  }
  return error instanceof Error ? error.message : String(error);
}

export interface AuthSessionUser {
  id: string;
  email: string;
  twoFactorEnabled?: boolean | null;
}

const SESSION_KEY = ['auth-session'] as const;

/** The signed-in person as better-auth sees them (two-factor state included). */
export function useAuthSession() {
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: () => request<{ user: AuthSessionUser } | null>('/api/auth/get-session'),
  });
}

/** After a change to the account: the session and `me` (which says twoFactorEnabled) are read again. */
export function useAccountChanged(): () => Promise<void> {
  const client = useQueryClient();
  return useCallback(async () => {
    await Promise.all([
      client.invalidateQueries({ queryKey: SESSION_KEY }),
      client.invalidateQueries({ queryKey: ['me'] }),
    ]);
  }, [client]);
}
