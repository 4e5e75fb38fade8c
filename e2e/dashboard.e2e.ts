import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KPIS } from '../src/core/kpis/definitions.ts';
import { presetPeriod } from '../web/src/features/dashboard/period-presets.ts';
import { expectedText, getOrg, getReport, type KpiReport, type ReportScope } from './support/api.ts';
import { launchChromium, newContext } from './support/chromium.ts';
import { chooseOption, textOf, waitForCards } from './support/page.ts';
import { type RunningUdn, startUdn } from './support/server.ts';

let udn: RunningUdn;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let currency: string;
let today: string;
let fiscalStart: number;

beforeAll(async () => {
  udn = await startUdn();
  const launched = await launchChromium();
  browser = launched.browser;
  closeBrowser = launched.close;
  const org = await getOrg(udn.url);
  currency = org.currency;
  today = org.today;
  fiscalStart = org.fiscalYearStartMonth;
});

afterAll(async () => {
  await closeBrowser?.();
  await udn?.stop();
});

async function openPage(path = '/'): Promise<Page> {
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(udn.url + path);
  await waitForCards(page);
  return page;
}

/** Every KPI's headline card shows the API's value, formatted by core's formatValue. */
async function expectCardsToShow(page: Page, scope: ReportScope, locale: 'en' | 'id' = 'en') {
  for (const kpi of KPIS) {
    const expected = expectedText(scope[kpi.headline], kpi.headline, currency, locale);
    await page.waitForFunction(
      ([testId, text]) => document.querySelector(`[data-testid="${testId}"]`)?.textContent?.trim() === text,
      [`value-${kpi.headline}`, expected] as const,
      { timeout: 15_000 },
    );
    expect(await textOf(page, `value-${kpi.headline}`), kpi.headline).toBe(expected);
  }
}

describe('default dashboard', () => {
  it('shows the ten KPIs with the values the API returns', async () => {
    const page = await openPage();
    const period = presetPeriod('this_quarter', today, fiscalStart);
    // The current quarter is shown to date (KPI-SPEC §3).
    const report = await getReport(udn.url, `period=${period}&asof=${today}`);
    await expectCardsToShow(page, report.org);
    await page.context().close();
  });

  it('shows the current quarter to date, compared with the same days of the quarter before', async () => {
    const page = await openPage();
    const period = presetPeriod('this_quarter', today, fiscalStart);
    const report = await getReport(udn.url, `period=${period}&asof=${today}`);
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

  it('follows the period and scope pickers, and keeps them in the URL', async () => {
    const page = await openPage();
    const lastQuarter = presetPeriod('last_quarter', today, fiscalStart);
    await chooseOption(page, 'period-select', /^Last quarter · /);
    await page.waitForURL((url) => url.searchParams.get('period') === lastQuarter);
    const report: KpiReport = await getReport(udn.url, `period=${lastQuarter}`);
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
      udn.url,
      `from=${report.period.previous.from}&to=${report.period.previous.to}`,
    );
    await expectCardsToShow(page, custom.teams[team]!);
    await page.context().close();
  });

  it('opens the drill-down of a value, whose count equals the KPI', async () => {
    const page = await openPage();
    const period = presetPeriod('this_quarter', today, fiscalStart);
    // The current quarter is shown to date (KPI-SPEC §3).
    const report = await getReport(udn.url, `period=${period}&asof=${today}`);
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
    const report = await getReport(udn.url, `period=${period}&asof=${today}`);
    await expectCardsToShow(page, report.org, 'id');
    await page.context().close();
  });
});
