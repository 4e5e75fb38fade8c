import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Dashboard } from '../src/core/contracts/api.ts';
import { getDashboards, getJson } from './support/api.ts';
import { newContext, PHONE } from './support/chromium.ts';
import { waitForCards } from './support/page.ts';
import { udnFetch } from './support/server.ts';
import { specSuite } from './support/suite.ts';

const suite = specSuite();

const defaultDashboard = async (): Promise<Dashboard> => {
  const list = await getDashboards(suite.udn.url);
  return list.find((dashboard) => dashboard.isDefault) ?? list[0]!;
};

/** Resolves once the page's next dashboard save has been answered. */
const saved = (page: Page) =>
  page.waitForResponse(
    (response) => response.request().method() === 'PATCH' && response.url().includes('/api/v1/dashboards/'),
  );

describe('dashboard layout', () => {
  it('adds, moves and removes a widget, and the layout survives a reload', async () => {
    const context = await newContext(suite.browser);
    const page = await context.newPage();
    await page.goto(suite.udn.url);
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

  it('creates a dashboard from a visible button and places new widgets left to right, then below', async () => {
    const context = await newContext(suite.browser);
    const page = await context.newPage();
    await page.goto(suite.udn.url);
    await page.getByTestId('dashboard-create').waitFor();

    // "New dashboard" is a button of its own, not only an item under the title's chevron.
    await page.getByTestId('dashboard-create').click();
    await page.getByTestId('dashboard-name').fill('Jakarta weekly');
    await page.getByTestId('dashboard-dialog-save').click();
    await page.waitForURL(/\/dashboards\/\d+/);
    const id = Number(/\/dashboards\/(\d+)/.exec(page.url())![1]);
    const read = () => getJson<Dashboard>(suite.udn.url, `/api/v1/dashboards/${id}`);
    expect((await read()).name).toBe('Jakarta weekly');

    await page.getByRole('button', { name: 'Add widget' }).click();
    // The editor is a lazily loaded modal: wait for its catalogue, not for the modal's root, which
    // is not "visible" while it opens (clicking "add widget" then would hit its overlay).
    await page.getByTestId('catalogue-kpi_card').waitFor();
    const add = async (type: string, text?: string) => {
      const pick = page.getByTestId(`catalogue-${type}`);
      if (!(await pick.isVisible())) await page.getByTestId('add-widget').click();
      await pick.click();
      if (text !== undefined) await page.getByTestId('widget-text').fill(text);
      const save = saved(page);
      await page.getByTestId('widget-save').click();
      expect((await save).status()).toBe(200);
      // Saving closes the editor; the next widget starts from a closed one.
      await page.getByTestId('widget-save').waitFor({ state: 'detached' });
    };
    await add('kpi_card');
    await add('kpi_card');
    await add('line_chart');
    const note = [
      '## Targets revised',
      '**Jakarta** carries _two_ extra resellers. See [the report](https://example.com/report).',
      '',
      '<script>window.injected = true</script><b>raw html</b>',
      '',
      '[bad link](javascript:window.injected=true) and ![pixel](https://tracker.example/p.png)',
    ].join('\n');
    await add('text_note', note);

    // Row by row, left to right: the second card beside the first, the chart after them, the note
    // in the first free place below (not everything stacked in the left third).
    const widgets = (await read()).widgets;
    expect(widgets.map((widget) => [widget.type, widget.layout.x, widget.layout.y])).toEqual([
      ['kpi_card', 0, 0],
      ['kpi_card', 3, 0],
      ['line_chart', 6, 0],
      ['text_note', 0, 5],
    ]);
    const [first, second] = widgets;
    const a = (await page.getByTestId(`widget-${first!.id}`).boundingBox())!;
    const b = (await page.getByTestId(`widget-${second!.id}`).boundingBox())!;
    expect(b.x).toBeGreaterThan(a.x + a.width);
    expect(Math.abs(b.y - a.y)).toBeLessThan(2);

    // The note is Markdown, rendered safely: formatting and links, no HTML, no script, no
    // javascript: link, no image loaded from elsewhere.
    const rendered = page.getByTestId(`note-${widgets[3]!.id}`);
    await rendered.waitFor();
    expect(await rendered.locator('strong').first().textContent()).toBe('Jakarta');
    expect(await rendered.locator('h5').textContent()).toBe('Targets revised');
    const link = rendered.locator('a[href="https://example.com/report"]');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await rendered.locator('script, b, img').count()).toBe(0);
    expect(await rendered.locator('a[href^="javascript"]').count()).toBe(0);
    expect(await rendered.textContent()).not.toContain('raw html');
    expect(await page.evaluate(() => (window as unknown as { injected?: boolean }).injected)).toBeUndefined();
    await context.close();
  });

  it('lets a phone move, configure and remove widgets in edit mode', async () => {
    const created = await udnFetch(`${suite.udn.url}/api/v1/dashboards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'On the road',
        widgets: [
          { id: 'a', type: 'kpi_card', layout: { x: 0, y: 0, w: 3, h: 5 }, config: { metric: 'revenue' } },
          { id: 'b', type: 'kpi_card', layout: { x: 3, y: 0, w: 3, h: 5 }, config: { metric: 'deals_won' } },
          { id: 'c', type: 'text_note', layout: { x: 6, y: 0, w: 6, h: 5 }, config: { text: 'Call Mitra' } },
        ],
      }),
    });
    const dashboard = (await created.json()) as Dashboard;
    const read = () => getJson<Dashboard>(suite.udn.url, `/api/v1/dashboards/${dashboard.id}`);
    const order = (widgets: Dashboard['widgets']) =>
      [...widgets]
        .sort((p, q) => p.layout.y - q.layout.y || p.layout.x - q.layout.x)
        .map((widget) => widget.id);

    const context = await newContext(suite.browser, { viewport: PHONE });
    const page = await context.newPage();
    await page.goto(`${suite.udn.url}/dashboards/${dashboard.id}`);
    await waitForCards(page, 2);
    await page.getByTestId('edit-toggle').click();

    // Move the second widget up: it becomes the first, on the phone and in the saved layout.
    let save = saved(page);
    await page.getByTestId('menu-b').click();
    await page.getByTestId('move-up-b').click();
    expect((await save).status()).toBe(200);
    expect(order((await read()).widgets)).toEqual(['b', 'a', 'c']);
    const tops = await Promise.all(
      ['a', 'b'].map(async (id) => (await page.getByTestId(`widget-${id}`).boundingBox())!.y),
    );
    expect(tops[1]).toBeLessThan(tops[0]!);

    // Settings open the widget's editor.
    await page.getByTestId('menu-c').click();
    await page.getByTestId('configure-c').click();
    expect(await page.getByTestId('widget-text').inputValue()).toBe('Call Mitra');
    await page.keyboard.press('Escape');

    // Remove the note.
    save = saved(page);
    await page.getByTestId('menu-c').click();
    await page.getByTestId('remove-c').click();
    expect((await save).status()).toBe(200);
    expect((await read()).widgets.map((widget) => widget.id).sort()).toEqual(['a', 'b']);
    expect(await page.getByTestId('widget-c').count()).toBe(0);
    await context.close();
  });
});
