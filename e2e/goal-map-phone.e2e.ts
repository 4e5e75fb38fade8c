import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Goal, GoalMap, GoalMapNode } from '../src/core/contracts/goals.ts';
import { getJson } from './support/api.ts';
import { DESKTOP, newContext, PHONE } from './support/chromium.ts';
import { specSuite } from './support/suite.ts';

const suite = specSuite();

/**
 * The goal map on a phone is an outline that reads at full size and never runs off the right edge;
 * on a desktop the graphical map's "fit" frames the whole map, however far out that takes.
 * Against a real `udn serve` with the demo organisation.
 */

async function openPage(path: string, viewport: { width: number; height: number }): Promise<Page> {
  const context = await newContext(suite.browser, { viewport });
  const page = await context.newPage();
  await page.goto(suite.udn.url + path);
  return page;
}

function walk(node: GoalMapNode, visit: (node: GoalMapNode) => void): void {
  visit(node);
  for (const child of node.children) walk(child, visit);
}

/** Every row of the outline whose box leaves the screen, or whose name is cut or too small to read. */
async function unreadableRows(page: Page, ids: readonly string[]) {
  return page.evaluate(
    ({ ids, width }) =>
      ids.flatMap((id) => {
        const row = document.querySelector(`[data-testid="outline-node-${id}"] > div`);
        if (!row) return [`${id}: missing`];
        const box = row.getBoundingClientRect();
        const label = row.querySelector<HTMLElement>('[data-outline-label]');
        const problems: string[] = [];
        if (box.left < 0 || box.right > width + 0.5) problems.push(`${id}: ${box.left}..${box.right}`);
        if (!label) problems.push(`${id}: no label`);
        else {
          if (label.scrollWidth > label.clientWidth + 1) problems.push(`${id}: name cut`);
          if (Number.parseFloat(getComputedStyle(label).fontSize) < 12) problems.push(`${id}: small text`);
          const labelBox = label.getBoundingClientRect();
          if (labelBox.right > width) problems.push(`${id}: name off screen`);
        }
        return problems;
      }),
    { ids, width: PHONE.width },
  );
}

