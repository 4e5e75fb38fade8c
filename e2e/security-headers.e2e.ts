import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RepSummary } from '../src/core/contracts/api.ts';
import { getJson } from './support/api.ts';
import { newContext } from './support/chromium.ts';
import { APP_PAGES } from './support/page.ts';
import { specSuite } from './support/suite.ts';

const suite = specSuite();

/** The app's pages and the API documentation, with what shows each has rendered. */
const PAGES = [...APP_PAGES, { name: 'API docs', path: '/api/docs', ready: '.swagger-ui .opblock' }] as const;

declare global {
  interface Window {
    cspViolations?: string[];
  }
}

/** Records every CSP violation of the page, from the first script on, in the page and on the console. */
async function watchViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) seen.push(message.text());
  });
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.cspViolations?.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`);
    });
  });
  return seen;
}

describe('the content security policy in a real browser', () => {
  it.each(PAGES)('$name renders with no CSP violation', async ({ path, ready }) => {
    const context = await newContext(suite.browser);
    try {
      const page = await context.newPage();
      const consoleViolations = await watchViolations(page);
      const response = await page.goto(suite.udn.url + path);
      expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
      await page.waitForSelector(ready, { timeout: 30_000 });
      await page.waitForLoadState('networkidle');
      const pageViolations = await page.evaluate(() => window.cspViolations ?? []);
      expect([...pageViolations, ...consoleViolations]).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('the first API answers, preloaded by the inline script', () => {
  const PRELOADED = ['org', 'definitions', 'dashboards', 'reps', 'teams'].map((name) => `/api/v1/${name}`);
  const preloadsOf = (page: Page) =>
    page.evaluate(() =>
      [...document.querySelectorAll<HTMLLinkElement>('link[rel="preload"][as="fetch"]')].map(
        (link) => new URL(link.href).pathname,
      ),
    );

  it('are asked for on the app of a browser signed in before, and used', async () => {
    const context = await newContext(suite.browser);
    try {
      const page = await context.newPage();
      const consoleViolations = await watchViolations(page);
      const unused: string[] = [];
      page.on('console', (message) => {
        if (/preloaded using link preload but not used/i.test(message.text())) unused.push(message.text());
      });
      // The first visit learns that this browser is signed in; the next load preloads.
      await page.goto(`${suite.udn.url}/`);
      await page.waitForSelector('[data-testid^="value-"]', { timeout: 30_000 });
      await page.reload();
      await page.waitForSelector('[data-testid^="value-"]', { timeout: 30_000 });
      await page.waitForLoadState('networkidle');
      expect((await preloadsOf(page)).sort()).toEqual([...PRELOADED].sort());
      // Loaded by the <link>s, and answered: the session was there.
      const loaded = await page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .map((entry) => entry as PerformanceResourceTiming & { responseStatus?: number })
          .filter((entry) => entry.initiatorType === 'link' && entry.name.includes('/api/v1/'))
          .map((entry) => `${new URL(entry.name).pathname} ${entry.responseStatus}`),
      );
      expect(loaded.sort()).toEqual(PRELOADED.map((path) => `${path} 200`).sort());
      const pageViolations = await page.evaluate(() => window.cspViolations ?? []);
      expect([...pageViolations, ...consoleViolations]).toEqual([]);
      // Chromium says so on the console when a preloaded answer is not the one the app used.
      await page.waitForTimeout(3500);
      expect(unused).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it.each([
    ['a signed-out person on the dashboard', '/'],
    ['the sign-in page', '/signin'],
    ['the setup page', '/setup'],
    ['an invitation', '/invite/no-such-token'],
    ['a TV link', '/tv/no-such-secret'],
  ])('are not asked for by %s', async (_name, path) => {
    const context = await newContext(suite.browser, { storageState: null });
    try {
      const page = await context.newPage();
      // Every preload the page adds, from the first script on and across the redirect to sign-in.
      const preloads: string[] = [];
      page.on('console', (message) => {
        if (/^preload .*\/api\/v1\//.test(message.text())) preloads.push(message.text());
      });
      await page.addInitScript(() => {
        new MutationObserver((changes) => {
          for (const change of changes)
            for (const node of change.addedNodes)
              if (node instanceof HTMLLinkElement && node.rel === 'preload')
                console.log(`preload ${node.href}`);
        }).observe(document, { childList: true, subtree: true });
      });
      // Even a browser that was signed in once (the hint left behind) preloads nothing on a public page.
      if (path !== '/') {
        await page.goto(`${suite.udn.url}/signin`);
        await page.evaluate(() => localStorage.setItem('udn.signedIn', '1'));
      }
      await page.goto(suite.udn.url + path);
      await page.waitForLoadState('networkidle');
      if (path === '/') await page.waitForURL((url) => url.pathname === '/signin');
      expect(await preloadsOf(page)).toEqual([]);
      expect(preloads).toEqual([]);
    } finally {
      await context.close();
    }
  });
  it('a hint left behind by an ended session costs one round of 401s, then is forgotten', async () => {
    const context = await newContext(suite.browser, { storageState: null });
    try {
      const page = await context.newPage();
      const preloads: string[] = [];
      page.on('console', (message) => {
        if (/^preload .*\/api\/v1\//.test(message.text()))
          preloads.push(new URL(message.text().slice(8)).pathname);
      });
      await page.addInitScript(() => {
        new MutationObserver((changes) => {
          for (const change of changes)
            for (const node of change.addedNodes)
              if (node instanceof HTMLLinkElement && node.rel === 'preload')
                console.log(`preload ${node.href}`);
        }).observe(document, { childList: true, subtree: true });
      });
      await page.goto(`${suite.udn.url}/signin`);
      await page.evaluate(() => localStorage.setItem('udn.signedIn', '1'));
      await page.goto(`${suite.udn.url}/`);
      await page.waitForURL((url) => url.pathname === '/signin');
      expect(preloads.sort()).toEqual([...PRELOADED].sort());
      expect(await page.evaluate(() => localStorage.getItem('udn.signedIn'))).toBeNull();
      preloads.length = 0;
      await page.goto(`${suite.udn.url}/`);
      await page.waitForURL((url) => url.pathname === '/signin');
      expect(preloads).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('a page of another site', () => {
  let attacker: http.Server;
  let attackerUrl: string;

  beforeAll(async () => {
    // Served on `localhost` while the app is on 127.0.0.1: another site, as a browser sees it.
    const target = suite.udn.url;
    const page = `<!doctype html><html><body>
