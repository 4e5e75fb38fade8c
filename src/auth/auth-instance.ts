import { betterAuth } from 'better-auth';
import { twoFactor } from 'better-auth/plugins';
import type { Store } from '../db/database.ts';
import { type AuthPluginOptions, authEmailOptions, authPlugins } from './auth-plugins.ts';

export interface AuthInstanceOptions {
  /** Signs sessions and cookies (src/auth/server-secret.ts). */
  secret: string;
  /** UDN_PUBLIC_URL: the address people reach the server at; unset, it is derived per request. */
  publicUrl?: string | undefined;
  /** The Host names the server answers to (`*` any; no port means any port). */
  allowedHosts: readonly string[];
  /** Other origins whose pages may call it (UDN_ALLOWED_ORIGINS). */
  allowedOrigins: readonly string[];
  /** Behind a reverse proxy (UDN_TRUST_PROXY): X-Forwarded-Host/-Proto name the public address. */
  trustProxy: boolean;
  /** What sso's plugins need (mail, OIDC providers). */
  plugins?: Omit<AuthPluginOptions, 'baseURL' | 'store'>;
}

/** The session cookie's name; UDN adds `Secure` per request when it came over HTTPS (register-auth.ts). */
export const SESSION_COOKIE = 'udn.session_token';

/** The header the mount passes the client's address in; a client's own copy of it is replaced. */
export const CLIENT_IP_HEADER = 'x-udn-client-ip';

/**
 * better-auth's host patterns from UDN's: an entry without a port answers on any port, which
 * better-auth spells `name:*`.
 */
export function authHostPatterns(allowedHosts: readonly string[]): string[] {
  return allowedHosts.flatMap((host) => (host === '*' || /:\d+$/.test(host) ? [host] : [host, `${host}:*`]));
}

/**
 * better-auth on the store's own Kysely (its tables come from migration 0007; its migrator is never
 * run). People are made by setup, invitations and the CLI, so nobody signs themselves up.
 */
export function createAuth(store: Store, options: AuthInstanceOptions) {
  const publicUrl = options.publicUrl?.replace(/\/+$/, '') || undefined;
  const plugins = authPlugins({ baseURL: publicUrl, store, ...options.plugins });
  if (!plugins.some((plugin) => plugin.id === 'two-factor')) plugins.push(twoFactor({ issuer: 'UDN' }));
  return betterAuth({
    appName: 'UDN',
    secret: options.secret,
    database: { db: store.db, type: store.dialect },
    baseURL: publicUrl ?? {
      allowedHosts: authHostPatterns(options.allowedHosts),
      protocol: 'auto',
    },
    // With a fixed public URL the server still answers on its allowed host names (localhost …).
    trustedOrigins: [
      ...options.allowedOrigins,
      ...(publicUrl
        ? authHostPatterns(options.allowedHosts).flatMap((host) => [`http://${host}`, `https://${host}`])
        : []),
    ],
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: 8,
      ...authEmailOptions(options.plugins ?? {}),
    },
    // UDN's own limits (src/server/security/rate-limits.ts) count per IP and per address, and say Retry-After.
    rateLimit: { enabled: false },
    advanced: {
      cookiePrefix: 'udn',
      // One cookie name over HTTP and HTTPS; the Secure attribute follows the request's protocol.
      useSecureCookies: false,
      trustedProxyHeaders: options.trustProxy,
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax', path: '/' },
      // The client's address as Fastify found it (trustProxy applied), set by the mount (register-auth.ts).
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
    },
    telemetry: { enabled: false },
    // Only errors: its warnings are about settings UDN makes on purpose; it never logs secrets at this level.
    logger: { level: 'error' },
    plugins,
  });
}

export type UdnAuth = ReturnType<typeof createAuth>;
