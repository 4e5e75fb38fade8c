import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { MeResponse } from '../src/core/contracts/access.ts';
import type { AlertEventItem, AlertRuleItem } from '../src/core/contracts/alerts.ts';
import type { NotificationItem } from '../src/core/contracts/notifications.ts';
import { KPIS, METRICS } from '../src/core/kpis/definitions.ts';
import { presetPeriod } from '../web/src/features/dashboard/period-presets.ts';
import { getJson, getOrg, getReport } from './support/api.ts';
import { DESKTOP, newContext, PHONE } from './support/chromium.ts';
import { chooseOption, waitForCards } from './support/page.ts';
import { ROOT } from './support/server.ts';
import { specSuite } from './support/suite.ts';

const suite = specSuite();

const OUT = path.join(ROOT, 'docs/screenshots');
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

function csv(name: string, text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'udn-alert-')), name);
  writeFileSync(file, text);
  return file;
}

/** axe-core's serious and critical violations on the page as it is now (as accessibility.e2e.ts). */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (context: Document, options: object) => Promise<unknown> } }
    ).axe;
    const result = (await axe.run(document, { resultTypes: ['violations'] })) as { violations: unknown[] };
    return result.violations;
  })) as { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((node) => `${v.id} (${v.impact}): ${node.target.join(' ')} — ${v.help}`));
}

const bellCount = async (page: Page): Promise<number> =>
  Number(await page.getByTestId('bell-count').getAttribute('data-count'));