<iframe id="frame" src="${target}/"></iframe>
<script>
window.attack = async () => {
  const form = new FormData();
  form.append('files', new Blob(['id,name,email,team,started_on,ended_on\\nR01,Mallory,,Jakarta,2025-01-13,\\n']), 'reps.csv');
  // The answer's Cross-Origin-Resource-Policy makes the browser fail this fetch: what matters is
  // what the server did with it, which the test reads from the network.
  await fetch('${target}/api/v1/imports', { method: 'POST', mode: 'no-cors', body: form }).catch(() => undefined);
  return 'sent';
};
</script></body></html>`;
    attacker = http.createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    attackerUrl = `http://localhost:${(attacker.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => attacker.close(() => resolve())));

  it('can neither replace the reps with a no-cors upload nor frame the app', async () => {
    const before = await getJson<RepSummary[]>(suite.udn.url, '/api/v1/reps');
    const context = await newContext(suite.browser);
    try {
      const page = await context.newPage();
      const messages: string[] = [];
      page.on('console', (message) => messages.push(message.text()));
      const uploadFailure = page.waitForEvent('requestfailed', (request) =>
        request.url().endsWith('/api/v1/imports'),
      );
      await page.goto(attackerUrl);
      expect(
        await page.evaluate(async () => (window as unknown as { attack: () => Promise<string> }).attack()),
      ).toBe('sent');
      // The server answered, and that answer's own headers (CORP) kept it from the page; the reps
      // compared below show the upload was refused.
      expect((await uploadFailure).failure()?.errorText).toContain('BLOCKED_BY_RESPONSE');
      await page.waitForLoadState('networkidle');
      // The framed app never ran: its document is Chromium's blocked-frame page, with no app root.
      const frame = page.frames().find((candidate) => candidate !== page.mainFrame());
      const appInFrame = await frame
        ?.evaluate(() => document.getElementById('root') !== null)
        .catch(() => false);
      expect(appInFrame ?? false).toBe(false);
      expect(messages.join('\n')).toMatch(/frame-ancestors|X-Frame-Options/);
    } finally {
      await context.close();
    }
    expect(await getJson<RepSummary[]>(suite.udn.url, '/api/v1/reps')).toEqual(before);
  });
});
