import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnnotationItem } from '../src/core/contracts/annotations.ts';
import { presetPeriod } from '../web/src/features/dashboard/period-presets.ts';
import { oneYearEarlier, rangeLabel } from '../web/src/widgets/comparison.ts';
import { expectedText, getJson, getOrg, getReport } from './support/api.ts';
import { DESKTOP, newContext, PHONE } from './support/chromium.ts';
import { chooseOption, waitForCards } from './support/page.ts';
import { ROOT } from './support/server.ts';
import { specSuite } from './support/suite.ts';

const suite = specSuite();
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const OUT = path.join(ROOT, 'docs/screenshots');

let currency: string;
let today: string;
let quarter: string;

beforeAll(async () => {
  const org = await getOrg(suite.udn.url);
  currency = org.currency;
  today = org.today;
  quarter = presetPeriod('this_quarter', org.today, org.fiscalYearStartMonth);
});

async function openDashboard(query = '', options: Parameters<typeof newContext>[1] = {}): Promise<Page> {
  const context = await newContext(suite.browser, options);
  const page = await context.newPage();
  await page.goto(`${suite.udn.url}/${query}`);
  await waitForCards(page);
  return page;
}

const compareText = (page: Page, metric: string) =>
  page.locator(`[data-metric="${metric}"] [data-testid="kpi-compare"]`).first();

describe('comparisons', () => {
  it('"same period last year" labels the card with that period and shows its value from the API', async () => {
    const page = await openDashboard();
    await chooseOption(page, 'compare-select', /same period last year/);
    await page.waitForURL(/compare=last-year/);

    // The dashboard's default period (this quarter, to date) as the API resolves it, a year earlier.
    const current = await getReport(suite.udn.url, `period=${quarter}&asof=${today}`);
    const range = { from: oneYearEarlier(current.period.from), to: oneYearEarlier(current.period.to) };
    const lastYear = await getReport(suite.udn.url, `from=${range.from}&to=${range.to}`);
    const label = rangeLabel(range, 'en');
    const value = lastYear.org.revenue_per_rep;
    const expected =
      value === null ? `No value for ${label}` : expectedText(value, 'revenue_per_rep', currency, 'en', true);
    const text = compareText(page, 'revenue_per_rep');
    await expect.poll(async () => (await text.textContent()) ?? '', { timeout: 15_000 }).toContain(label);
    expect(await text.textContent()).toContain(expected);
    // The page says which days the period is compared with.
    expect(await page.getByTestId('compare-range').textContent()).toContain(String(range.from.slice(0, 4)));

    // An old link without the parameter compares with the previous period; compare=0 with nothing.
    await page.goto(`${suite.udn.url}/?compare=0`);
    await waitForCards(page);
    expect(await page.locator('[data-testid="kpi-compare"]').count()).toBe(0);
    await page.context().close();
  });

  it('a chosen range is kept in the URL and compared with', async () => {
    const page = await openDashboard(`?compare=${encodeURIComponent('2025-11-01..2025-11-30')}`);
    const november = await getReport(suite.udn.url, 'from=2025-11-01&to=2025-11-30');
    const value = november.org.revenue_per_rep;
    const text = compareText(page, 'revenue_per_rep');
    await expect
      .poll(async () => (await text.textContent()) ?? '', { timeout: 15_000 })
      .toContain('Nov 2025');
    if (value !== null) {
      expect(await text.textContent()).toContain(
        expectedText(value, 'revenue_per_rep', currency, 'en', true),
      );
    }
    await page.context().close();
  });

  it('an annotation added on the dashboard shows on the revenue chart', async () => {
    const page = await openDashboard();
    const current = await getReport(suite.udn.url, `period=${quarter}&asof=${today}`);
    await page.getByTestId('annotations-open').click();
    await page.getByTestId('annotation-from').fill(current.period.from);
    await page.getByTestId('annotation-to').fill(current.period.from);
    await page.getByTestId('annotation-note').fill('Price increase');
    await page.getByTestId('annotation-save').click();
    await page.locator('[data-testid^="annotation-"]', { hasText: 'Price increase' }).first().waitFor();
    const saved = await getJson<AnnotationItem[]>(suite.udn.url, '/api/v1/annotations');
    expect(saved.map((a) => [a.from, a.to, a.note, a.team])).toEqual([
      [current.period.from, current.period.from, 'Price increase', null],
    ]);
    await page.keyboard.press('Escape');

    // Charts render when scrolled near (WhenVisible): bring the widget's frame into view first.
    await page.getByTestId('widget-revenue-trend').scrollIntoViewIfNeeded();
    const chart = page.getByTestId('time-chart-revenue-trend');
    await expect
      .poll(async () => (await chart.getAttribute('aria-label')) ?? '', { timeout: 15_000 })
      .toContain('Price increase');
    await page.context().close();
  });

  it('screenshots with comparison and annotation, desktop and phone × light and dark, with no serious axe violation', async () => {
    mkdirSync(OUT, { recursive: true });
    for (const [device, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const page = await openDashboard('?compare=last-year', { viewport, colorScheme });
        await page.getByTestId('widget-revenue-trend').scrollIntoViewIfNeeded();
        const chart = page.getByTestId('time-chart-revenue-trend');
        await expect
          .poll(async () => (await chart.getAttribute('aria-label')) ?? '', { timeout: 15_000 })
          .toContain('Price increase');
        await page.waitForLoadState('networkidle');
        // Let the charts' entry animation finish before the picture and axe's colour checks.
        await page.waitForTimeout(1500);
        await page.screenshot({ path: path.join(OUT, `comparison-${device}-${colorScheme}.png`) });
        await page.evaluate(AXE_SOURCE);
        const violations = (await page.evaluate(async () => {
          const axe = (
            window as unknown as { axe: { run: (context: Document, options: object) => Promise<unknown> } }
          ).axe;
          return ((await axe.run(document, { resultTypes: ['violations'] })) as { violations: unknown[] })
            .violations;
        })) as { id: string; impact: string | null; nodes: { target: string[] }[] }[];
        const serious = violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .flatMap((v) => v.nodes.map((node) => `${v.id}: ${node.target.join(' ')}`));
        expect(serious, `${device} ${colorScheme}`).toEqual([]);
        await page.context().close();
      }
    }
  });
});
