import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dashboard } from '../src/core/contracts/api.ts';
import { getDashboards } from './support/api.ts';
import { launchChromium, newContext } from './support/chromium.ts';
import { waitForCards } from './support/page.ts';
import { type RunningUdn, startUdn } from './support/server.ts';

let udn: RunningUdn;
let browser: Browser;
let closeBrowser: () => Promise<void>;

beforeAll(async () => {
  udn = await startUdn();
  const launched = await launchChromium();
  browser = launched.browser;
  closeBrowser = launched.close;
});

afterAll(async () => {
  await closeBrowser?.();
  await udn?.stop();
});

const defaultDashboard = async (): Promise<Dashboard> => {
  const list = await getDashboards(udn.url);
  return list.find((dashboard) => dashboard.isDefault) ?? list[0]!;
};

/** Resolves once the page's next dashboard save has been answered. */
const saved = (page: Page) =>
  page.waitForResponse(
    (response) => response.request().method() === 'PATCH' && response.url().includes('/api/v1/dashboards/'),
  );

describe('dashboard layout', () => {
  it('adds, moves and removes a widget, and the layout survives a reload', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(udn.url);
    await waitForCards(page);
    const before = await defaultDashboard();

    // Add a text note from the catalogue.
    await page.getByTestId('edit-toggle').click();
    await page.getByTestId('add-widget').click();
    await page.getByTestId('catalogue-text_note').click();
    await page.getByTestId('widget-text').fill('Targets were revised in March.');
    let save = saved(page);
    await page.getByTestId('widget-save').click();
    expect((await save).status()).toBe(200);
    const added = (await defaultDashboard()).widgets.find((widget) => widget.type === 'text_note');
    expect(added?.config.text).toBe('Targets were revised in March.');
    await page.getByText('Targets were revised in March.').waitFor();

    // Move it: drag its handle two columns to the right.
    const handle = page.getByTestId(`drag-${added!.id}`);
    await handle.scrollIntoViewIfNeeded();
    const box = (await handle.boundingBox())!;
    const column = (1440 - 48) / 12;
    save = saved(page);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    for (let step = 1; step <= 10; step++) {
      await page.mouse.move(box.x + box.width / 2 + (column * 2.2 * step) / 10, box.y + box.height / 2);
    }
    await page.mouse.up();
    expect((await save).status()).toBe(200);
    const moved = (await defaultDashboard()).widgets.find((widget) => widget.id === added!.id)!;
    expect(moved.layout.x).toBeGreaterThanOrEqual(added!.layout.x + 2);

    // Then the keyboard: the handle moves the widget one column per arrow key.
    save = saved(page);
    await handle.focus();
    await page.keyboard.press('ArrowLeft');
    await save;
    const nudged = (await defaultDashboard()).widgets.find((widget) => widget.id === added!.id)!;
    expect(nudged.layout.x).toBe(moved.layout.x - 1);

    // Remove a KPI card.
    const removed = before.widgets.find((widget) => widget.type === 'kpi_card')!;
    save = saved(page);
    await page.getByTestId(`menu-${removed.id}`).click();
    await page.getByTestId(`remove-${removed.id}`).click();
    await save;

    // Reload: the saved layout is what comes back.
    await page.reload();
    await waitForCards(page, 9);
    await page.getByText('Targets were revised in March.').waitFor();
    expect(await page.getByTestId(`widget-${removed.id}`).count()).toBe(0);
    const after = await defaultDashboard();
    expect(after.widgets.find((widget) => widget.id === added!.id)?.layout.x).toBe(nudged.layout.x);
    expect(after.widgets.some((widget) => widget.id === removed.id)).toBe(false);
    expect(after.version).toBeGreaterThan(before.version);
    await context.close();
  });
});
