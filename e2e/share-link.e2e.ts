import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dashboard } from '../src/core/contracts/api.ts';
import type { ShareLinkCreated } from '../src/core/contracts/share-links.ts';
import { openStore } from '../src/db/database.ts';
import { addTestPerson, firstOrg } from '../test/support/test-people.ts';
import { newContext } from './support/chromium.ts';
import { serveUdn } from './support/server.ts';
import { specSuite } from './support/suite.ts';

/**
 * A share link on an office TV: it opens without signing in, shows its dashboard full screen,
 * follows an import live, rotates through its dashboards, and stops right after it is revoked.
 */
const suite = specSuite();

let auth: { authorization: string };
let revenueBoard: Dashboard;
let winsBoard: Dashboard;
let hiddenBoard: Dashboard;

const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
  const response = await fetch(`${suite.udn.url}${path}`, {
    method,
    headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
};

const board = (name: string, metric: string) =>
  api<Dashboard>('POST', '/api/v1/dashboards', {
    name,
    widgets: [
      { id: `card-${metric}`, type: 'kpi_card', layout: { x: 0, y: 0, w: 4, h: 4 }, config: { metric } },
    ],
  });

beforeAll(async () => {
  // The owner's token, made on the server's own database as `udn tokens create` would.
  const store = await openStore(suite.udn.db);
  try {
    auth = (await addTestPerson(store, await firstOrg(store), 'owner')).headers;
  } finally {
    await store.close();
  }
  revenueBoard = await board('TV: revenue', 'revenue');
  winsBoard = await board('TV: deals won', 'deals_won');
  hiddenBoard = await board('Not on the TV', 'revenue');
});

/** A browser that never signed in: a new context, no cookies, nothing stored. */
async function openKiosk(url: string): Promise<Page> {
  const context = await newContext(suite.browser, { viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  await page.goto(`${suite.udn.url}${url}`);
  await page.evaluate(() => {
    (window as unknown as { notReloaded: boolean }).notReloaded = true;
  });
  return page;
}

const notReloaded = (page: Page) =>
  page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded === true);

describe('a share link on a TV', () => {
  let page: Page;
  let created: ShareLinkCreated;
  afterAll(async () => {
    await page?.context().close();
  });

  it('opens without signing in, full screen and dark, with the dashboard it names', async () => {
    created = await api<ShareLinkCreated>('POST', '/api/v1/share-links', {
      name: 'Sales floor',
      dashboardIds: [revenueBoard.id],
      rotateSeconds: 10,
      expiresAt: null,
    });
    page = await openKiosk(created.url);
    await page.getByTestId('value-revenue').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('tv-title').textContent()).toContain('TV: revenue');
    // No app shell: no navigation, no dashboard switcher, no edit controls.
    expect(await page.locator('nav').count()).toBe(0);
    expect(await page.getByTestId('edit-toggle').count()).toBe(0);
    expect(await page.getByTestId('tv-fullscreen').isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.dataset.mantineColorScheme)).toBe('dark');
    // Large type: the card's value is drawn bigger than the app's 1.75rem.
    const size = await page
      .getByTestId('value-revenue')
      .evaluate((element) => element.getBoundingClientRect().height);
    expect(size).toBeGreaterThan(40);
    // The page itself is not indexed.
    const html = await fetch(`${suite.udn.url}${created.url}`);
    expect(html.headers.get('x-robots-tag')).toBe('noindex, nofollow');
    expect(html.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('updates live after an import through the API', async () => {
    const before = await page.getByTestId('value-revenue').getAttribute('data-exact');
    const today = new Date().toISOString().slice(0, 10);
    const reps = await api<{ id: string }[]>('GET', '/api/v1/reps');
    const rows = [1, 2, 3].map((n) => `E2E-TV-${n},${today},won,${today},98765432,${reps[0]!.id}`);
    const form = new FormData();
    form.append(
      'files',
      new Blob([`id,created_at,status,closed_at,amount,owner_rep_id\n${rows.join('\n')}\n`], {
        type: 'text/csv',
      }),
      'deals.csv',
    );
    const imported = await fetch(`${suite.udn.url}/api/v1/imports?wait=true`, {
      method: 'POST',
      headers: auth,
      body: form,
    });
    expect(imported.status, await imported.clone().text()).toBe(200);
    await page.waitForFunction(
      (previous) =>
        document.querySelector('[data-testid="value-revenue"]')?.getAttribute('data-exact') !== previous,
      before,
      { timeout: 10_000 },
    );
    expect(await notReloaded(page)).toBe(true);
  });

  it('stops working right after it is revoked, without a reload', async () => {
    await api('DELETE', `/api/v1/share-links/${created.link.id}`);
    const revoked = Date.now();
    await page.getByTestId('tv-gone').waitFor({ timeout: 10_000 });
    expect(Date.now() - revoked).toBeLessThan(8_000);
    const text = await page.getByTestId('tv-gone').textContent();
    expect(text).toContain('This link no longer works');
    expect(text).toContain('Tautan ini tidak berlaku lagi');
    expect(await page.getByTestId('value-revenue').count()).toBe(0);
    expect(await notReloaded(page)).toBe(true);
  });
});

describe('rotation', () => {
  it('turns to the next dashboard every rotateSeconds, and a link it does not name is refused', async () => {
    const created = await api<ShareLinkCreated>('POST', '/api/v1/share-links', {
      name: 'Two boards',
      dashboardIds: [revenueBoard.id, winsBoard.id],
      rotateSeconds: 5,
      expiresAt: null,
    });
    const page = await openKiosk(created.url);
    try {
      await page.getByTestId('value-revenue').waitFor({ timeout: 30_000 });
      await page.getByTestId('value-deals_won').waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('tv-title').textContent()).toContain('TV: deals won');
      await page.getByTestId('value-revenue').waitFor({ timeout: 15_000 });
      // The secret reads only what it names.
      const secret = created.url.slice('/tv/'.length);
      const refused = await fetch(`${suite.udn.url}/api/v1/dashboards/${hiddenBoard.id}`, {
        headers: { 'x-udn-share': secret },
      });
      expect(refused.status).toBe(403);
    } finally {
      await page.context().close();
    }
  });
});

describe('a dashboard taller than the screen', () => {
  it('scrolls itself down during a turn', async () => {
    const charts = [0, 1, 2, 3, 4].map((n) => ({
      id: `chart-${n}`,
      type: 'line_chart',
      layout: { x: 0, y: n * 8, w: 12, h: 8 },
      config: { metric: 'revenue', grain: 'month' },
    }));
    const tall = await api<Dashboard>('POST', '/api/v1/dashboards', { name: 'Tall', widgets: charts });
    const created = await api<ShareLinkCreated>('POST', '/api/v1/share-links', {
      name: 'Tall',
      dashboardIds: [tall.id],
      rotateSeconds: 6,
      expiresAt: null,
    });
    const page = await openKiosk(created.url);
    try {
      await page.getByTestId('tv-dashboard').waitFor({ timeout: 30_000 });
      await page.waitForFunction(
        () => (document.querySelector('[data-testid="tv-stage"]')?.scrollTop ?? 0) > 0,
        undefined,
        { timeout: 10_000 },
      );
    } finally {
      await page.context().close();
    }
  });
});

describe('the "Share on a TV" dialog', () => {
  it('makes a link shown once, and revokes it from its list', async () => {
    // The owner's browser (its token on every request, as a signed-in session would be).
    const context = await newContext(suite.browser);
    await context.setExtraHTTPHeaders(auth);
    const owner = await context.newPage();
    let kiosk: Page | undefined;
    try {
      await owner.goto(`${suite.udn.url}/dashboards/${winsBoard.id}`);
      await owner.getByTestId('share-tv').click();
      await owner.getByTestId('share-name').fill('Reception TV');
      await owner.getByTestId('share-create').click();
      const url = await owner.getByTestId('share-url').inputValue();
      expect(url).toMatch(new RegExp(`^${suite.udn.url}/tv/udn_tv_[A-Za-z0-9]{40}$`));
      const links = await api<{ links: { id: number; name: string; dashboardIds: number[] }[] }>(
        'GET',
        '/api/v1/share-links',
      );
      const made = links.links.find((link) => link.name === 'Reception TV')!;
      expect(made.dashboardIds).toEqual([winsBoard.id]);
      // The list under the form shows it, without its secret.
      await owner.getByTestId(`share-link-${made.id}`).waitFor();
      expect(await owner.getByTestId(`share-link-${made.id}`).textContent()).not.toContain(
        url.slice(url.length - 30),
      );

      kiosk = await openKiosk(new URL(url).pathname);
      await kiosk.getByTestId('value-deals_won').waitFor({ timeout: 30_000 });

      await owner.getByTestId(`share-link-revoke-${made.id}`).click();
      await owner.getByTestId('confirm-delete').click();
      await kiosk.getByTestId('tv-gone').waitFor({ timeout: 10_000 });
      expect(await notReloaded(kiosk)).toBe(true);
    } finally {
      await kiosk?.context().close();
      await context.close();
    }
  });
});

describe('a server restart', () => {
  it('shows "reconnecting" while the server is away, then carries on by itself', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'udn-e2e-tv-'));
    const db = path.join(dir, 'udn.sqlite');
    let server = await serveUdn({ db });
    let kiosk: Page | undefined;
    try {
      const store = await openStore(db);
      const owner = await addTestPerson(store, await firstOrg(store), 'owner');
      await store.close();
      const post = async (url: string, body: unknown) =>
        fetch(`${server.url}${url}`, {
          method: 'POST',
          headers: { ...owner.headers, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const dashboard = (await (
        await post('/api/v1/dashboards', {
          name: 'Restart',
          widgets: [
            {
              id: 'card',
              type: 'kpi_card',
              layout: { x: 0, y: 0, w: 4, h: 4 },
              config: { metric: 'revenue' },
            },
          ],
        })
      ).json()) as Dashboard;
      const created = (await (
        await post('/api/v1/share-links', {
          name: 'Restart TV',
          dashboardIds: [dashboard.id],
          rotateSeconds: 30,
          expiresAt: null,
        })
      ).json()) as ShareLinkCreated;

      const context = await newContext(suite.browser, { viewport: { width: 1920, height: 1080 } });
      kiosk = await context.newPage();
      await kiosk.goto(`${server.url}${created.url}`);
      await kiosk.evaluate(() => {
        (window as unknown as { notReloaded: boolean }).notReloaded = true;
      });
      await kiosk.getByTestId('value-revenue').waitFor({ timeout: 30_000 });

      const port = Number(new URL(server.url).port);
      await server.stop();
      await kiosk.getByTestId('tv-reconnecting').waitFor({ timeout: 10_000 });
      server = await serveUdn({ db, port });
      await kiosk.getByTestId('tv-reconnecting').waitFor({ state: 'detached', timeout: 20_000 });
      await kiosk.getByTestId('value-revenue').waitFor();
      expect(await kiosk.getByTestId('tv-gone').count()).toBe(0);
      expect(await notReloaded(kiosk)).toBe(true);
    } finally {
      await kiosk?.context().close();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
