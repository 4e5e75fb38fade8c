import type { BetterAuthPlugin } from 'better-auth';
import { twoFactor } from 'better-auth/plugins';

/** What the plugins of better-auth are configured from (helper sso extends it: mail, OIDC). */
export interface AuthPluginOptions {
  /** The public URL when it is fixed (UDN_PUBLIC_URL); undefined when derived per request. */
  baseURL: string | undefined;
  mailer?: unknown;
  sso?: unknown;
}

/** better-auth's plugins UDN uses: TOTP two-factor (its issuer is the name authenticator apps show). */
export function authPlugins(_options: AuthPluginOptions): BetterAuthPlugin[] {
  return [twoFactor({ issuer: 'UDN' })];
}
