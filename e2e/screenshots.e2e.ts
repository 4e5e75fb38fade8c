import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GoalList } from '../src/core/contracts/goals.ts';
import { getJson } from './support/api.ts';
import { DESKTOP, newContext, PHONE } from './support/chromium.ts';
import { waitForCards } from './support/page.ts';
import { ROOT } from './support/server.ts';
import { specSuite } from './support/suite.ts';

const suite = specSuite();

const OUT = path.join(ROOT, 'docs/screenshots');

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
});

describe('screenshots of the default dashboard (docs/screenshots)', () => {
  for (const [device, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      it(`${device} ${scheme}`, async () => {
        const context = await newContext(suite.browser, { viewport, colorScheme: scheme });
        const page = await context.newPage();
        await page.goto(suite.udn.url);
        await waitForCards(page);
        // Widgets below the fold mount when scrolled near, charts load lazily and animate in: wait
        // for the network to settle, then for the animations.
        await page.waitForLoadState('networkidle');
        await page.waitForTimeout(1500);
        // Nothing wider than the screen: no sideways scrolling on a phone.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        await page.screenshot({ path: path.join(OUT, `dashboard-${device}-${scheme}.png`) });
        await context.close();
      });
    }
  }
});

describe('screenshots of the goal pages (docs/screenshots)', () => {
  const shots = [
    { name: 'goals-desktop-light', path: '/goals', viewport: DESKTOP, scheme: 'light' },
    { name: 'goal-map-desktop-dark', path: '/goals/map', viewport: DESKTOP, scheme: 'dark' },
    { name: 'goals-phone-light', path: '/goals', viewport: PHONE, scheme: 'light' },
  ] as const;
  for (const shot of shots) {
    it(shot.name, async () => {
      const context = await newContext(suite.browser, { viewport: shot.viewport, colorScheme: shot.scheme });
      const page = await context.newPage();
      await page.goto(suite.udn.url + shot.path);
      if (shot.path === '/goals') {
        // The demo's first team goal, opened: its targets with what each still takes.
        const list = await getJson<GoalList>(suite.udn.url, '/api/v1/goals');
        const goal = list.goals.find((item) => item.name === 'Q4: grow the Jakarta team') ?? list.goals[0]!;
        await page.getByTestId(`goal-toggle-${goal.id}`).click();
        await page.getByTestId(`add-target-${goal.id}`).waitFor();
      } else {
        await page.getByTestId('goal-map').waitFor();
      }
      await page.waitForLoadState('networkidle');
      // No hover or focus ring left from the click in the picture.
      await page.mouse.move(0, 0);
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.waitForTimeout(800);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({ path: path.join(OUT, `${shot.name}.png`) });
      await context.close();
    });
  }
});
