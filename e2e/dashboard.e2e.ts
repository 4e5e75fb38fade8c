import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { KPIS } from '../src/core/kpis/definitions.ts';
import { presetPeriod } from '../web/src/features/dashboard/period-presets.ts';
import { bucketLabel } from '../web/src/widgets/time-axis.ts';
import {
  expectedText,
  getDashboards,
  getJson,
  getOrg,
  getReport,
  type KpiReport,
  type ReportScope,
} from './support/api.ts';
import { newContext } from './support/chromium.ts';
import { chooseOption, textOf, waitForCards } from './support/page.ts';
import { specSuite } from './support/suite.ts';

const suite = specSuite();

let currency: string;
let today: string;
let fiscalStart: number;

beforeAll(async () => {
  const org = await getOrg(suite.udn.url);
  currency = org.currency;
  today = org.today;
  fiscalStart = org.fiscalYearStartMonth;
});

async function openPage(path = '/'): Promise<Page> {
  const context = await newContext(suite.browser);
  const page = await context.newPage();
  await page.goto(suite.udn.url + path);
  await waitForCards(page);
  return page;
}

/**
 * Every KPI's headline card shows the API's value, formatted by core's formatValue: compact, like
 * every other number on a card, with the exact value in the accessible name.
 */
async function expectCardsToShow(page: Page, scope: ReportScope, locale: 'en' | 'id' = 'en') {
  for (const kpi of KPIS) {
    const expected = expectedText(scope[kpi.headline], kpi.headline, currency, locale, true);
    const exact = expectedText(scope[kpi.headline], kpi.headline, currency, locale);
    await page.waitForFunction(
      ([testId, text]) => document.querySelector(`[data-testid="${testId}"]`)?.textContent?.trim() === text,
      [`value-${kpi.headline}`, expected] as const,
      { timeout: 15_000 },
    );
    const value = page.getByTestId(`value-${kpi.headline}`);
    expect(await textOf(page, `value-${kpi.headline}`), kpi.headline).toBe(expected);
    expect(await value.getAttribute('data-exact'), kpi.headline).toBe(exact);
    // The accessible name starts with the visible text and holds the exact value.
    const name = (await value.getAttribute('aria-label')) ?? '';
    expect(name.startsWith(expected), name).toBe(true);
    expect(name).toContain(exact);
  }
}