describe('the goal map on a phone', () => {
  it('shows every goal and, opened, every target of it within the screen at a readable size', async () => {
    const map = await getJson<GoalMap>(suite.udn.url, '/api/v1/goals/map');
    const goals: string[] = [];
    const targets: string[] = [];
    walk(map.root, (node) => {
      if (node.type === 'goal') goals.push(node.id);
      if (node.type === 'target') targets.push(node.id);
    });
    expect(goals.length).toBeGreaterThan(5);
    expect(targets.length).toBeGreaterThan(goals.length);

    const page = await openPage('/goals/map', PHONE);
    await page.getByTestId('goal-outline').waitFor();
    // The graphical map is not drawn at all on a phone.
    expect(await page.getByTestId('goal-map').count()).toBe(0);
    // The running goals are open: their targets read straight away, with status and progress.
    const running = map.root.children
      .flatMap((child) => (child.type === 'folder' ? child.children : [child]))
      .find(
        (goal) =>
          goal.ref.kind !== 'quota' &&
          goal.children.length > 0 &&
          goal.status !== 'missed' &&
          goal.status !== 'achieved',
      )!;
    expect(running).toBeDefined();
    const first = running.children[0]!;
    const firstRow = page.getByTestId(`outline-node-${first.id}`);
    await firstRow.waitFor();
    expect(await firstRow.textContent()).toContain(first.label);
    expect(
      await unreadableRows(
        page,
        running.children.map((target) => target.id),
      ),
    ).toEqual([]);

    await page.getByTestId('outline-expand-all').click();
    await page.getByTestId(`outline-node-${targets.at(-1)}`).waitFor();
    expect(await page.locator('[data-testid^="outline-node-goal:"]').count()).toBe(goals.length);
    expect(await page.locator('[data-testid^="outline-node-target:"]').count()).toBe(targets.length);
    expect(await unreadableRows(page, [...goals, ...targets])).toEqual([]);
    // Nothing on the page scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    // Each level closes and opens again; the toggle says which it is.
    const goalToggle = page.getByTestId(`outline-toggle-${running.id}`);
    await goalToggle.click();
    expect(await goalToggle.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByTestId(`outline-node-${first.id}`).count()).toBe(0);
    await goalToggle.click();
    expect(await goalToggle.getAttribute('aria-expanded')).toBe('true');
    await page.getByTestId(`outline-node-${first.id}`).waitFor();
    await page.context().close();
  });

  it('adds a target to a goal in place, as the map does', async () => {
    const map = await getJson<GoalMap>(suite.udn.url, '/api/v1/goals/map');
    let goal: GoalMapNode | undefined;
    walk(map.root, (node) => {
      if (!goal && node.type === 'goal' && node.ref.kind !== 'quota') goal = node;
    });
    const goalId = goal!.ref.goal_id!;

    const page = await openPage('/goals/map', PHONE);
    await page.getByTestId('goal-outline').waitFor();
    await page.getByTestId(`outline-add-${goal!.id}`).click();
    await page.getByTestId('map-add-name').fill('Visit ten dealers');
    await page.getByTestId('map-add-value').fill('10');
    const created = page.waitForResponse(
      (response) =>
        response.request().method() === 'POST' && response.url().endsWith(`/goals/${goalId}/targets`),
    );
    await page.getByTestId('map-add-save').click();
    const target = (await (await created).json()) as { id: number };
    const row = page.getByTestId(`outline-node-target:${target.id}`);
    await row.waitFor();
    expect(await row.textContent()).toContain('Visit ten dealers');
    await page.getByTestId('map-add-form').waitFor({ state: 'detached' });
    // Focus is back on the button that opened the form.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-add-for'))).toBe(goal!.id);
    const saved = await getJson<Goal>(suite.udn.url, `/api/v1/goals/${goalId}`);
    expect(saved.targets.find((t) => t.id === target.id)).toMatchObject({
      name: 'Visit ten dealers',
      target_value: 10,
    });
    await page.context().close();
  });
});

describe('the goal map on a desktop', () => {
  it('"fit" frames the whole map, below 25% when that is what it takes', async () => {
    const page = await openPage('/goals/map', DESKTOP);
    await page.getByTestId('goal-map').waitFor();
    expect(await page.getByTestId('goal-outline').count()).toBe(0);
    await page.getByTestId('map-expand-all').click();
    await page.getByTestId('map-fit').click();
    // Every node lies inside the map's viewport.
    await page.waitForFunction(() => {
      const viewport = document.querySelector('[data-testid="goal-map"]')!.getBoundingClientRect();
      return [...document.querySelectorAll('[data-node-id]')].every((node) => {
        const box = node.getBoundingClientRect();
        return (
          box.left >= viewport.left &&
          box.right <= viewport.right &&
          box.top >= viewport.top &&
          box.bottom <= viewport.bottom
        );
      });
    });
    const zoom = Number.parseInt((await page.getByTestId('map-zoom').textContent()) ?? '', 10);
    expect(zoom).toBeLessThan(25);
    expect(zoom).toBeGreaterThan(0);
    // Zooming out from there goes no further than the fit; zooming in still works.
    await page.getByRole('button', { name: 'Zoom out' }).click();
    expect(Number.parseInt((await page.getByTestId('map-zoom').textContent()) ?? '', 10)).toBe(zoom);
    await page.getByRole('button', { name: 'Zoom in' }).click();
    expect(Number.parseInt((await page.getByTestId('map-zoom').textContent()) ?? '', 10)).toBeGreaterThan(
      zoom,
    );

    // Collapsed again, the same button fits the smaller map without zooming past 100%.
    await page.getByRole('button', { name: 'Collapse all' }).click();
    await page.getByTestId('map-fit').click();
    expect(Number.parseInt((await page.getByTestId('map-zoom').textContent()) ?? '', 10)).toBe(100);
    await page.context().close();
  });
});
