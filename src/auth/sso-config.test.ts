import { describe, expect, it } from 'vitest';
import { ssoConfigFromEnv } from './sso-config.ts';

const BASE = {
  UDN_OIDC_ISSUER: 'https://accounts.example.com/',
  UDN_OIDC_CLIENT_ID: 'udn',
  UDN_OIDC_CLIENT_SECRET: 's3cret',
};

describe('single sign-on settings from the environment', () => {
  it('is off without an issuer', () => {
    expect(ssoConfigFromEnv({})).toBeNull();
  });

  it('derives the discovery URL and defaults the role to viewer and the organisation to the only one', () => {
    expect(
      ssoConfigFromEnv({
        ...BASE,
        UDN_OIDC_NAME: 'Google Workspace',
        UDN_OIDC_ALLOWED_DOMAINS: ' Example.com, @sales.example.com ,',
      }),
    ).toEqual({
      providerId: 'udn-sso',
      issuer: 'https://accounts.example.com',
      discoveryUrl: 'https://accounts.example.com/.well-known/openid-configuration',
      clientId: 'udn',
      clientSecret: 's3cret',
      name: 'Google Workspace',
      allowedDomains: ['example.com', 'sales.example.com'],
      orgSlug: null,
      role: 'viewer',
    });
  });

  it('keeps an issuer path (Keycloak realms, Entra tenants)', () => {
    const config = ssoConfigFromEnv({ ...BASE, UDN_OIDC_ISSUER: 'https://sso.example.com/realms/sales' });
    expect(config?.discoveryUrl).toBe(
      'https://sso.example.com/realms/sales/.well-known/openid-configuration',
    );
  });

  it.each([
    [{ UDN_OIDC_CLIENT_ID: 'udn' }, 'UDN_OIDC_ISSUER must be set when UDN_OIDC_CLIENT_ID is'],
    [{ ...BASE, UDN_OIDC_ISSUER: 'accounts.example.com' }, 'UDN_OIDC_ISSUER must be a URL'],
    [{ ...BASE, UDN_OIDC_ISSUER: 'http://accounts.example.com' }, 'UDN_OIDC_ISSUER must be an https URL'],
    [{ ...BASE, UDN_OIDC_CLIENT_ID: ' ' }, 'UDN_OIDC_CLIENT_ID must be set when UDN_OIDC_ISSUER is'],
    [{ ...BASE, UDN_OIDC_CLIENT_SECRET: undefined }, 'UDN_OIDC_CLIENT_SECRET must be set'],
    [
      { ...BASE, UDN_OIDC_ALLOWED_DOMAINS: 'example.com,not a domain' },
      'UDN_OIDC_ALLOWED_DOMAINS holds "not a domain"',
    ],
    [{ ...BASE, UDN_OIDC_ORG: 'Acme Sales' }, 'UDN_OIDC_ORG must be an organisation slug'],
    [
      { ...BASE, UDN_OIDC_ROLE: 'owner' },
      'UDN_OIDC_ROLE must be one of admin, manager, rep, viewer, not "owner"',
    ],
    [{ ...BASE, UDN_OIDC_ROLE: 'boss' }, 'UDN_OIDC_ROLE must be one of'],
  ])('refuses %o naming the variable', (env, message) => {
    expect(() => ssoConfigFromEnv(env)).toThrow(message);
  });

  it('allows plain http for an issuer on this machine (tests, a local Keycloak)', () => {
    expect(ssoConfigFromEnv({ ...BASE, UDN_OIDC_ISSUER: 'http://localhost:8080' })?.issuer).toBe(
      'http://localhost:8080',
    );
  });
});
