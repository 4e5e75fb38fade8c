import { describe, expect, it } from 'vitest';
import { newContext } from './support/chromium.ts';
import { waitForCards } from './support/page.ts';
import { specSuite } from './support/suite.ts';

// A server that has never been set up: no user, no organisation.
const suite = specSuite({ fresh: true });

const OWNER = { name: 'Sari Setiawan', email: 'sari@first-run.test', password: 'first-run-password-1' };

const setupNeeded = async () =>
  ((await (await fetch(`${suite.udn.url}/api/v1/setup`)).json()) as { needed: boolean }).needed;

describe('first run', () => {
  it('sends every address to the setup page, which creates the owner with the demo data', async () => {
    expect(await setupNeeded()).toBe(true);
    const context = await newContext(suite.browser, { storageState: null });
    try {
      const page = await context.newPage();
      await page.goto(`${suite.udn.url}/goals`);
      await page.waitForURL((url) => url.pathname === '/setup');
      expect(await page.getByTestId('setup-demo').isChecked()).toBe(true);

      await page.getByTestId('setup-name').fill(OWNER.name);
      await page.getByTestId('setup-email').fill(OWNER.email);
      await page.getByTestId('setup-password').fill(OWNER.password);
      await page.getByTestId('setup-org-name').fill('Nusantara Sales');

      // Two different passwords: refused in the page, nothing sent, still to be set up.
      await page.getByTestId('setup-password-repeat').fill('something-else-1');
      await page.getByTestId('setup-submit').click();
      await page.getByText('The two passwords differ').waitFor();
      expect(await setupNeeded()).toBe(true);

      await page.getByTestId('setup-password-repeat').fill(OWNER.password);
      await page.getByTestId('setup-submit').click();
      await page.waitForURL((url) => url.pathname === '/', { timeout: 60_000 });
      // The demo data is there: every KPI card of the default dashboard has a value.
      await waitForCards(page);

      // The browser is signed in as the new owner, of the new organisation.
      const me = (await (await page.request.get(`${suite.udn.url}/api/v1/me`)).json()) as {
        user: { email: string; name: string };
        role: string;
      };
      expect(me.user.email).toBe(OWNER.email);
      expect(me.user.name).toBe(OWNER.name);
      expect(me.role).toBe('owner');
      const org = (await (await page.request.get(`${suite.udn.url}/api/v1/org`)).json()) as {
        hasData: boolean;
      };
      expect(org.hasData).toBe(true);

      // Setup is a one-time thing: it is no longer needed, and its page leads to the app.
      expect(await setupNeeded()).toBe(false);
      await page.goto(`${suite.udn.url}/setup`);
      await page.waitForURL((url) => url.pathname === '/');
      await page.getByTestId('user-menu').waitFor();
    } finally {
      await context.close();
    }
  });

  it('once set up, someone not signed in is sent to sign in, and back to the page they asked for', async () => {
    const context = await newContext(suite.browser, { storageState: null });
    try {
      const page = await context.newPage();
      await page.goto(`${suite.udn.url}/tasks`);
      await page.waitForURL((url) => url.pathname === '/signin');
      expect(new URL(page.url()).searchParams.get('next')).toBe('/tasks');

      await page.getByTestId('signin-email').fill(OWNER.email);
      await page.getByTestId('signin-password').fill('not-the-password');
      await page.getByTestId('signin-submit').click();
      await page.getByText('The email or the password is wrong.').waitFor();

      await page.getByTestId('signin-password').fill(OWNER.password);
      await page.getByTestId('signin-submit').click();
      await page.waitForURL((url) => url.pathname === '/tasks');
      await page.waitForSelector('[data-testid="task-list"], [data-testid="tasks-empty"]');

      // Sign out from the user menu: back to the sign-in page, and the API refuses the old cookies.
      await page.getByTestId('user-menu').click();
      await page.getByTestId('menu-sign-out').click();
      await page.waitForURL((url) => url.pathname === '/signin');
      expect((await page.request.get(`${suite.udn.url}/api/v1/me`)).status()).toBe(401);
    } finally {
      await context.close();
    }
  });
});