describe('default dashboard', () => {
  it('shows the ten KPIs with the values the API returns', async () => {
    const page = await openPage();
    const period = presetPeriod('this_quarter', today, fiscalStart);
    // The current quarter is shown to date (KPI-SPEC §3).
    const report = await getReport(suite.udn.url, `period=${period}&asof=${today}`);
    await expectCardsToShow(page, report.org);
    await page.context().close();
  });

  it('shows the current quarter to date, compared with the same days of the quarter before', async () => {
    const page = await openPage();
    const period = presetPeriod('this_quarter', today, fiscalStart);
    const report = await getReport(suite.udn.url, `period=${period}&asof=${today}`);
    expect(report.period.to).toBe(today);
    const day = (text: string, style: 'short' | 'medium') =>
      new Intl.DateTimeFormat('en-US', {
        timeZone: 'UTC',
        ...(style === 'short' ? { day: 'numeric', month: 'short' } : { dateStyle: 'medium' }),
      }).format(Date.parse(`${text}T00:00:00Z`));
    const picker = await page.getByTestId('period-select').inputValue();
    expect(picker).toBe(
      `This quarter · ${day(report.period.from, 'short')} – ${day(today, 'short')} · to date`,
    );
    const line = await textOf(page, 'period-range');
    expect(line).toContain(`${day(report.period.from, 'medium')} – ${day(today, 'medium')} · to date`);
    expect(line).toContain(
      `vs ${day(report.period.previous.from, 'medium')} – ${day(report.period.previous.to, 'medium')}`,
    );
    await page.context().close();
  });

  it('shows an empty KPI as — with the input it lacks, never as zero: CAC without recorded spend', async () => {
    // The demo dates its spend on the 1st of each month: the rest of last month has none.
    const [y, m] = today.split('-').map(Number) as [number, number];
    const last = new Date(Date.UTC(y, m - 1, 0));
    const from = `${last.getUTCFullYear()}-${String(last.getUTCMonth() + 1).padStart(2, '0')}-02`;
    const to = last.toISOString().slice(0, 10);
    const report = await getReport(suite.udn.url, `from=${from}&to=${to}`);
    expect(report.org.spend).toBeNull();
    expect(report.org.customer_acquisition_cost).toBeNull();
    const page = await openPage(`/?from=${from}&to=${to}`);
    const card = page.locator('[data-metric="customer_acquisition_cost"]');
    await expect.poll(() => card.getByTestId('value-customer_acquisition_cost').textContent()).toBe('—');
    expect(await card.getByTestId('kpi-null-reason').textContent()).toBe('No spend recorded in this period');
    expect(await card.getByTestId('kpi-change').count()).toBe(0);
    await page.context().close();
  });

  it('follows the period and scope pickers, and keeps them in the URL', async () => {
    const page = await openPage();
    const lastQuarter = presetPeriod('last_quarter', today, fiscalStart);
    await chooseOption(page, 'period-select', /^Last quarter · /);
    await page.waitForURL((url) => url.searchParams.get('period') === lastQuarter);
    const report: KpiReport = await getReport(suite.udn.url, `period=${lastQuarter}`);
    await expectCardsToShow(page, report.org);

    const team = Object.keys(report.teams).sort()[0]!;
    await chooseOption(page, 'scope-select', team);
    await page.waitForURL((url) => url.searchParams.get('scope') === `team:${team}`);
    await expectCardsToShow(page, report.teams[team]!);

    // The URL alone reproduces the view: a shared link opens on the same numbers.
    const shared = await openPage(new URL(page.url()).pathname + new URL(page.url()).search);
    await expectCardsToShow(shared, report.teams[team]!);
    await shared.context().close();

    await page.getByTestId('custom-range').click();
    await page.getByTestId('custom-from').fill(report.period.previous.from);
    await page.getByTestId('custom-to').fill(report.period.previous.to);
    await page.getByTestId('custom-apply').click();
    await page.waitForURL((url) => url.searchParams.get('from') === report.period.previous.from);
    const custom = await getReport(
      suite.udn.url,
      `from=${report.period.previous.from}&to=${report.period.previous.to}`,
    );
    await expectCardsToShow(page, custom.teams[team]!);
    await page.context().close();
  });

  it('opens the drill-down of a value, whose count equals the KPI', async () => {
    const page = await openPage();
    const period = presetPeriod('this_quarter', today, fiscalStart);
    // The current quarter is shown to date (KPI-SPEC §3).
    const report = await getReport(suite.udn.url, `period=${period}&asof=${today}`);
    const support = page.getByTestId('support-deals_won');
    expect(((await support.textContent()) ?? '').trim()).toContain(
      expectedText(report.org.deals_won, 'deals_won', currency),
    );
    await support.click();
    const total = page.getByTestId('drilldown-total');
    await total.waitFor();
    expect(Number(await total.getAttribute('data-total'))).toBe(report.org.deals_won);
    const rows = await page.getByTestId('drilldown-table').locator('tbody tr').count();
    expect(rows).toBe(Math.min(50, report.org.deals_won ?? 0));

    // Every KPI also explains itself: the definition and formula from the catalogue.
    await page.keyboard.press('Escape');
    await page.getByTestId('info-churn_rate').click();
    await expect
      .poll(() => page.getByTestId('metric-formula').textContent())
      .toBe('Churned customers ÷ customers at start');
    await page.context().close();
  });

  it('is reachable by keyboard: Tab to a value, Enter opens its records', async () => {
    const page = await openPage();
    let focused: string | null = null;
    for (let press = 0; press < 40 && focused !== 'value-attainment_revenue'; press++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
    }
    expect(focused).toBe('value-attainment_revenue');
    await page.keyboard.press('Enter');
    await page.getByTestId('drilldown-total').waitFor();
    await page.context().close();
  });

  it('switches to Bahasa Indonesia and remembers it', async () => {
    const page = await openPage();
    await page.getByTestId('language-menu').click();
    await page.getByTestId('language-id').click();
    await page.getByText('Dasbor', { exact: true }).first().waitFor();
    await page.reload();
    await waitForCards(page);
    expect(await page.locator('html').getAttribute('lang')).toBe('id');
    await page.getByText('Pendapatan per tenaga penjual', { exact: true }).first().waitFor();
    const period = presetPeriod('this_quarter', today, fiscalStart);
    // The current quarter is shown to date (KPI-SPEC §3).
    const report = await getReport(suite.udn.url, `period=${period}&asof=${today}`);
    await expectCardsToShow(page, report.org, 'id');
    await page.context().close();
  });
});