// The browser test: an alert made in the app fires on an upload, and the bell and the task
// it made show it — without a reload.
describe('alerts in the browser', () => {
  it('creates a threshold alert, an upload crosses it, the bell counts it live and its task is on the Tasks page', async () => {
    const org = await getOrg(suite.udn.url);
    const month = presetPeriod('this_month', org.today, org.fiscalYearStartMonth);
    const before = await getReport(suite.udn.url, `period=${month}&asof=${org.today}`);
    const wonNow = before.org.deals_won ?? 0;
    const me = await getJson<MeResponse>(suite.udn.url, '/api/v1/me');
    const reps = await getJson<{ id: string }[]>(suite.udn.url, '/api/v1/reps');

    const context = await newContext(suite.browser);
    const page = await context.newPage();
    await page.goto(suite.udn.url);
    await waitForCards(page);
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    expect(await bellCount(page)).toBe(0);

    // A KPI card's menu opens the alert form on the card's metric and the dashboard's scope.
    // The first card of the default dashboard: sales against target, its headline metric.
    const widgetId = 'kpi-sales_vs_target';
    const headline = KPIS.find((kpi) => kpi.key === 'sales_vs_target')!.headline;
    await page.getByTestId(`more-${widgetId}`).click();
    await page.getByTestId(`create-alert-${widgetId}`).click();
    await page.getByTestId('alert-form').waitFor();
    expect(await page.getByTestId('alert-metric').inputValue()).toBe(METRICS[headline].label.en);
    expect(await page.getByTestId('alert-scope').inputValue()).toBe('Whole organisation');
    await chooseOption(page, 'alert-period', 'This month');
    await chooseOption(page, 'alert-metric', 'Deals won');
    await page.getByTestId('alert-value').fill(String(wonNow + 1));
    // The name follows the condition in words until one types one's own.
    await page.waitForFunction(
      (expected) =>
        (document.querySelector('[data-testid="alert-name"]') as HTMLInputElement | null)?.value === expected,
      `Deals won above ${wonNow + 1} this month`,
    );
    await page.getByTestId('alert-create-task').check();
    await chooseOption(page, 'alert-users', new RegExp(me.user.email));
    await page.keyboard.press('Escape');
    const created = page.waitForResponse(
      (response) => response.request().method() === 'POST' && response.url().endsWith('/api/v1/alerts'),
    );
    await page.getByTestId('alert-save').click();
    const createdResponse = await created;
    expect(createdResponse.status()).toBe(201);
    const rule = (await createdResponse.json()) as AlertRuleItem;
    expect(rule.condition).toEqual({
      kind: 'threshold',
      metric: 'deals_won',
      period: 'month',
      operator: 'above',
      value: wonNow + 1,
    });
    expect(rule).toMatchObject({
      scope: 'org',
      createTask: true,
      recipients: { users: [me.user.id], teams: [] },
    });
    await page.getByTestId('alert-form').waitFor({ state: 'detached' });
    await page.getByTestId('user-menu').click();
    await page.getByTestId('menu-alerts').click();
    const row = page.getByTestId('alert-rule-row');
    await row.waitFor();
    expect(await row.textContent()).toContain(`Deals won above ${wonNow + 1} this month`);
    expect(await page.getByTestId('alert-rule-crossed').textContent()).toBe('No');

    // Two won deals today: the month's count goes above the threshold.
    const data = await context.newPage();
    await data.goto(`${suite.udn.url}/data`);
    const rows = [0, 1].map(
      (i) => `E2E-ALERT-${i},${org.today},won,${org.today},1500000,${reps[i % reps.length]!.id}`,
    );
    await data
      .getByTestId('file-input')
      .setInputFiles(
        csv('deals.csv', `id,created_at,status,closed_at,amount,owner_rep_id\n${rows.join('\n')}\n`),
      );
    await data.getByTestId('upload-button').click();
    await data.getByTestId('import-success').waitFor();
    const after = await getReport(suite.udn.url, `period=${month}&asof=${org.today}`);
    expect(after.org.deals_won).toBe(wonNow + 2);
    await data.close();

    // The bell of the page left open counts it, without a reload.
    await page.waitForFunction(
      () => document.querySelector('[data-testid="bell-count"]')?.getAttribute('data-count') === '1',
      undefined,
      { timeout: 15_000 },
    );
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
      true,
    );
    expect(await page.getByTestId('bell').getAttribute('aria-label')).toBe('Notifications, 1 unread');
    // The rule says it is crossed now, and its log has what fired.
    await page.waitForFunction(
      () => document.querySelector('[data-testid="alert-rule-crossed"]')?.textContent === 'Yes',
    );
    const events = (await getJson<{ events: AlertEventItem[] }>(suite.udn.url, '/api/v1/alerts/events'))
      .events;
    expect(events).toHaveLength(1);
    const fired = events[0]!;
    expect(fired).toMatchObject({ ruleId: rule.id, subject: 'org', value: wonNow + 2 });
    expect(fired.taskId).not.toBeNull();
    await page.getByTestId('alert-log-row').waitFor();
    expect(await page.getByTestId('alert-log-row').textContent()).toContain(fired.title);

    // The bell's drawer shows the alert's text; opening it goes to its drill-down and reads it.
    await page.getByTestId('bell').click();
    const item = page.getByTestId('notification-item').first();
    await item.waitFor();
    const notifications = (
      await getJson<{ notifications: NotificationItem[] }>(suite.udn.url, '/api/v1/notifications')
    ).notifications;
    expect(notifications).toHaveLength(1);
    expect(notifications[0]).toMatchObject({ kind: 'alert', read: false, link: fired.link });
    expect(await item.textContent()).toContain(notifications[0]!.title);
    expect(await item.textContent()).toContain(notifications[0]!.body);
    await item.click();
    await page.waitForURL((url) => url.pathname === new URL(fired.link, url).pathname);
    await page.waitForFunction(
      () => document.querySelector('[data-testid="bell-count"]')?.getAttribute('data-count') === '0',
    );
    // The link's drill-down opens by itself: the deals won behind the figure, as many as it says.
    const total = page.getByTestId('drilldown-total');
    await total.waitFor();
    expect(Number(await total.getAttribute('data-total'))).toBe(fired.value);
    await page.keyboard.press('Escape');
    await total.waitFor({ state: 'detached' });
    expect(new URL(page.url()).searchParams.get('drill')).toBeNull();

    // The task it made is on the Tasks page, titled with the alert.
    await page.getByTestId('nav-tasks').click();
    const task = page.getByTestId(`task-${fired.taskId}`);
    await task.waitFor();
    expect(await task.textContent()).toContain(fired.title);
    await context.close();
  });

  it('the alerts page and the bell: desktop and phone, light and dark, no serious axe violation', async () => {
    for (const [device, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      for (const scheme of ['light', 'dark'] as const) {
        const context = await newContext(suite.browser, { viewport, colorScheme: scheme });
        const page = await context.newPage();
        await page.goto(`${suite.udn.url}/alerts`);
        await page.getByTestId('alert-rule-row').waitFor();
        await page.waitForLoadState('networkidle');
        await page.waitForTimeout(400);
        // Nothing wider than the screen: a phone's page grows to its widest part, so the screen is the measure.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
          viewport.width,
        );
        expect(await seriousViolations(page), `alerts page ${device} ${scheme}`).toEqual([]);
        mkdirSync(OUT, { recursive: true });
        await page.screenshot({ path: path.join(OUT, `alerts-${device}-${scheme}.png`), fullPage: true });
        await page.getByTestId('bell').click();
        await page.getByTestId('notification-item').first().waitFor();
        await page.waitForTimeout(400);
        expect(await seriousViolations(page), `bell ${device} ${scheme}`).toEqual([]);
        await page.screenshot({ path: path.join(OUT, `bell-${device}-${scheme}.png`) });
        // The dialog of a new rule, too.
        await page.keyboard.press('Escape');
        await page.getByTestId('alert-new').click();
        await page.getByTestId('alert-form').waitFor();
        await page.waitForTimeout(300);
        expect(await seriousViolations(page), `alert dialog ${device} ${scheme}`).toEqual([]);
        await context.close();
      }
    }
  });
});
