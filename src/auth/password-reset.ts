import { AsyncLocalStorage } from 'node:async_hooks';
import type { BetterAuthOptions } from 'better-auth';
import { type Mailer, sendResetEmail } from './mailer.ts';

/** How long a reset link works. */
export const RESET_LINK_TTL_S = 60 * 60;

interface ResetCapture {
  token?: string;
}

/** Set while an admin makes a reset link: better-auth's sender hands the token here instead of mailing it. */
const capturing = new AsyncLocalStorage<ResetCapture>();

/** The web page a reset token is used on (`/reset-password?token=…`) on the origin of `anyUrl`. */
export function resetPageUrl(anyUrl: string, token: string): string {
  const url = new URL('/reset-password', new URL(anyUrl).origin);
  url.searchParams.set('token', token);
  return url.toString();
}

/**
 * better-auth's `emailAndPassword` reset settings: its own tokens (verification rows, one-time,
 * expiring), mailed when SMTP is configured, captured for an admin's copyable link otherwise.
 */
export function emailOptions(
  mailer: Mailer | null,
): Pick<
  NonNullable<BetterAuthOptions['emailAndPassword']>,
  'sendResetPassword' | 'resetPasswordTokenExpiresIn' | 'revokeSessionsOnPasswordReset'
> {
  return {
    resetPasswordTokenExpiresIn: RESET_LINK_TTL_S,
    // Whoever reset the password may be locking out someone who learnt the old one.
    revokeSessionsOnPasswordReset: true,
    async sendResetPassword({ user, url, token }) {
      const capture = capturing.getStore();
      if (capture) {
        capture.token = token;
        return;
      }
      if (!mailer) return;
      await sendResetEmail(mailer, {
        to: user.email,
        url: resetPageUrl(url, token),
        minutes: RESET_LINK_TTL_S / 60,
      });
    },
  };
}

/** The part of a better-auth instance a reset link is made with. */
export interface ResetLinkAuth {
  api: { requestPasswordReset(input: { body: { email: string }; headers?: Headers }): Promise<unknown> };
}

/**
 * A one-time reset link an admin copies for a member, made by better-auth's own reset machinery
 * (the same token, verification row and expiry as a mailed link), nothing mailed.
 */
export async function createResetLink(
  auth: ResetLinkAuth,
  link: {
    email: string;
    /** Where people reach the web app (UDN_PUBLIC_URL, else the admin's request's own origin). */
    appOrigin: string;
    /**
     * The admin's request's Host (and X-Forwarded-*) headers: better-auth derives its base URL from
     * them when UDN_PUBLIC_URL does not fix it.
     */
    headers?: Headers;
  },
  now = Date.now(),
): Promise<{ url: string; expiresAt: string }> {
  const { email, appOrigin, headers } = link;
  const capture: ResetCapture = {};
  await capturing.run(capture, () =>
    auth.api.requestPasswordReset({ body: { email }, ...(headers ? { headers } : {}) }),
  );
  if (capture.token === undefined) throw new Error(`no reset token was made for ${email}`);
  return {
    url: resetPageUrl(appOrigin, capture.token),
    expiresAt: new Date(now + RESET_LINK_TTL_S * 1000).toISOString(),
  };
}
