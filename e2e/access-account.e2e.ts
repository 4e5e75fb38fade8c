import { describe, expect, it } from 'vitest';
import { newContext } from './support/chromium.ts';
import { udnFetch } from './support/server.ts';
import { specSuite } from './support/suite.ts';

const suite = specSuite();

describe('the account and members pages, signed in as the owner', () => {
  it('makes a token shown once, then revokes it', async () => {
    const context = await newContext(suite.browser, { viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${suite.udn.url}/account`);
    await page.getByTestId('token-create').click();
    await page.getByTestId('token-name').fill('ci');
    await page.getByTestId('token-submit').click();
    const secret = await page.getByTestId('token-secret').textContent();
    expect(secret).toMatch(/^udn_pat_/);
    await page.getByTestId('token-copy').waitFor();
    await page.getByTestId('token-done').click();
    const revoke = page.locator('[data-testid^="token-revoke-"]');
    expect(await revoke.getAttribute('aria-label')).toContain('ci');
    await revoke.click();
    await page.getByTestId('confirm-delete').click();
    await page.locator('[data-testid^="token-revoke-"]').waitFor({ state: 'detached' });
    await context.close();
  });

  it('removes a member after a confirmation', async () => {
    // A viewer joins by a link invitation, through the API as a new person would.
    const invited = await udnFetch(`${suite.udn.url}/api/v1/invitations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'viewer' }),
    });
    expect(invited.status).toBe(201);
    const token = ((await invited.json()) as { url: string }).url.split('/invite/')[1]!;
    const accepted = await fetch(`${suite.udn.url}/api/v1/invitations/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        token,
        name: 'Leaving Soon',
        email: 'leaving@udn.test',
        password: 'a long enough password',
      }),
    });
    expect(accepted.status).toBe(200);
    const context = await newContext(suite.browser, { viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${suite.udn.url}/settings/members`);
    const id = 'member-remove-leaving@udn.test';
    const remove = page.getByTestId(id);
    await remove.waitFor();
    await remove.click();
    await page.getByTestId('confirm-delete').click();
    await page.locator(`[data-testid="${id}"]`).waitFor({ state: 'detached' });
    await context.close();
  });

  it('changes the password only when the new one is long enough and typed twice the same', async () => {
    const context = await newContext(suite.browser, { viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${suite.udn.url}/account`);
    await page.getByTestId('password-current').fill('e2e-owner-password-1');
    await page.getByTestId('password-new').fill('short');
    await page.getByText('at least', { exact: false }).first().waitFor();
    expect(await page.getByTestId('password-submit').isDisabled()).toBe(true);
    await page.getByTestId('password-new').fill('a-new-password-9');
    await page.getByTestId('password-repeat').fill('a-new-password-8');
    expect(await page.getByTestId('password-submit').isDisabled()).toBe(true);
    await page.getByTestId('password-repeat').fill('a-new-password-9');
    await page.getByTestId('password-submit').click();
    await page.getByTestId('password-changed').waitFor();
    expect(await page.getByTestId('password-new').inputValue()).toBe('');
    await context.close();
  });

  it('refuses a forged reset link, and without mail sends people to an admin', async () => {
    const context = await newContext(suite.browser, { viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${suite.udn.url}/reset-password?token=bogus`);
    await page.getByTestId('reset-new').fill('another-password-1');
    await page.getByTestId('reset-repeat').fill('another-password-1');
    await page.getByTestId('reset-submit').click();
    const error = await page.getByTestId('reset-error').textContent();
    expect(error?.length).toBeGreaterThan(0);

    await page.goto(`${suite.udn.url}/forgot-password`);
    await page.getByTestId('forgot-ask-admin').waitFor();
    await context.close();
  });
});
