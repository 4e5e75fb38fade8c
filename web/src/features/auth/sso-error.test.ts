import { describe, expect, it } from 'vitest';
import { en } from '../../i18n/en.ts';
import { id } from '../../i18n/id.ts';
import { ssoErrorMessage } from './sso-error.ts';

describe('why single sign-on sent the reader back', () => {
  it.each([
    ['sso_domain_not_allowed', 'access.signin.ssoError.domain'],
    ['sso_email_not_verified', 'access.signin.ssoError.unverified'],
    ['sso_no_organisation', 'access.signin.ssoError.noOrg'],
    // better-auth's own codes, and anything written into the link by hand
    ['please_restart_the_process', 'access.signin.ssoError.generic'],
    ['state_mismatch', 'access.signin.ssoError.generic'],
    ['<img src=x onerror=alert(1)>', 'access.signin.ssoError.generic'],
    ['constructor', 'access.signin.ssoError.generic'],
    ['toString', 'access.signin.ssoError.generic'],
  ])('%s says %s', (code, key) => {
    expect(ssoErrorMessage(code)).toBe(key);
  });

  it.each([null, '', '  '])('no error (%j) says nothing', (code) => {
    expect(ssoErrorMessage(code)).toBeNull();
  });

  it('every message is in both languages', () => {
    for (const code of ['sso_domain_not_allowed', 'sso_email_not_verified', 'sso_no_organisation', 'x']) {
      const key = ssoErrorMessage(code)!;
      expect(en[key]).toMatch(/\w/);
      expect(id[key]).toMatch(/\w/);
      expect(id[key]).not.toBe(en[key]);
    }
  });
});
