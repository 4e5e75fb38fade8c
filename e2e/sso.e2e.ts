import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOidcProvider, type TestOidcProvider } from '../test/support/oidc-provider.ts';
import { startUdnWithEnv, type UdnWithEnv } from './sso-support.ts';
import { DESKTOP, launchChromium } from './support/chromium.ts';

describe('single sign-on through the sign-in page against a real OpenID Connect provider', () => {
  let provider: TestOidcProvider;
  let udn: UdnWithEnv;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;

  beforeAll(async () => {
    provider = await startOidcProvider([
      { accountId: 'sam', email: 'sam@sso.test', emailVerified: true, name: 'Sam Single' },
      { accountId: 'olga', email: 'olga@elsewhere.test', emailVerified: true, name: 'Olga Other' },
    ]);
    udn = await startUdnWithEnv({
      UDN_OIDC_ISSUER: provider.issuer,
      UDN_OIDC_CLIENT_ID: provider.clientId,
      UDN_OIDC_CLIENT_SECRET: provider.clientSecret,
      UDN_OIDC_NAME: 'Test Workspace',
      UDN_OIDC_ALLOWED_DOMAINS: 'sso.test',
    });
    provider.allowRedirect(`${udn.url}/api/auth/callback/udn-sso`);
    ({ browser, close: closeBrowser } = await launchChromium());
  });

  afterAll(async () => {
    await closeBrowser?.();
    await udn?.stop();
    await provider?.close();
  });

  it('offers the button, signs a person of the allowed domain in and makes them a viewer', async () => {
    const options = await (await fetch(`${udn.url}/api/v1/auth-options`)).json();
    expect(options).toEqual({ sso: { enabled: true, name: 'Test Workspace' }, smtp: false });
    provider.signInAs('sam');
    const context = await browser.newContext({ viewport: DESKTOP });
    try {
      const page = await context.newPage();
      await page.goto(`${udn.url}/signin`);
      const button = page.getByTestId('sso-sign-in');
      await expect.poll(() => button.textContent(), { timeout: 30_000 }).toContain('Test Workspace');
      await button.click();
      await page.waitForURL((url) => url.origin === udn.url && url.pathname !== '/signin', {
        timeout: 30_000,
      });
      const me = await page.evaluate(async () => {
        const response = await fetch('/api/v1/me');
        return { status: response.status, body: await response.json() };
      });
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({
        user: { email: 'sam@sso.test' },
        role: 'viewer',
        org: { name: 'SSO Org' },
      });
    } finally {
      await context.close();
    }
  });

  it('sends a person of another domain back to the sign-in page with the reason', async () => {
    provider.signInAs('olga');
    const context = await browser.newContext({ viewport: DESKTOP });
    try {
      const page = await context.newPage();
      await page.goto(`${udn.url}/signin`);
      await page.getByTestId('sso-sign-in').click();
      await page.waitForURL((url) => url.origin === udn.url && url.searchParams.has('error'), {
        timeout: 30_000,
      });
      const landed = new URL(page.url());
      expect(landed.searchParams.get('error')).toBe('sso_domain_not_allowed');
      // The page says why in the reader's words; the server's description in the link is not shown.
      const alert = page.getByTestId('sso-error');
      await alert.waitFor();
      const said = await alert.textContent();
      expect(said).toContain('Single sign-on did not sign you in');
      expect(said).toContain('its domain may not join by single sign-on');
      expect(said).not.toContain(landed.searchParams.get('error_description') ?? '\u0000');
      const me = await page.evaluate(async () => (await fetch('/api/v1/me')).status);
      expect(me).toBe(401);
    } finally {
      await context.close();
    }
  });

  it("says something generic, never the link's own text, for an error it does not know", async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    try {
      const page = await context.newPage();
      const description = '<b>Call 0800 to unlock your account</b>';
      await page.goto(
        `${udn.url}/signin?error=state_mismatch&error_description=${encodeURIComponent(description)}`,
      );
      const alert = page.getByTestId('sso-error');
      await alert.waitFor();
      expect(await alert.textContent()).toContain('Single sign-on could not be completed.');
      expect(await page.content()).not.toContain('Call 0800');
      await page.getByTestId('sso-error').getByRole('button').click();
      await alert.waitFor({ state: 'detached' });
    } finally {
      await context.close();
    }
  });
});
