import type { MessageKey } from '../../i18n/en.ts';

/** The refusals of a single sign-on that UDN itself makes (src/auth/sso-membership.ts), by code. */
const KNOWN = new Map<string, MessageKey>([
  ['sso_domain_not_allowed', 'access.signin.ssoError.domain'],
  ['sso_email_not_verified', 'access.signin.ssoError.unverified'],
  ['sso_no_organisation', 'access.signin.ssoError.noOrg'],
]);

/**
 * What to tell a person whom single sign-on sent back to `/signin?error=…`: UDN's own refusals in
 * their words, anything else (better-auth's or the provider's codes) as a generic failure, and
 * nothing without an error. The URL's `error_description` is never shown: anyone can write it into
 * a link, and the server's reason is in the audit log.
 */
export function ssoErrorMessage(code: string | null): MessageKey | null {
  if (code === null || code.trim() === '') return null;
  return KNOWN.get(code) ?? 'access.signin.ssoError.generic';
}
