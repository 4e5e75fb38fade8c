import type { BetterAuthPlugin } from 'better-auth';
import { genericOAuth, twoFactor } from 'better-auth/plugins';
import type { Store } from '../db/database.ts';
import { defaultMailer, type Mailer } from './mailer.ts';
import { emailOptions } from './password-reset.ts';
import { type SsoConfig, ssoConfigFromEnv } from './sso-config.ts';
import { checkSsoSignIn, joinBySso } from './sso-membership.ts';

export interface AuthPluginOptions {
  /** The public URL when it is fixed (UDN_PUBLIC_URL); undefined when derived per request. */
  baseURL: string | undefined;
  /** Where single sign-on makes its members and records refusals. */
  store: Store;
  /** The single sign-on provider; default read from env UDN_OIDC_* (null: none). */
  sso?: SsoConfig | null;
  /** The SMTP mailer of reset links; default from env UDN_SMTP_URL (null: admins copy links instead). */
  mailer?: Mailer | null;
}

/**
 * Where a better-auth request came from, for the audit log: the mount passes the address Fastify
 * found (trust-proxy applied) in this header, replacing any copy a client sent (auth-instance.ts).
 */
const CLIENT_IP_HEADER = 'x-udn-client-ip';
const requestIp = (
  context: { request?: Request | undefined; headers?: Headers | undefined } | null,
): string | null => (context?.request?.headers ?? context?.headers)?.get(CLIENT_IP_HEADER) ?? null;

const truthy = (value: unknown): boolean =>
  value === true || value === 1 || value === '1' || value === 'true';

/**
 * Admits people the provider vouches for (a verified address of an allowed domain, or an existing
 * member) and refuses the rest before any user row is written; makes the first kind members of the
 * SSO organisation when their session is created.
 */
function ssoMembership(store: Store, config: SsoConfig): BetterAuthPlugin {
  return {
    id: 'udn-sso-membership',
    init: () => ({
      options: {
        user: {
          async validateUserInfo({ user, source }, context) {
            if (source.oauth?.providerId !== config.providerId || typeof user.email !== 'string') return;
            const refusal = await checkSsoSignIn(
              store,
              config,
              { email: user.email, emailVerified: truthy(user.emailVerified) },
              requestIp(context),
            );
            return refusal ? { error: refusal.code, errorDescription: refusal.message } : undefined;
          },
        },
        databaseHooks: {
          session: {
            create: {
              async after(session, context) {
                if (context?.params?.id !== config.providerId || !context.path.startsWith('/callback/'))
                  return;
                const user = await context.context.internalAdapter.findUserById(session.userId);
                if (!user) return;
                await joinBySso(
                  store,
                  config,
                  { userId: user.id, email: user.email, emailVerified: user.emailVerified },
                  requestIp(context),
                );
              },
            },
          },
        },
      },
    }),
  };
}

/**
 * better-auth plugins of UDN: TOTP two-factor always (each person opts in), and OpenID Connect
 * single sign-on with just-in-time membership when UDN_OIDC_ISSUER is set.
 */
export function authPlugins(options: AuthPluginOptions): BetterAuthPlugin[] {
  const sso = options.sso === undefined ? ssoConfigFromEnv() : options.sso;
  const plugins: BetterAuthPlugin[] = [twoFactor({ issuer: 'UDN' })];
  if (sso) {
    plugins.push(
      genericOAuth({
        config: [
          {
            providerId: sso.providerId,
            name: sso.name,
            discoveryUrl: sso.discoveryUrl,
            clientId: sso.clientId,
            clientSecret: sso.clientSecret,
            scopes: ['openid', 'email', 'profile'],
            pkce: true,
            // The address decides membership, so it must come in a token signed by the issuer.
            requireIdTokenVerification: true,
          },
        ],
      }),
      ssoMembership(options.store, sso),
    );
  }
  return plugins;
}

/**
 * What better-auth's `emailAndPassword` needs for password resets (spread into it beside
 * `enabled`): the mailed or admin-copied one-time link.
 */
export function authEmailOptions(options: Pick<AuthPluginOptions, 'mailer'>) {
  return emailOptions(options.mailer === undefined ? defaultMailer() : options.mailer);
}
