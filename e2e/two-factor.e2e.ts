import * as OTPAuth from 'otpauth';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SSO_OWNER, startUdnWithEnv, type UdnWithEnv } from './sso-support.ts';
import { DESKTOP, launchChromium } from './support/chromium.ts';

/** Types a 6-digit code into a Mantine PinInput (its first box takes the focus, each digit moves on). */
async function typeCode(page: Page, testId: string, code: string): Promise<void> {
  await page.getByTestId(testId).locator('input').first().click();
  await page.keyboard.type(code);
}

async function signInWithPassword(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/signin`);
  await page.getByTestId('signin-email').fill(SSO_OWNER.email);
  await page.getByTestId('signin-password').fill(SSO_OWNER.password);
  await page.getByTestId('signin-submit').click();
}

describe('two-factor sign-in in the browser', () => {
  let udn: UdnWithEnv;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;

  beforeAll(async () => {
    udn = await startUdnWithEnv({});
    ({ browser, close: closeBrowser } = await launchChromium());
  });

  afterAll(async () => {
    await closeBrowser?.();
    await udn?.stop();
  });

  it('is set up on the account page, then asks the next sign-in for a code from the app', async () => {
    const first = await browser.newContext({ viewport: DESKTOP });
    let totp: OTPAuth.TOTP;
    try {
      const page = await first.newPage();
      await signInWithPassword(page, udn.url);
      await page.waitForURL((url) => url.pathname !== '/signin', { timeout: 30_000 });
      await page.goto(`${udn.url}/account`);
      await page.getByTestId('two-factor-enable').click();
      await page.getByTestId('two-factor-password').fill(SSO_OWNER.password);
      await page.getByTestId('two-factor-password-submit').click();
      await page.getByTestId('two-factor-qr').waitFor({ timeout: 30_000 });
      const secret = (await page.getByTestId('two-factor-secret').textContent())?.trim() ?? '';
      totp = new OTPAuth.TOTP({ issuer: 'UDN', secret: OTPAuth.Secret.fromBase32(secret) });
      await typeCode(page, 'two-factor-setup-code', totp.generate());
      await page.getByTestId('two-factor-confirm').click();
      const codes = page.getByTestId('two-factor-backup-codes').locator('code');
      await expect.poll(() => codes.count(), { timeout: 30_000 }).toBe(10);
      await page.getByTestId('two-factor-done').click();
      await expect
        .poll(() => page.getByTestId('two-factor-status').getAttribute('data-enabled'))
        .toBe('true');
    } finally {
      await first.close();
    }

    const second = await browser.newContext({ viewport: DESKTOP });
    try {
      const page = await second.newPage();
      await signInWithPassword(page, udn.url);
      await page.getByTestId('two-factor-code').waitFor({ timeout: 30_000 });
      expect(await page.evaluate(async () => (await fetch('/api/v1/me')).status)).toBe(401);
      await typeCode(page, 'two-factor-code', totp.generate());
      await page.getByTestId('two-factor-submit').click();
      await page.waitForURL((url) => url.pathname !== '/signin', { timeout: 30_000 });
      const me = await page.evaluate(
        async () => (await (await fetch('/api/v1/me')).json()) as { user: unknown },
      );
      expect(me.user).toMatchObject({ email: SSO_OWNER.email, twoFactorEnabled: true });
    } finally {
      await second.close();
    }
  });
});