/** Opaque pixels on each edge of a chart's canvas: a donut cut by its frame leaves some there. */
async function canvasEdges(page: Page, widgetId: string) {
  // Widgets below the fold mount their chart when scrolled near.
  await page.getByTestId(`widget-${widgetId}`).scrollIntoViewIfNeeded();
  const testId = `donut-${widgetId}`;
  await page.getByTestId(testId).scrollIntoViewIfNeeded();
  await page.mouse.move(0, 0);
  // Drawn, then settled: the donut animates in, so read until two reads agree.
  let previous = '';
  for (let attempt = 0; attempt < 40; attempt++) {
    const edges = await page.evaluate((id) => {
      const canvas = document.querySelector<HTMLCanvasElement>(`[data-testid="${id}"] canvas`);
      const context = canvas?.getContext('2d');
      if (!canvas || !context || canvas.width === 0) return null;
      const { width, height } = canvas;
      const data = context.getImageData(0, 0, width, height).data;
      const opaque = (x: number, y: number) => (data[(y * width + x) * 4 + 3] ?? 0) > 0;
      let left = 0;
      let right = 0;
      let top = 0;
      let bottom = 0;
      let drawn = 0;
      for (let y = 0; y < height; y++) {
        if (opaque(0, y)) left++;
        if (opaque(width - 1, y)) right++;
      }
      for (let x = 0; x < width; x++) {
        if (opaque(x, 0)) top++;
        if (opaque(x, height - 1)) bottom++;
        if (opaque(x, Math.floor(height / 2))) drawn++;
      }
      return { left, right, top, bottom, drawn };
    }, testId);
    const text = JSON.stringify(edges);
    if (edges && edges.drawn > 40 && text === previous) return edges;
    previous = text;
    await page.waitForTimeout(250);
  }
  throw new Error(`${testId} never settled: ${previous}`);
}

