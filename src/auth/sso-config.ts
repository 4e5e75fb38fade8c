import { ROLES, type Role } from '../core/access/roles.ts';

/** The one OpenID Connect provider a server signs people in with (env UDN_OIDC_*). */
export interface SsoConfig {
  /** better-auth's provider id: the callback is `/api/auth/callback/<providerId>`. */
  providerId: string;
  issuer: string;
  discoveryUrl: string;
  clientId: string;
  clientSecret: string;
  /** What the sign-in button says ("Google Workspace"). */
  name: string;
  /** E-mail domains (lower case) whose people join on their first sign-in; empty: members only. */
  allowedDomains: string[];
  /** Slug of the organisation people join; null: the only organisation. */
  orgSlug: string | null;
  /** The role they join with. */
  role: Role;
}

export const SSO_PROVIDER_ID = 'udn-sso';

/** A configuration mistake, named by its variable so the operator knows what to fix. */
export class SsoConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`${variable} ${reason}`);
    this.name = 'SsoConfigError';
  }
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const SLUG = /^[a-z0-9][a-z0-9-]*$/;

const value = (env: NodeJS.ProcessEnv, name: string): string | undefined => {
  const raw = env[name]?.trim();
  return raw === undefined || raw === '' ? undefined : raw;
};

/**
 * Reads the single sign-on settings: null when UDN_OIDC_ISSUER is not set (no SSO); an error
 * naming the variable when SSO is half configured or a value is malformed, so a server never
 * starts with a sign-in button that cannot work.
 */
export function ssoConfigFromEnv(env: NodeJS.ProcessEnv = process.env): SsoConfig | null {
  const issuerText = value(env, 'UDN_OIDC_ISSUER');
  if (issuerText === undefined) {
    for (const other of ['UDN_OIDC_CLIENT_ID', 'UDN_OIDC_CLIENT_SECRET'])
      if (value(env, other) !== undefined)
        throw new SsoConfigError(
          'UDN_OIDC_ISSUER',
          `must be set when ${other} is (the provider's issuer URL)`,
        );
    return null;
  }
  let issuer: URL;
  try {
    issuer = new URL(issuerText);
  } catch {
    throw new SsoConfigError(
      'UDN_OIDC_ISSUER',
      `must be a URL (https://accounts.example.com), not "${issuerText}"`,
    );
  }
  const local =
    issuer.hostname === 'localhost' || issuer.hostname === '127.0.0.1' || issuer.hostname === '[::1]';
  if (issuer.protocol !== 'https:' && !(issuer.protocol === 'http:' && local))
    throw new SsoConfigError('UDN_OIDC_ISSUER', 'must be an https URL (http only for localhost)');
  if (issuer.search !== '' || issuer.hash !== '')
    throw new SsoConfigError('UDN_OIDC_ISSUER', 'must not carry a query or fragment');
  const clientId = value(env, 'UDN_OIDC_CLIENT_ID');
  if (clientId === undefined)
    throw new SsoConfigError('UDN_OIDC_CLIENT_ID', 'must be set when UDN_OIDC_ISSUER is');
  const clientSecret = value(env, 'UDN_OIDC_CLIENT_SECRET');
  if (clientSecret === undefined)
    throw new SsoConfigError('UDN_OIDC_CLIENT_SECRET', 'must be set when UDN_OIDC_ISSUER is');
  const allowedDomains = (value(env, 'UDN_OIDC_ALLOWED_DOMAINS') ?? '')
    .split(',')
    .map((domain) => domain.trim().toLowerCase().replace(/^@/, ''))
    .filter((domain) => domain !== '');
  for (const domain of allowedDomains)
    if (!DOMAIN.test(domain))
      throw new SsoConfigError(
        'UDN_OIDC_ALLOWED_DOMAINS',
        `holds "${domain}", which is not an e-mail domain`,
      );
  const orgSlug = value(env, 'UDN_OIDC_ORG') ?? null;
  if (orgSlug !== null && !SLUG.test(orgSlug))
    throw new SsoConfigError(
      'UDN_OIDC_ORG',
      `must be an organisation slug (lower case, digits, -), not "${orgSlug}"`,
    );
  const roleText = value(env, 'UDN_OIDC_ROLE') ?? 'viewer';
  if (!(ROLES as readonly string[]).includes(roleText) || roleText === 'owner')
    throw new SsoConfigError(
      'UDN_OIDC_ROLE',
      `must be one of ${ROLES.filter((r) => r !== 'owner').join(', ')}, not "${roleText}"`,
    );
  const issuerUrl = issuer.toString().replace(/\/+$/, '');
  return {
    providerId: SSO_PROVIDER_ID,
    issuer: issuerUrl,
    discoveryUrl: `${issuerUrl}/.well-known/openid-configuration`,
    clientId,
    clientSecret,
    name: value(env, 'UDN_OIDC_NAME') ?? 'single sign-on',
    allowedDomains,
    orgSlug,
    role: roleText as Role,
  };
}

/** The domain part of an address, lower case. */
export const emailDomain = (email: string): string => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

/** What the sign-in page and `me` say of single sign-on. */
export const ssoSummary = (config: SsoConfig | null): { enabled: boolean; name: string | null } => ({
  enabled: config !== null,
  name: config?.name ?? null,
});