describe('widgets fit their frames', () => {
  it('draws the donuts whole at 1440 px and after the window narrows', async () => {
    const page = await openPage();
    for (const id of ['leads-by-source', 'spend-by-category']) {
      expect(await canvasEdges(page, id), id).toMatchObject({ left: 0, right: 0, top: 0, bottom: 0 });
    }
    // A narrower window narrows the widgets: the donut is sized again from its new box.
    await page.setViewportSize({ width: 1024, height: 900 });
    for (const id of ['leads-by-source', 'spend-by-category']) {
      expect(await canvasEdges(page, id), `${id} at 1024`).toMatchObject({
        left: 0,
        right: 0,
        top: 0,
        bottom: 0,
      });
    }
    await page.context().close();
  });

  it('shows the team table whole at 1440 px: every default column, and the totals without scrolling', async () => {
    const page = await openPage();
    const period = presetPeriod('this_quarter', today, fiscalStart);
    const report = await getReport(suite.udn.url, `period=${period}`);
    await page.getByTestId('widget-team-table').scrollIntoViewIfNeeded();
    const table = page.getByTestId('team-table-team-table');
    await table.locator('tbody tr').first().waitFor();
    await page.getByTestId('widget-team-table').scrollIntoViewIfNeeded();
    const fit = await table.evaluate((scroller) => {
      const box = scroller.getBoundingClientRect();
      const inside = (selector: string) => {
        const element = scroller.querySelector(selector);
        if (!element) return false;
        const rect = element.getBoundingClientRect();
        return (
          rect.left >= box.left - 1 &&
          rect.right <= box.right + 1 &&
          rect.top >= box.top - 1 &&
          rect.bottom <= box.bottom + 1
        );
      };
      return {
        sideways: scroller.scrollWidth - scroller.clientWidth,
        overdue: inside('[data-testid="head-tasks_overdue"]'),
        orgRow: inside('[data-testid="cell-org-revenue"]'),
        teamRows: [...scroller.querySelectorAll('tfoot tr')].every((row) => {
          const rect = row.getBoundingClientRect();
          return rect.top >= box.top && rect.bottom <= box.bottom + 1;
        }),
        repsScroll: scroller.scrollHeight > scroller.clientHeight,
      };
    });
    expect(fit).toEqual({ sideways: 0, overdue: true, orgRow: true, teamRows: true, repsScroll: true });
    expect(await textOf(page, 'cell-org-revenue')).toBe(
      expectedText(report.org.revenue, 'revenue', currency, 'en', true),
    );

    // Revenue per rep, chosen in the column chooser and saved with the dashboard, is shown on team
    // and organisation rows only: on a rep's row it would repeat the rep's revenue.
    const save = page.waitForResponse(
      (response) => response.request().method() === 'PATCH' && response.url().includes('/api/v1/dashboards/'),
    );
    await page.getByTestId('columns-team-table').click();
    await page.getByTestId('column-revenue_per_rep').click();
    expect((await save).status()).toBe(200);
    const saved = (await getDashboards(suite.udn.url)).find((dashboard) => dashboard.isDefault)!;
    expect(saved.widgets.find((widget) => widget.id === 'team-table')?.config.metrics).toContain(
      'revenue_per_rep',
    );
    await page.keyboard.press('Escape');
    await expect
      .poll(() => textOf(page, 'cell-org-revenue_per_rep'))
      .toBe(expectedText(report.org.revenue_per_rep, 'revenue_per_rep', currency, 'en', true));
    const repCells = await table.locator('tbody [data-testid$="-revenue_per_rep"]').allTextContents();
    expect(repCells.length).toBeGreaterThan(5);
    expect(repCells.every((text) => text.trim() === '')).toBe(true);

    // Indonesian headers are longer: they wrap, none is cut.
    await page.getByTestId('language-menu').click();
    await page.getByTestId('language-id').click();
    await page.getByText('Kinerja tim').first().waitFor();
    const cut = await table.evaluate((scroller) =>
      [...scroller.querySelectorAll<HTMLElement>('[data-testid^="head-"]')]
        .filter(
          (label) => label.scrollHeight > label.clientHeight + 1 || label.scrollWidth > label.clientWidth + 1,
        )
        .map((label) => label.textContent),
    );
    expect(cut).toEqual([]);
    await page.context().close();
  });

  it('fits the drill-down of won deals at 1440 px and sorts it by amount on the server', async () => {
    const page = await openPage();
    const opened = page.waitForResponse((response) => response.url().includes('/api/v1/drilldown?'));
    await page.getByTestId('value-revenue_per_rep').click();
    const first = new URL((await opened).url());
    await page.getByTestId('drilldown-total').waitFor();
    const viewport = page.getByTestId('drilldown-scroll').locator('.mantine-ScrollArea-viewport');
    const fit = await viewport.evaluate((element) => {
      const box = element.getBoundingClientRect();
      const right = (key: string) =>
        element.querySelector(`[data-column="${key}"]`)?.getBoundingClientRect().right ??
        Number.POSITIVE_INFINITY;
      return {
        sideways: element.scrollWidth - element.clientWidth,
        visible: ['amount', 'units', 'cycle_days'].every((key) => right(key) <= box.right + 1),
      };
    });
    expect(fit).toEqual({ sideways: 0, visible: true });

    const sorted = page.waitForResponse((response) => response.url().includes('sort=-amount'));
    await page.getByTestId('drilldown-sort-amount').click();
    await sorted;
    first.searchParams.set('sort', '-amount');
    first.searchParams.set('pageSize', '1');
    const top = await getJson<{ rows: { amount: number }[] }>(
      suite.udn.url,
      `${first.pathname}${first.search}`,
    );
    await expect
      .poll(() =>
        page.getByTestId('drilldown-table').locator('thead [data-column="amount"]').getAttribute('aria-sort'),
      )
      .toBe('descending');
    const amountColumn = await page
      .getByTestId('drilldown-table')
      .locator('thead th')
      .evaluateAll((cells) => cells.findIndex((cell) => cell.getAttribute('data-column') === 'amount'));
    const firstAmount = page
      .getByTestId('drilldown-table')
      .locator('tbody tr')
      .first()
      .locator('td')
      .nth(amountColumn);
    await expect
      .poll(() => firstAmount.textContent())
      .toBe(expectedText(top.rows[0]!.amount, 'revenue', currency));
    await page.context().close();
  });

  it('says the KPI value opens its records, and marks the month still running on the revenue chart', async () => {
    const page = await openPage();
    const value = page.getByTestId('value-revenue_per_rep');
    await value.hover();
    const tooltip = page.getByRole('tooltip');
    await expect.poll(() => tooltip.textContent()).toContain('Show the records');
    expect(await tooltip.textContent()).toContain((await value.getAttribute('data-exact')) ?? '?');

    const chart = page.getByTestId('time-chart-revenue-trend');
    await chart.scrollIntoViewIfNeeded();
    await chart.locator('canvas').waitFor();
    await page.waitForTimeout(800);
    const box = (await chart.boundingBox())!;
    const [year, month] = today.split('-');
    const running = bucketLabel(`${year}-${month}-01`, 'month', 'en');
    await page.mouse.move(box.x + box.width - 20, box.y + box.height / 2);
    await expect.poll(() => chart.textContent()).toContain(`${running} · to date`);
    // Month ticks carry the year ("Dec 2026", not "Dec 26", which reads as a date).
    expect(running).toMatch(/^[A-Z][a-z]{2} \d{4}$/);
    await page.mouse.move(box.x + 90, box.y + box.height / 2);
    await expect.poll(() => chart.textContent()).not.toContain('to date');
    await page.context().close();
  });
});
